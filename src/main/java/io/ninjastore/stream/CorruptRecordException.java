package io.ninjastore.stream;

import java.nio.file.Path;

/**
 * A record of a file being read (TFRecord framing, a JSON line, an {@code .npz} member) that is not
 * valid. Names the file, the byte offset where the bad record starts and what was expected; nothing
 * past it is yielded.
 */
public class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long offset;

    public CorruptRecordException(Path file, long offset, String message) {
        this(file, offset, message, null);
    }

    public CorruptRecordException(Path file, long offset, String message, Throwable cause) {
        super(file + ": at byte offset " + offset + ": " + message, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file holding the bad record. */
    public Path file() { return file; }

    /** Byte offset of the bad record's first byte (in the decompressed stream for a gzip file). */
    public long offset() { return offset; }
}
