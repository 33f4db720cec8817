package io.ninjastore.array;

import java.io.IOException;

/**
 * A {@code .npy} file (or {@code .npz} member) whose header or size is not valid. The message is
 * {@code "<source>: <field>: <what is wrong>"}; the source and the field are also kept apart.
 */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String field;

    public NpyFormatException(String source, String field, String message) {
        super(source + ": " + field + ": " + message);
        this.source = source;
        this.field = field;
    }

    /** The file (or other source) at fault. */
    public String source() { return source; }

    /**
     * What was wrong: {@code magic}, {@code version}, {@code header length}, {@code header} (the dict
     * itself), one of its keys {@code descr}, {@code fortran_order}, {@code shape}, or {@code data}.
     */
    public String field() { return field; }
}
