package io.ninjastore.store;

import io.ninjastore.array.DType;

/**
 * Data was refused because converting it to the dtype it was to be stored as could lose information
 * and the casting asked for was {@link Casting#SAFE}. It names both dtypes so that a caller can word its
 * own remedy (the CLI names its flags); the message gives the API's. Immutable.
 */
public final class CastingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String subject;
    private final DType from;
    private final DType to;

    /**
     * @param subject what the data came from or was going to (a file, an entry, a store), as messages name it
     * @param message the whole message, starting with the subject
     */
    public CastingException(String subject, DType from, DType to, String message) {
        super(message);
        this.subject = subject;
        this.from = from;
        this.to = to;
    }

    /** What the data came from or was going to, as the message names it. */
    public String subject() { return subject; }

    /** The dtype of the refused data. */
    public DType from() { return from; }

    /** The dtype it was to be stored as. */
    public DType to() { return to; }
}
