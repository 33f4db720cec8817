package io.ninjastore.store;

/** Base of the unchecked exceptions the stores throw; I/O failures are {@link java.io.IOException}s. */
public class NinjaStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NinjaStoreException(String message) { super(message); }

    public NinjaStoreException(String message, Throwable cause) { super(message, cause); }
}
