package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.io.FileIo;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Appends bytes at a logical position of a file through a direct staging buffer, computing the
 * CRC32C of everything appended since the last {@link #resetChecksum()}. Writes are positional, so
 * whatever a crash left past the logical end is overwritten, never kept (spec C-1).
 * Not thread-safe: owned by one writer.
 */
final class Appender {
    private static final int STAGING = 1 << 20;
    private final FileIo.WritableFile file;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(STAGING).order(ByteOrder.LITTLE_ENDIAN);
    private final MemorySegment bufSeg = MemorySegment.ofBuffer(buf);
    private final CRC32C crc = new CRC32C();
    private long flushedTo;

    Appender(FileIo.WritableFile file, long position) {
        this.file = file;
        this.flushedTo = position;
    }

    /** The logical end: where the next byte goes. */
    long position() { return flushedTo + buf.position(); }

    /** Moves the logical end (after a rollback); drops anything staged. */
    void reset(long position) {
        buf.clear();
        flushedTo = position;
        crc.reset();
    }

    void putLong(long v) throws IOException {
        if (buf.remaining() < 8) flush();
        buf.putLong(v);
    }

    void putBytes(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining()) flush();
            int n = Math.min(len, buf.remaining());
            buf.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Appends the elements of {@code a} in C order, little-endian; a bool as 0 or 1 ({@link #normalizeBools}). */
    void putArray(NdArray a) throws IOException {
        long bytes = a.byteSize();
        if (bytes == 0) return;
        boolean bools = a.dtype() == DType.BOOL;
        if (bytes <= buf.remaining()) {
            a.copyTo(bufSeg, buf.position(), ByteOrder.LITTLE_ENDIAN);
            if (bools) normalizeBools(bufSeg, buf.position(), bytes);
            buf.position(buf.position() + (int) bytes);
            return;
        }
        NdArray c = a.isContiguous() && a.byteOrder() == ByteOrder.LITTLE_ENDIAN ? a : a.copy();
        MemorySegment src = c.asSegment();
        long off = 0;
        while (off < bytes) {
            if (!buf.hasRemaining()) flush();
            int n = (int) Math.min(bytes - off, buf.remaining());
            MemorySegment.copy(src, off, bufSeg, buf.position(), n);
            if (bools) normalizeBools(bufSeg, buf.position(), n);
            buf.position(buf.position() + n);
            off += n;
        }
    }

    /**
     * Rewrites every non-zero byte of a bool range as 1. numpy reads any non-zero byte as True, so a
     * {@code .npy} or a view may hold 7 where it means True; a store holds only 0 and 1 (spec F-3), the
     * bytes numpy itself writes for True and False.
     */
    static void normalizeBools(MemorySegment s, long from, long n) {
        for (long i = from, end = from + n; i < end; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) != 0) s.set(ValueLayout.JAVA_BYTE, i, (byte) 1);
        }
    }

    /** Appends raw bytes from a segment. */
    void putSegment(MemorySegment src) throws IOException {
        long bytes = src.byteSize();
        long off = 0;
        while (off < bytes) {
            if (!buf.hasRemaining()) flush();
            int n = (int) Math.min(bytes - off, buf.remaining());
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off, bufSeg, ValueLayout.JAVA_BYTE, buf.position(), n);
            buf.position(buf.position() + n);
            off += n;
        }
    }

    /** Writes what is staged. */
    void flush() throws IOException {
        if (buf.position() == 0) return;
        buf.flip();
        crc.update(buf.duplicate());
        int n = buf.remaining();
        file.write(buf, flushedTo);
        flushedTo += n;
        buf.clear();
    }

    /** CRC32C of the bytes flushed since the last reset (flush first). */
    int checksum() { return (int) crc.getValue(); }

    void resetChecksum() { crc.reset(); }
}
