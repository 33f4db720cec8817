package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Shapes;
import io.ninjastore.io.FileIo;
import io.ninjastore.io.NativeFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One numpy-layout directory ({@code data.ninja}, {@code dtype.ninja}, {@code shape.ninja},
 * {@code order.ninja}, {@code type.ninja}): the building block of every store. A dense store is one;
 * a ragged store is one (its flat data) plus 1-d int64 ones for its offsets.
 *
 * <p>Opened for reading it maps the committed bytes read-only into the owner's arena and never
 * writes. Opened for writing it also appends at the logical end through an {@link Appender}, and
 * {@link #commit} makes appended rows visible by replacing {@code shape.ninja} atomically, or, in a
 * directory that only follows its store's commit point ({@link #followsCommitPoint}), by overwriting
 * it in place (spec C-9).
 *
 * <p>Thread-safety: reads ({@link #segment}, {@link #longAt}, {@link #rows}) may come from any
 * thread; writes are serialized by the owning store. Lifetime: mappings live until the owner closes
 * the arena; {@link #close} only closes files.
 *
 * <p>Mapping (spec C-64): where {@link NativeFile} is available the data file is mapped past its end
 * (see {@link #mappingSize}), so a store that grows is mapped again only when it outgrows the mapping,
 * a number of times logarithmic in its growth. Every mapping stays until the arena closes, because
 * views handed out earlier may point into it (C-41); mapping again at every growth, as a channel must
 * (it cannot map past the end of a file it may not write), would run into the kernel's limit on
 * mappings ({@code vm.max_map_count}, 65530 by default) after some thousands of appends read back.
 */
final class DenseDir implements AutoCloseable {
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final MemorySegment EMPTY = MemorySegment.ofArray(new byte[0]);
    /** The least and the most a mapping reaches past what it must cover (spec C-64). */
    static final long MIN_HEADROOM = 1L << 20, MAX_HEADROOM = 1L << 30;

    final Path dir;
    final DType dtype;
    final boolean fortran;
    /** Axes after the first; the whole shape for a 0-d array is {@code []} and {@link #zeroD} is set. */
    final long[] trailing;
    final boolean zeroD;
    final long rowBytes;
    /** A bare data file whose committed length its owner tracks (a strings store's data.ninja): no metadata files. */
    final boolean raw;

    private final Arena arena;
    private final FileChannel channel;
    private final FileIo io;
    /** SYNC for a writer asked for durability: the repair and rollback cuts are synced too. */
    private final boolean sync;
    private final FileIo.WritableFile writable;
    private final Appender appender;
    private ChecksumLog checksums;
    /** {@code shape.ninja}, replaced at every commit (writers only; opened at the first). */
    private FileIo.SmallFile shapeFile;
    /**
     * Whether {@code shape.ninja} is overwritten in place rather than replaced atomically: set for the
     * directories of a ragged or strings store that are not its commit point (spec C-9), whose readers
     * take the row count from the commit point (F-29).
     */
    private boolean inPlaceShape;

    private volatile long rows;
    private volatile MemorySegment mapped = EMPTY;
    /** What {@link #touch} last loaded, summed; never read. A plain field: racing writes of it are harmless. */
    @SuppressWarnings("unused")
    private long touched;
    /** The data file opened for mapping past its end; null where that is not available (the channel maps, exactly). */
    private NativeFile mappable;

    private DenseDir(Path dir, DType dtype, boolean fortran, long[] shape, Arena arena, FileChannel channel,
                     WriteOptions o, FileIo.WritableFile writable, ChecksumLog checksums) {
        this(dir, dtype, fortran, shape, arena, channel, o, writable, checksums, false);
    }

    private DenseDir(Path dir, DType dtype, boolean fortran, long[] shape, Arena arena, FileChannel channel,
                     WriteOptions o, FileIo.WritableFile writable, ChecksumLog checksums, boolean raw) {
        this.raw = raw;
        this.dir = dir;
        this.dtype = dtype;
        this.fortran = fortran;
        this.zeroD = shape.length == 0;
        this.trailing = zeroD ? new long[0] : Arrays.copyOfRange(shape, 1, shape.length);
        this.rows = zeroD ? 1 : shape[0];
        this.rowBytes = Math.multiplyExact(Shapes.size(trailing), dtype.itemSize());
        this.arena = arena;
        this.channel = channel;
        this.io = o == null ? null : o.fileIo();
        this.sync = o != null && o.durability() == Durability.SYNC;
        this.writable = writable;
        this.checksums = checksums;
        this.appender = writable == null ? null : new Appender(writable, committedBytes());
    }

    // ------------------------------------------------------------------ opening

    /** Reads and validates the small files; the data file must hold at least the committed bytes (spec F-6). */
    static DenseDir openRead(Path dir, String expectedType, Arena arena) throws IOException {
        return openForReading(dir, expectedType, arena, d -> d.checkDataLength(d.channel.size()));
    }

    /**
     * Opens a directory that is not its store's commit point for reading (spec F-29): its small files
     * are validated as {@link #openRead} does, but the row count is the {@code need} the commit point
     * gives, whatever {@code shape.ninja} says (it may lag, C-9); the data file must hold those rows.
     * {@code checkAxes} judges the dtype and axes first, so that a wrong shape is reported as such
     * rather than as a data file of the wrong length (and may judge {@code need} against the file).
     */
    static DenseDir openFollower(Path dir, String expectedType, Arena arena, long need, OpenCheck checkAxes) throws IOException {
        return openForReading(dir, expectedType, arena, d -> {
            checkAxes.check(d);
            if (!d.zeroD) d.rows = d.followedRows(d.rows, need);
        });
    }

    interface OpenCheck {
        void check(DenseDir d) throws IOException;
    }

    /** A reader's directory, passed through {@code check} before it is returned; its files are closed if that fails. */
    private static DenseDir openForReading(Path dir, String expectedType, Arena arena, OpenCheck check) throws IOException {
        Meta m = readMeta(dir, expectedType);
        return openReadOnly(dir.resolve(NinjaFiles.DATA), ch -> {
            DenseDir d = new DenseDir(dir, m.dtype, m.fortran, m.shape, arena, ch, null, null, null);
            check.check(d);
            return d;
        });
    }

    private interface ReaderFactory {
        DenseDir make(FileChannel channel) throws IOException;
    }

    /**
     * Opens a reader's data file and makes its directory with {@code factory}, closing the file if that
     * fails. With native calls, the channel is opened through the mapping descriptor's {@code /proc}
     * name, so that both are the same file even if a new store takes the name in between
     * ({@link Stores#publish}): what a reader maps later is what it validated now.
     */
    private static DenseDir openReadOnly(Path data, ReaderFactory factory) throws IOException {
        NinjaFiles.requireRegularFile(data);
        NativeFile mappable = null;
        FileChannel ch = null;
        try {
            if (NativeFile.available()) {
                mappable = NativeFile.openForMapping(data);
                try {
                    ch = FileChannel.open(mappable.sameFile(), StandardOpenOption.READ);
                } catch (IOException noProc) { // no /proc: map through the channel instead
                    closeQuietly(mappable, noProc);
                    mappable = null;
                }
            }
            if (ch == null) ch = FileChannel.open(data, StandardOpenOption.READ);
            DenseDir d = factory.make(ch);
            d.mappable = mappable;
            return d;
        } catch (NoSuchFileException e) {
            CorruptStoreException missing = new CorruptStoreException(data, "file", "missing", e);
            closeAll(missing, ch, mappable);
            throw missing;
        } catch (Throwable e) {
            closeAll(e, ch, mappable);
            throw e;
        }
    }

    /** Writers: the data file, open under the writer lock, for mapping past its end. */
    private DenseDir mappedNatively() throws IOException {
        if (!NativeFile.available()) return this;
        try {
            mappable = NativeFile.openForMapping(dataFile());
        } catch (IOException | RuntimeException e) {
            if (checksums != null) closeQuietly(checksums::close, e); // the caller closes the data file
            throw e;
        }
        return this;
    }

    private static void closeAll(Throwable failure, AutoCloseable... files) {
        for (AutoCloseable f : files) {
            if (f != null) closeQuietly(f, failure);
        }
    }

    /**
     * The rows a follower directory (F-29) holds: {@code need}, which the data file must hold; or
     * what its {@code shape.ninja} says when that is more and the file holds it too (samples may lie
     * anywhere in the data, F-17, so a reader keeps every row the file and the shape agree on).
     */
    private long followedRows(long recorded, long need) throws IOException {
        long len = channel.size();
        long needBytes;
        try {
            needBytes = Math.multiplyExact(need, rowBytes);
        } catch (ArithmeticException e) {
            throw new CorruptStoreException(dataFile(), "length", need + " rows of " + rowBytes + " bytes overflow a 64-bit byte count");
        }
        if (len < needBytes) {
            throw new CorruptStoreException(dataFile(), "length", "file has " + len + " bytes but the " + need
                    + " rows the commit point names need " + needBytes + " (" + rowBytes + " bytes each)");
        }
        if (recorded <= need) return need;
        return rowBytes == 0 || recorded <= len / rowBytes ? recorded : need;
    }

    /**
     * Opens for appending. When {@code keepRows >= 0} the committed length is cut back to that many
     * rows first (repair after a crash, spec C-10); bytes past the committed length are truncated.
     */
    static DenseDir openWrite(Path dir, String expectedType, Arena arena, WriteOptions o, long keepRows)
            throws IOException {
        Meta m = readMeta(dir, expectedType);
        Path data = dir.resolve(NinjaFiles.DATA);
        if (!NinjaFiles.exists(data)) throw new CorruptStoreException(data, "file", "missing");
        FileIo io = o.fileIo();
        NinjaFiles.deleteTemporaries(dir, io);
        FileIo.WritableFile w = io.open(data, false);
        try {
            long[] shape = m.shape;
            if (keepRows >= 0 && shape.length > 0 && shape[0] != keepRows) {
                shape = shape.clone();
                shape[0] = keepRows;
                // Validated before anything changes. A shape.ninja that lags the commit point (an
                // in-place write lost at a power loss, C-9) is raised to it when the file holds the
                // rows; a longer one is cut (an interrupted append).
                new DenseDir(dir, m.dtype, m.fortran, shape, arena, w.channel(), null, null, null).checkDataLength(w.size());
                // Durable before the truncation below when SYNC: a power loss must not keep the
                // shorter file with the longer shape (spec C-7, C-10).
                io.replaceAtomically(dir.resolve(NinjaFiles.SHAPE), NinjaFiles.shapeBytes(shape), o.durability() == Durability.SYNC);
            }
            DenseDir probe = new DenseDir(dir, m.dtype, m.fortran, shape, arena, w.channel(), null, null, null);
            long committed = probe.committedBytes();
            probe.checkDataLength(w.size());
            cutTo(w, committed);
            ChecksumLog log = o.checksums() ? ChecksumLog.openForWrite(data, io, committed) : null;
            return new DenseDir(dir, m.dtype, m.fortran, shape, arena, w.channel(), o, w, log).mappedNatively();
        } catch (Throwable e) {
            closeQuietly(w, e);
            throw e;
        }
    }

    /**
     * Creates the directory's files for an empty store: shape {@code (0, trailing...)}. Nothing is
     * synced here: a new store becomes durable when it is published ({@link Builds}).
     */
    static DenseDir create(Path dir, DType dtype, long[] trailing, boolean fortran, String type, Arena arena, WriteOptions o)
            throws IOException {
        FileIo io = o.fileIo();
        io.createDirectories(dir);
        Path data = dir.resolve(NinjaFiles.DATA);
        FileIo.WritableFile w = io.open(data, true);
        try {
            cutTo(w, 0);
            long[] shape = new long[trailing.length + 1];
            System.arraycopy(trailing, 0, shape, 1, trailing.length);
            io.replaceAtomically(dir.resolve(NinjaFiles.TYPE), NinjaFiles.ascii(type), false);
            io.replaceAtomically(dir.resolve(NinjaFiles.DTYPE), NinjaFiles.ascii(dtype.numpyName()), false);
            io.replaceAtomically(dir.resolve(NinjaFiles.ORDER), NinjaFiles.ascii(fortran ? "F" : "C"), false);
            io.replaceAtomically(dir.resolve(NinjaFiles.SHAPE), NinjaFiles.shapeBytes(shape), false);
            ChecksumLog log = o.checksums() ? ChecksumLog.openForWrite(data, io, 0) : null;
            return new DenseDir(dir, dtype, fortran, shape, arena, w.channel(), o, w, log).mappedNatively();
        } catch (Throwable e) {
            closeQuietly(w, e);
            throw e;
        }
    }

    /**
     * Cuts a writer's data file to its {@code committed} bytes (C-1), except that a file with none keeps
     * {@link NinjaFiles#NO_DATA_LENGTH} zero bytes (spec F-6): mmap_ninja opens data with mode 'r', and
     * numpy cannot map an empty file so; numpy's own memmap writes that byte for an empty array. Readers
     * ignore it, as any byte past the committed ones.
     */
    private static void cutTo(FileIo.WritableFile w, long committed) throws IOException {
        if (committed > 0) {
            if (w.size() > committed) w.truncate(committed);
        } else { // rare (an empty store), so no need to read what is there first
            w.truncate(0);
            w.write(java.nio.ByteBuffer.allocate((int) NinjaFiles.NO_DATA_LENGTH), 0);
        }
    }

    private static void closeQuietly(AutoCloseable c, Throwable cause) {
        try {
            c.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * A bare {@code data.ninja} of bytes in {@code dir} whose committed length is {@code committed}
     * (known from the owner's index). For a writer, bytes past it are truncated and {@code create}
     * makes an empty file.
     */
    static DenseDir raw(Path dir, long committed, Arena arena, WriteOptions o, boolean create) throws IOException {
        Path data = dir.resolve(NinjaFiles.DATA);
        long[] shape = {committed};
        if (o == null) {
            return openReadOnly(data, ch -> {
                DenseDir d = new DenseDir(dir, DType.UINT8, false, shape, arena, ch, null, null, null, true);
                d.checkDataLength(ch.size());
                return d;
            });
        }
        if (!create && !NinjaFiles.exists(data)) throw new CorruptStoreException(data, "file", "missing");
        FileIo io = o.fileIo();
        if (!create) NinjaFiles.deleteTemporaries(dir, io);
        FileIo.WritableFile w = io.open(data, create);
        try {
            DenseDir probe = new DenseDir(dir, DType.UINT8, false, shape, arena, w.channel(), null, null, null, true);
            probe.checkDataLength(w.size());
            cutTo(w, committed);
            ChecksumLog log = o.checksums() ? ChecksumLog.openForWrite(data, io, committed) : null;
            return new DenseDir(dir, DType.UINT8, false, shape, arena, w.channel(), o, w, log, true).mappedNatively();
        } catch (Throwable e) {
            closeQuietly(w, e);
            throw e;
        }
    }

    /** Raw files only: the owner read a new committed length from its index (readers). */
    void refreshRaw(long committed) throws IOException {
        if (committed < rows) throw new CorruptStoreException(dir.resolve(NinjaFiles.DATA), "length", "shrank from " + rows + " to " + committed);
        long len = channel.size();
        if (len < committed) {
            throw new CorruptStoreException(dir.resolve(NinjaFiles.DATA), "length", "file has " + len + " bytes but the index needs " + committed);
        }
        rows = committed;
    }

    private record Meta(DType dtype, boolean fortran, long[] shape) {}

    private static Meta readMeta(Path dir, String expectedType) throws IOException {
        if (expectedType != null) {
            String t = NinjaFiles.readType(dir);
            if (!t.equals(expectedType)) {
                throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "expected '" + expectedType
                        + "', found '" + t + "'");
            }
        }
        DType dtype = NinjaFiles.readDtype(dir);
        boolean fortran = NinjaFiles.readFortran(dir);
        long[] shape = NinjaFiles.readShape(dir);
        NinjaFiles.byteCount(dir, shape, dtype);
        return new Meta(dtype, fortran, shape);
    }

    private void checkDataLength(long fileLength) {
        long need = committedBytes();
        if (fileLength < need) {
            throw new CorruptStoreException(dir.resolve(NinjaFiles.DATA), "length", "file has " + fileLength
                    + " bytes but shape " + Arrays.toString(shape()) + " of " + dtype + " needs " + need);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Committed rows (1 for a 0-d array). */
    long rows() { return rows; }

    /** The whole rows the data file holds now, committed or not. */
    long heldRows() throws IOException { return rowBytes == 0 ? Long.MAX_VALUE : channel.size() / rowBytes; }

    long[] shape() {
        if (zeroD) return new long[0];
        long[] s = new long[trailing.length + 1];
        s[0] = rows;
        System.arraycopy(trailing, 0, s, 1, trailing.length);
        return s;
    }

    long committedBytes() { return zeroD ? dtype.itemSize() : Math.multiplyExact(rows, rowBytes); }

    /**
     * The mapped data, covering at least {@code bytes} (which must be committed). Remaps when the
     * store has grown: earlier mappings stay valid until the arena closes, so earlier views do too.
     */
    MemorySegment segment(long bytes) {
        MemorySegment m = mapped;
        if (m.byteSize() >= bytes) return m;
        return remap(bytes);
    }

    private synchronized MemorySegment remap(long bytes) {
        MemorySegment m = mapped;
        if (m.byteSize() >= bytes) return m;
        long size = Math.max(bytes, committedBytes());
        try {
            if (size == 0) m = EMPTY;
            else if (mappable != null) m = mappable.map(mappingSize(size), arena);
            else m = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (IOException | RuntimeException e) {
            if (!arena.scope().isAlive()) throw closed(e);
            String hint = mappable != null ? "" : "; without native access every growth read is a new mapping, kept until the"
                    + " store closes (spec C-64): reopen the store, or enable native access";
            throw new java.io.UncheckedIOException(new IOException("cannot map " + dataFile() + " (" + size + " bytes)" + hint, e));
        }
        mapped = m;
        return m;
    }

    /**
     * How much to map when {@code needed} bytes must be covered: as much again, but at least
     * {@link #MIN_HEADROOM} and at most {@link #MAX_HEADROOM} more. Growing from 0 to N bytes then maps
     * about log2(MAX_HEADROOM / MIN_HEADROOM) + N / MAX_HEADROOM times, and never reserves more than
     * twice the file's size (1 GiB more for a large file) in address space, not memory.
     */
    static long mappingSize(long needed) {
        long headroom = Math.clamp(needed, MIN_HEADROOM, MAX_HEADROOM);
        return needed > Long.MAX_VALUE - headroom ? needed : needed + headroom;
    }

    Path dataFile() { return dir.resolve(NinjaFiles.DATA); }

    /** Element {@code i} of a 1-d (or n×1) int64 index store, from the mapping. */
    long longAt(long i) {
        long pos = i * 8;
        try {
            return segment(pos + 8).get(LONG_LE, pos);
        } catch (IllegalStateException | InternalError e) {
            throw accessFailure(e, pos);
        }
    }

    /** Elements {@code [from, to)} of an int64 store, copied. */
    long[] longs(long from, long to) {
        long[] out = new long[Math.toIntExact(to - from)];
        try {
            MemorySegment.copy(segment(to * 8), LONG_LE, from * 8, out, 0, out.length);
        } catch (IllegalStateException | InternalError e) {
            throw accessFailure(e, from * 8);
        }
        return out;
    }

    /** Bytes {@code [from, to)}, copied. */
    byte[] bytes(long from, long to) {
        try {
            // Not MemorySegment.toArray: it looks up a class name on every call, which costs more than the copy.
            byte[] out = new byte[Math.toIntExact(to - from)];
            MemorySegment.copy(segment(to), ValueLayout.JAVA_BYTE, from, out, 0, out.length);
            return out;
        } catch (IllegalStateException | InternalError e) {
            throw accessFailure(e, from);
        }
    }

    /**
     * Loads the first byte of each non-empty range {@code [from[k], to[k])}, {@code k < n} (each within
     * the committed bytes), so that copies of them that follow find their first cache line loaded. The
     * loads do not depend on each other, so the CPU waits for their misses together; copies one after
     * the other would wait for each alone.
     */
    void touch(long[] from, long[] to, int n) {
        try {
            long end = 0;
            for (int k = 0; k < n; k++) end = Math.max(end, to[k]);
            MemorySegment m = segment(end);
            long sum = 0;
            for (int k = 0; k < n; k++) if (to[k] > from[k]) sum += m.get(ValueLayout.JAVA_BYTE, from[k]);
            touched = sum; // consumed, so that the loads are not optimised away
        } catch (IllegalStateException | InternalError e) {
            throw accessFailure(e, from[0]);
        }
    }

    /**
     * The one place a failed access to this directory's mapping becomes a clear exception: the owner
     * closed the store (spec C-42), or another program truncated the file under the mapping, which
     * the JVM reports as an {@link InternalError} from the SIGBUS (spec C-43).
     */
    RuntimeException accessFailure(Throwable e, long position) {
        if (!arena.scope().isAlive()) return closed(e);
        if (e instanceof InternalError) {
            String now;
            try {
                now = channel.size() + " bytes";
            } catch (IOException io) {
                now = "unreadable (" + io + ")";
            }
            return new CorruptStoreException(dataFile(), "length", "reading at byte " + position + " failed: the file is now "
                    + now + ", shorter than the " + committedBytes() + " committed bytes (another program truncated it while it was"
                    + " mapped)", e);
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }

    private IllegalStateException closed(Throwable cause) {
        return new IllegalStateException("store " + dir + " is already closed", cause);
    }

    /** The committed array as a view. */
    NdArray view() {
        MemorySegment seg = segment(committedBytes()).asSlice(0, committedBytes());
        long[] shape = shape();
        return fortran ? NdArray.wrapFortran(seg, dtype, ByteOrder.LITTLE_ENDIAN, shape)
                : NdArray.wrap(seg, dtype, ByteOrder.LITTLE_ENDIAN, shape);
    }

    /**
     * A follower directory (F-29) after its store's commit point named {@code need} rows: re-reads
     * {@code shape.ninja} only to check that its axes after the first still match, and takes the
     * row count from {@code need} and the file length. The count may go down (a repair cut an
     * interrupted append, C-40), never below {@code need}.
     */
    void follow(long need) throws IOException { followFrom(dir, need); }

    /** As {@link #follow(long)}, reading {@code shape.ninja} from {@code metaDir} (this directory, since renamed). */
    void followFrom(Path metaDir, long need) throws IOException {
        long[] s = NinjaFiles.readShape(metaDir);
        checkAxes(metaDir, s);
        if (!zeroD) rows = followedRows(s[0], need);
    }

    private void checkAxes(Path metaDir, long[] s) {
        if (s.length != (zeroD ? 0 : trailing.length + 1) || (!zeroD && !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), trailing))) {
            throw new CorruptStoreException(metaDir.resolve(NinjaFiles.SHAPE), "shape", "changed from " + Arrays.toString(shape())
                    + " to " + Arrays.toString(s) + " while open");
        }
    }

    /**
     * For the commit point itself, whose row count {@code n} the caller has just read: grows to it
     * without reading {@code shape.ninja} again (a second read may return the previous commit, see
     * {@link #refreshIfGrown}).
     */
    void growTo(long n) throws IOException {
        if (zeroD || n <= rows) return;
        long need = Math.multiplyExact(n, rowBytes);
        long len = channel.size();
        if (len < need) throw new CorruptStoreException(dataFile(), "length", "file has " + len + " bytes but " + n + " rows need " + need);
        rows = n;
    }

    /**
     * For a dense store, whose {@code shape.ninja} is its commit point: grows to what it says when that
     * is more than known. Less is ignored: a reader can read a value early through an inode it opened
     * just before the writer swapped it out (see {@code ExchangingSmallFile}), and then the current one.
     */
    void refreshIfGrown() throws IOException {
        long[] s = NinjaFiles.readShape(dir);
        checkAxes(dir, s);
        if (zeroD || s[0] <= rows) return;
        long newRows = s[0];
        long need;
        try {
            need = Math.multiplyExact(newRows, rowBytes);
        } catch (ArithmeticException e) {
            throw new CorruptStoreException(dir.resolve(NinjaFiles.SHAPE), "shape", Arrays.toString(s) + " of " + dtype
                    + " overflows a 64-bit byte count");
        }
        long len = channel.size();
        if (len < need) {
            throw new CorruptStoreException(dataFile(), "length", "file has " + len + " bytes but " + newRows + " rows need " + need);
        }
        rows = newRows;
    }

    /** Re-reads only the row count, for a reader that will use at most {@code limit} of them. */
    long readCommittedRows() throws IOException {
        long[] s = NinjaFiles.readShape(dir);
        return s.length == 0 ? 1 : s[0];
    }

    /**
     * Before a repair trusts entry {@code i} of this int64 index to cut other files (spec C-10): the
     * checksum record covering it, if any, must match the bytes. A store whose index is corrupt is
     * then refused rather than truncated on the word of a damaged offset.
     */
    void checkRecordCovering(long i) throws IOException {
        long pos = i * 8;
        ChecksumLog.scan(ChecksumLog.pathFor(dataFile()), committedBytes(), (k, e) -> {
            if (e.offset() <= pos && pos + 8 <= e.end() && ChecksumLog.crc32c(channel, dataFile(), e.offset(), e.length()) != e.crc()) {
                throw new CorruptStoreException(dataFile(), "checksum", "bytes [" + e.offset() + ", " + e.end() + "), which hold entry "
                        + i + ", do not match their CRC32C: opening for write would cut the data at a damaged offset, so it is refused"
                        + " (run `ninjastore verify --deep`)");
            }
        });
    }

    // ------------------------------------------------------------------ writing

    private Appender appender() {
        if (appender == null) throw new IllegalStateException(dir + " is open read-only");
        return appender;
    }

    /** Appends rows (C order, converted to little-endian); visible after {@link #commit}. */
    void appendRows(NdArray rowsArray) throws IOException { appender().putArray(rowsArray); }

    void appendLong(long v) throws IOException { appender().putLong(v); }

    void appendBytes(byte[] b, int off, int len) throws IOException { appender().putBytes(b, off, len); }

    /** Rows written so far including uncommitted ones. */
    long pendingRows() { return rowBytes == 0 ? rows : appender().position() / rowBytes; }

    /** Bytes written so far including uncommitted ones. */
    long pendingBytes() { return appender().position(); }

    /**
     * Makes every appended row visible: flushes, records the batch's checksum, syncs when asked, and
     * replaces {@code shape.ninja} atomically (spec C-2, C-3), or overwrites it in place (C-9). {@code extraRows} lets a store whose
     * rows hold no bytes (trailing size 0) still count rows.
     */
    void commit(Durability durability, long newRows) throws IOException {
        Appender a = appender();
        long start = committedBytes();
        a.flush();
        long end = a.position();
        if (end != Math.multiplyExact(newRows, rowBytes)) {
            throw new IllegalStateException("internal: " + (end - start) + " pending bytes do not make " + (newRows - rows) + " rows");
        }
        boolean sync = durability == Durability.SYNC;
        if (sync) writable.force();
        if (checksums != null && end > start) {
            checksums.append(start, end - start, a.checksum());
            if (sync) checksums.force();
        }
        a.resetChecksum();
        if (newRows != rows && raw) {
            rows = newRows;
        } else if (newRows != rows) {
            long[] s = shape();
            s[0] = newRows;
            try {
                shapeFile().replace(NinjaFiles.shapeBytes(s), sync);
            } catch (IOException | RuntimeException e) {
                // A failure after the rename (the directory sync) leaves the new shape on disk: rows
                // must say so, for a rollback to rewrite it and for the owner to know it committed.
                if (Arrays.equals(readShapeQuietly(), s)) rows = newRows;
                throw e;
            }
            rows = newRows;
        }
    }

    private long[] readShapeQuietly() {
        try {
            return NinjaFiles.readShape(dir);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Commits exactly the rows appended so far. */
    void commit(Durability durability) throws IOException {
        commit(durability, pendingRows());
    }

    private FileIo.SmallFile shapeFile() throws IOException {
        if (shapeFile == null) {
            Path p = dir.resolve(NinjaFiles.SHAPE);
            shapeFile = inPlaceShape ? io.openInPlaceSmallFile(p) : io.openSmallFile(p);
        }
        return shapeFile;
    }

    /**
     * Marks a writer's directory as not its store's commit point: its {@code shape.ninja} is then
     * overwritten in place at each commit instead of exchanged or renamed (spec C-9), which saves a
     * rename per directory and commit. Call before the first commit; returns this directory.
     */
    DenseDir followsCommitPoint() {
        if (shapeFile != null) throw new IllegalStateException("internal: " + dir + " has already committed");
        inPlaceShape = true;
        return this;
    }

    /**
     * Forgets uncommitted appends (after a failed batch): the logical end returns to the committed
     * length, and the checksum log to its records within it.
     */
    void rollback() throws IOException { truncateTo(rows); }

    /**
     * Cuts the committed rows back to {@code keep} (a store-level rollback after a batch failed
     * between this directory's commit and the store's commit point).
     */
    void truncateTo(long keep) throws IOException {
        Appender a = appender();
        if (keep > rows) throw new IllegalStateException("internal: cannot grow " + dir + " by truncation");
        if (keep != rows && raw) {
            rows = keep;
        } else if (keep != rows && !zeroD) {
            long[] s = shape();
            s[0] = keep;
            shapeFile().replace(NinjaFiles.shapeBytes(s), sync);
            rows = keep;
        }
        a.reset(committedBytes());
        cutTo(writable, committedBytes());
        if (checksums != null) { // drop records of the cut rows
            checksums.close();
            checksums = ChecksumLog.openForWrite(dir.resolve(NinjaFiles.DATA), io, committedBytes());
        }
    }

    /**
     * Overwrites committed bytes in place at {@code byteOffset} (an in-place {@code set}), then
     * refreshes the checksum records covering them.
     */
    void overwrite(long byteOffset, NdArray values) throws IOException {
        if (appender == null) throw new IllegalStateException(dir + " is open read-only");
        long len = values.byteSize();
        if (byteOffset < 0 || byteOffset + len > committedBytes()) {
            throw new IndexOutOfBoundsException("overwrite of " + len + " bytes at " + byteOffset + " outside the committed "
                    + committedBytes() + " bytes of " + dir.resolve(NinjaFiles.DATA));
        }
        byte[] bytes = values.toBytes(ByteOrder.LITTLE_ENDIAN);
        if (values.dtype() == DType.BOOL) Appender.normalizeBools(MemorySegment.ofArray(bytes), 0, len);
        writable.write(java.nio.ByteBuffer.wrap(bytes), byteOffset);
        if (checksums != null) refreshChecksums(byteOffset, byteOffset + len);
    }

    private void refreshChecksums(long from, long to) throws IOException {
        ChecksumLog.scan(checksums.path(), committedBytes(), (i, e) -> {
            if (e.end() > from && e.offset() < to) {
                checksums.rewrite(i, new ChecksumLog.Entry(e.offset(), e.length(), ChecksumLog.crc32c(writable.channel(), dataFile(), e.offset(),
                        e.length())));
            }
        });
    }

    @Override
    public void close() throws IOException {
        try {
            if (shapeFile != null) shapeFile.close();
            if (checksums != null) checksums.close();
        } finally {
            try {
                if (writable != null) writable.close();
                else channel.close();
            } finally {
                closeMappable();
            }
        }
    }

    /** Under the lock {@link #remap} holds, so that no {@code mmap} runs on a descriptor closed (and reused) under it. */
    private synchronized void closeMappable() throws IOException {
        NativeFile f = mappable;
        mappable = null;
        if (f != null) f.close();
    }
}
