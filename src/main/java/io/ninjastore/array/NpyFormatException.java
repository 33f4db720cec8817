package io.ninjastore.array;

import java.io.IOException;

/** A {@code .npy} file (or {@code .npz} member) whose header or size is not valid; names the file and field. */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String source, String field, String message) {
        super(source + ": " + field + ": " + message);
    }
}
