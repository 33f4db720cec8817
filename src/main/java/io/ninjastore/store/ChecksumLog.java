package io.ninjastore.store;

import io.ninjastore.io.FileIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The checksum sidecar {@code data.ninja.crc32c} beside a {@code data.ninja} (spec F-30..F-33):
 * fixed 24-byte records {@code offset u64, length u64, crc32c u32, record-crc u32}, one per
 * committed batch, each covering the bytes appended by that batch. Python ignores the file.
 *
 * <p>Not thread-safe: owned by one writer; {@link #read} may be called from anywhere.
 */
final class ChecksumLog {
    static final String SUFFIX = ".crc32c";
    static final int RECORD = 24;

    /** One record: bytes {@code [offset, offset + length)} of the data file have CRC32C {@code crc}. */
    record Entry(long offset, long length, int crc) {
        long end() { return offset + length; }
    }

    private final Path path;
    private final FileIo.WritableFile file;
    private long records;

    private ChecksumLog(Path path, FileIo.WritableFile file, long records) {
        this.path = path;
        this.file = file;
        this.records = records;
    }

    static Path pathFor(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + SUFFIX);
    }

    /**
     * Opens the log for appending, keeping only the valid records that lie within
     * {@code committedBytes} (what a crash left beyond is dropped: spec C-12).
     */
    static ChecksumLog openForWrite(Path dataFile, FileIo io, long committedBytes) throws IOException {
        Path p = pathFor(dataFile);
        long valid = scan(p, committedBytes, (i, e) -> { }).valid();
        FileIo.WritableFile f = io.open(p, true);
        long keep = valid * RECORD;
        if (f.size() != keep) f.truncate(keep);
        return new ChecksumLog(p, f, valid);
    }

    /** Appends a record for {@code [offset, offset+length)}. */
    void append(long offset, long length, int crc) throws IOException {
        if (length == 0) return;
        ByteBuffer b = encode(offset, length, crc);
        file.write(b, records * RECORD);
        records++;
    }

    /** Rewrites the record at {@code index} (after an in-place overwrite changed its bytes). */
    void rewrite(long index, Entry e) throws IOException {
        file.write(encode(e.offset(), e.length(), e.crc()), index * RECORD);
    }

    void force() throws IOException { file.force(); }

    void close() throws IOException { file.close(); }

    Path path() { return path; }

    private static ByteBuffer encode(long offset, long length, int crc) {
        ByteBuffer b = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(offset).putLong(length).putInt(crc);
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, 20);
        b.putInt((int) c.getValue());
        return b.flip();
    }

    /** Told of each valid record, in order, by {@link #scan}. */
    interface Visitor {
        void visit(long index, Entry e) throws IOException;
    }

    /**
     * What a scan of the log found: {@code valid} records (the log's usable prefix), and why the scan
     * stopped ({@code problem}, null when every record was valid) at which record ({@code stoppedAt}),
     * out of {@code recordsInFile} whole records.
     */
    record Contents(long valid, String problem, long stoppedAt, long recordsInFile) {
        /** Whether reading stopped at the last record, where an interrupted write leaves its tail. */
        boolean stoppedAtTail() { return stoppedAt >= recordsInFile - 1; }
    }

    /**
     * Reads the records that are intact, in increasing offset order without overlap, and within
     * {@code limit} bytes of data, handing each to {@code visitor} (in constant memory: a log can hold
     * millions). Stops at the first record that is torn, goes backwards, or reaches past the limit. A
     * range between records, or after the last, is unchecksummed (spec F-31, F-32): another tool
     * appended it, or the log was started on a store that had data.
     */
    static Contents scan(Path log, long limit, Visitor visitor) throws IOException {
        if (!Files.exists(log)) return new Contents(0, null, 0, 0);
        try (FileChannel ch = NinjaFiles.openToRead(log)) {
            long size = ch.size();
            long n = size / RECORD;
            ByteBuffer block = ByteBuffer.allocate(RECORD * 4096).order(ByteOrder.LITTLE_ENDIAN);
            long blockFirst = 0;
            int inBlock = 0;
            long expectOffset = 0;
            CRC32C c = new CRC32C();
            for (long i = 0; i < n; i++) {
                if (i >= blockFirst + inBlock) {
                    block.clear();
                    while (block.hasRemaining() && ch.read(block, i * RECORD + block.position()) > 0) { /* fill */ }
                    blockFirst = i;
                    inBlock = block.position() / RECORD;
                    if (inBlock == 0) return new Contents(i, "record " + i + " is cut short (the file shrank while read)", i, n);
                }
                int at = (int) (i - blockFirst) * RECORD;
                long off = block.getLong(at), len = block.getLong(at + 8);
                int crc = block.getInt(at + 16), rec = block.getInt(at + 20);
                c.reset();
                c.update(block.array(), at, 20);
                if ((int) c.getValue() != rec) return new Contents(i, "record " + i + " is torn (record checksum mismatch)", i, n);
                if (off < expectOffset || len <= 0) {
                    return new Contents(i, "record " + i + " [" + off + ", +" + len + ") overlaps the records before it, which end at "
                            + expectOffset, i, n);
                }
                if (len > limit - off) { // a subtraction, so that a huge len cannot overflow past the check
                    return new Contents(i, "record " + i + " [" + off + ", +" + len + ") reaches past the committed " + limit + " bytes", i, n);
                }
                visitor.visit(i, new Entry(off, len, crc));
                expectOffset = off + len;
            }
            return new Contents(n, size % RECORD != 0 ? "trailing partial record" : null, n, n);
        }
    }

    /**
     * CRC32C of bytes {@code [offset, offset + length)} of a file, read with positional reads: never
     * through a mapping, where a file truncated meanwhile would crash the JVM (the CRC intrinsic
     * has no SIGBUS handling).
     *
     * @throws CorruptStoreException when the file ends before the range does
     */
    static int crc32c(FileChannel ch, Path file, long offset, long length) throws IOException {
        CRC32C c = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
        long pos = offset, end = offset + length;
        while (pos < end) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), end - pos));
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new CorruptStoreException(file, "length", "ends at byte " + pos + " inside the checksummed range ["
                        + offset + ", " + end + ")");
            }
            buf.flip();
            c.update(buf);
            pos += r;
        }
        return (int) c.getValue();
    }
}
