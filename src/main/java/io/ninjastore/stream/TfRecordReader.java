package io.ninjastore.stream;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads TFRecord framing: {@code uint64 length, uint32 masked_crc32c(length), byte[length] data,
 * uint32 masked_crc32c(data)}, all little-endian, verifying both checksums. Optional gzip. The file
 * is opened at the first {@code hasNext}; a bad record throws {@link CorruptRecordException} naming
 * the file, the record's index (from 0) and its byte offset (in the decompressed stream for gzip). Not thread-safe.
 */
final class TfRecordReader extends Lookahead<byte[]> {
    private static final int HEADER = 12;
    private static final int MAX_RECORD = Integer.MAX_VALUE - 16;

    private final Path file;
    private final Compression compression;
    private final boolean verify;
    private InputStream in;
    private long offset;
    private long lastOffset;
    private long index; // of the record read next
    private long fileSize = -1; // known only for uncompressed files: bounds a record's length before allocating

    TfRecordReader(Path file, Compression compression, boolean verify) {
        this.file = file;
        this.compression = compression;
        this.verify = verify;
    }

    @Override
    protected byte[] compute() {
        try {
            if (in == null) open();
            return readRecord();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": at byte offset " + offset + ": " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            boolean gzip = switch (compression) {
                case GZIP -> true;
                case NONE -> false;
                case AUTO -> looksGzip(raw);
            };
            if (gzip) {
                in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } else {
                in = raw;
                fileSize = Files.size(file);
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Peeks at the start: gzip magic and not a valid raw record header. */
    private static boolean looksGzip(InputStream raw) throws IOException {
        raw.mark(HEADER);
        byte[] head = raw.readNBytes(HEADER);
        raw.reset();
        if (head.length < 2 || (head[0] & 0xFF) != 0x1F || (head[1] & 0xFF) != 0x8B) return false;
        if (head.length < HEADER) return true;
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        return b.getInt(8) != TfRecords.maskedCrc(head, 0, 8);
    }

    private byte[] readRecord() throws IOException {
        try {
            return readFramed();
        } catch (EOFException | ZipException e) {
            if (fileSize >= 0) throw e; // only the gzip stream throws these: a plain file's end is a short read
            throw corrupt(offset, "the gzip stream is cut short or corrupt: " + e.getMessage(), e);
        }
    }

    private byte[] readFramed() throws IOException {
        long start = offset;
        byte[] header = in.readNBytes(HEADER);
        if (header.length == 0) return end();
        if (header.length < HEADER) {
            throw corrupt(start, "truncated record header: " + header.length + " of " + HEADER + " bytes");
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = h.getLong(0);
        int lengthCrc = h.getInt(8);
        if (verify && lengthCrc != TfRecords.maskedCrc(header, 0, 8)) {
            throw corrupt(start, String.format("length checksum mismatch: stored 0x%08x, computed 0x%08x over length %s",
                    lengthCrc, TfRecords.maskedCrc(header, 0, 8), Long.toUnsignedString(length)));
        }
        if (length < 0 || length > MAX_RECORD) {
            throw corrupt(start, "record length " + Long.toUnsignedString(length) + " exceeds the supported " + MAX_RECORD + " bytes");
        }
        if (fileSize >= 0 && start + HEADER + length + 4 > fileSize) {
            throw corrupt(start, "truncated record: length " + length + " needs " + (HEADER + length + 4) + " bytes but only "
                    + (fileSize - start) + " remain");
        }
        byte[] data = in.readNBytes((int) length);
        byte[] trailer = in.readNBytes(4);
        if (data.length < length || trailer.length < 4) {
            throw corrupt(start, "truncated record: length " + length + " but the file ends "
                    + (data.length + trailer.length) + " bytes into the data and its checksum");
        }
        int dataCrc = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (verify && dataCrc != TfRecords.maskedCrc(data, 0, data.length)) {
            throw corrupt(start, String.format("data checksum mismatch: stored 0x%08x, computed 0x%08x over %d bytes",
                    dataCrc, TfRecords.maskedCrc(data, 0, data.length), data.length));
        }
        offset = start + HEADER + length + 4;
        lastOffset = start;
        index++;
        return data;
    }

    /** Byte offset of the record {@link #next()} returned last. */
    long lastOffset() { return lastOffset; }

    private CorruptRecordException corrupt(long at, String what) {
        return corrupt(at, what, null);
    }

    private CorruptRecordException corrupt(long at, String what, Throwable cause) {
        return new CorruptRecordException(file, at, "record " + index + ": " + what, cause);
    }

    @Override
    protected void release() { Closing.closeResource(in, file); }
}
