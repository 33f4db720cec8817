package io.ninjastore.stream;

/** The compression of a TFRecord file. */
public enum Compression {
    /**
     * Reading: GZIP when the file starts with the gzip magic bytes and its first 12 bytes are not a
     * valid record header (a raw file's length CRC rules out a false match). Writing: GZIP when the
     * file name ends in {@code .gz}, else NONE.
     */
    AUTO,
    NONE,
    GZIP
}
