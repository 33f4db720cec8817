package io.ninjastore.store;

import java.nio.file.Path;

/**
 * A store whose files contradict each other or the format: a size that does not match a file's
 * length, a non-monotonic offset, an unknown dtype, a missing file. Names the file and the field.
 * Unchecked so that {@link java.util.List#get} on a store can report it.
 */
public final class CorruptStoreException extends NinjaStoreException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String field;
    private final String reason;

    public CorruptStoreException(Path file, String field, String message) {
        super(file + ": " + field + ": " + message);
        this.file = file;
        this.field = field;
        this.reason = message;
    }

    public CorruptStoreException(Path file, String field, String message, Throwable cause) {
        super(file + ": " + field + ": " + message, cause);
        this.file = file;
        this.field = field;
        this.reason = message;
    }

    /** The file (or directory) at fault. */
    public Path file() { return file; }

    /** The field of that file at fault, e.g. {@code shape} or {@code starts[12]}. */
    public String field() { return field; }

    /** What is wrong with that field: the message without the file and field it starts with. */
    public String reason() { return reason; }
}
