package io.ninjastore.stream;

/**
 * A failure that happened on a background thread ({@link Dataset#prefetch}, {@link Dataset#mapParallel})
 * and is rethrown on the consumer's thread; {@link #getCause()} is the original exception, unchanged,
 * however many background stages it crossed. Exceptions thrown on the consumer's own thread (by
 * {@link Dataset#map} and friends) propagate as they are, without this wrapper.
 */
public class StreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Made by this package around another exception: later stages pass it on instead of wrapping it again. */
    private final boolean wrapper;

    public StreamException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StreamException(String message, Throwable cause, boolean wrapper) {
        super(message + ": " + cause, cause);
        this.wrapper = wrapper;
    }

    /**
     * {@code cause} wrapped for the consumer's thread, or, when it is already this package's wrapper
     * (a prefetch feeding a mapParallel feeding a prefetch: each hands the failure on), that wrapper
     * itself, so that {@link #getCause()} stays the original. A StreamException a user function
     * throws is the user's exception and is wrapped like any other.
     */
    static StreamException wrap(String message, Throwable cause) {
        if (cause instanceof StreamException s && s.wrapper) return s;
        return new StreamException(message, cause, true);
    }
}
