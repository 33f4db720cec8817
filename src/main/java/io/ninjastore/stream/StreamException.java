package io.ninjastore.stream;

/**
 * A failure that happened on a background thread ({@link Dataset#prefetch}, {@link Dataset#mapParallel})
 * and is rethrown on the consumer's thread; {@link #getCause()} is the original exception, unchanged.
 * Exceptions thrown on the consumer's own thread (by {@link Dataset#map} and friends) propagate as they
 * are, without this wrapper.
 */
public class StreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StreamException(String message, Throwable cause) {
        super(message + ": " + cause, cause);
    }
}
