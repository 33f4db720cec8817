package io.ninjastore.store;

import io.ninjastore.array.DType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import java.util.stream.Stream;

/**
 * UTF-8 strings stored as mmap_ninja's "string" directory: the bytes of all strings concatenated in
 * {@code data.ninja}, with byte offsets in {@code starts/} and {@code ends/} (spec F-20..F-24).
 *
 * <p>A read-only {@link List} of strings. Thread-safety: reads are safe from any thread, also while
 * the writer appends (the commit point is {@code starts/shape.ninja}); writes are serialized.
 * Lifetime: the caller closes the store.
 */
public final class StringsMmap extends AbstractList<String> implements RandomAccess, Store {
    static final String TYPE = "string";

    final StoreHandle handle;
    private final Path dir;
    private final DenseDir data;
    private final DenseDir starts;
    private final DenseDir ends;
    private volatile long count;
    private final LongList pendingStarts = new LongList();
    private final LongList pendingEnds = new LongList();

    private StringsMmap(StoreHandle handle, Path dir, DenseDir data, DenseDir starts, DenseDir ends, long count) {
        this.handle = handle;
        this.dir = dir;
        this.data = data;
        this.starts = starts;
        this.ends = ends;
        this.count = count;
    }

    // ------------------------------------------------------------------ factories

    /** Writes the strings as a new store; returns it writable. */
    public static StringsMmap fromStrings(Path dir, List<String> strings) throws IOException {
        return fromStrings(dir, strings, WriteOptions.defaults());
    }

    public static StringsMmap fromStrings(Path dir, List<String> strings, WriteOptions options) throws IOException {
        return fromGenerator(dir, strings.iterator(), Math.max(1, strings.size()), options);
    }

    /** Builds from a generator, committing every {@code batchSize} strings. */
    public static StringsMmap fromGenerator(Path dir, Iterator<String> strings, int batchSize) throws IOException {
        return fromGenerator(dir, strings, batchSize, WriteOptions.defaults());
    }

    public static StringsMmap fromGenerator(Path dir, Iterator<String> strings, int batchSize, WriteOptions options)
            throws IOException {
        if (!strings.hasNext()) return create(dir, options);
        String first = strings.next();
        return Builds.generate(dir, first, strings, batchSize, options, (d, f, o) -> createIn(d, o),
                StringsMmap::extendBatch, StringsMmap::openWritable, "strings " + dir.getFileName());
    }

    /** An empty store to append to later. */
    public static StringsMmap create(Path dir, WriteOptions options) throws IOException {
        return Builds.createEmpty(dir, options, StringsMmap::createIn, StringsMmap::openWritable);
    }

    private static StringsMmap createIn(Path dir, WriteOptions o) throws IOException {
        return StoreHandle.create(dir, o, h -> createFiles(h, dir));
    }

    /** Writes the files of an empty store; {@code type.ninja} last, so a crash leaves a directory that still reads as empty. */
    private static StringsMmap createFiles(StoreHandle h, Path dir) throws IOException {
        WriteOptions o = h.options;
        var io = o.fileIo();
        DenseDir starts = h.own(DenseDir.create(dir.resolve(RaggedMmap.STARTS), DType.INT64, new long[0], false, NumpyMmap.TYPE, h.arena, o));
        // ends/ follows the commit point (starts/): its shape is written in place (spec C-9).
        DenseDir ends = h.own(DenseDir.create(dir.resolve(RaggedMmap.ENDS), DType.INT64, new long[0], false, NumpyMmap.TYPE, h.arena, o))
                .followsCommitPoint();
        DenseDir data = h.own(DenseDir.raw(dir, 0, h.arena, o, true));
        io.replaceAtomically(dir.resolve(NinjaFiles.TYPE), NinjaFiles.ascii(TYPE), false);
        return new StringsMmap(h, dir, data, starts, ends, 0);
    }

    /** Opens read-only. A directory with no files at all (mmap_ninja's empty list) is an empty store. */
    public static StringsMmap open(Path dir) throws IOException {
        return StoreHandle.openReader(dir, h -> {
            if (isBareDirectory(dir)) return new StringsMmap(h, dir, null, null, null, 0);
            return openIn(h, dir);
        });
    }

    /**
     * Opens for appending: takes the writer lock and repairs a torn tail. The store is first
     * validated as a reader would; a store that fails is refused untouched.
     *
     * @throws StoreLockedException when another writer, in this JVM or another process, has it open
     * @throws CorruptStoreException when the store is corrupt (nothing is changed)
     */
    public static StringsMmap openWritable(Path dir, WriteOptions options) throws IOException {
        return StoreHandle.lockAndOpen(dir, options, StringsMmap::openWritable);
    }

    /** Opens for appending under a lock already held, which the store now owns (closes on failure too). */
    static StringsMmap openWritable(Path dir, WriteOptions options, WriterLock lock) throws IOException {
        return StoreHandle.openWriter(dir, TYPE, options, lock, h -> {
            if (isBareDirectory(dir)) {
                StringsMmap s = createFiles(h, dir);
                if (options.durability() == Durability.SYNC) Builds.syncTree(dir, options.fileIo());
                return s;
            }
            try (StringsMmap check = open(dir)) {
                if (check.count > 0) check.ends.checkRecordCovering(check.count - 1);
            }
            return openIn(h, dir);
        });
    }

    /**
     * mmap_ninja writes an empty list as a bare directory; a crash while ninjastore filled one in
     * leaves some files but no {@code type.ninja} (written last) and no data: both are empty stores.
     */
    private static boolean isBareDirectory(Path dir) throws IOException {
        if (Files.exists(dir.resolve(NinjaFiles.TYPE))) return false;
        return NinjaFiles.holdsNoData(dir.resolve(NinjaFiles.DATA));
    }

    /**
     * Whether {@code dir} is such a directory and holds nothing but what those leave (the writer lock,
     * data files, {@code starts/}, {@code ends/}, temporaries): what a reader that dispatches on
     * {@code type.ninja} ({@link Stores}, so every CLI command, and {@link StoreVerifier}) takes for an
     * empty strings store (spec F-24). Opened as strings, anything else beside it is tolerated; found by
     * its kind, a folder holding other files (of {@code .npy} files, say) is no store at all.
     */
    static boolean isBareStore(Path dir) throws IOException {
        if (!isBareDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> {
                String n = p.getFileName().toString();
                return n.equals(WriterLock.FILE) || n.startsWith(NinjaFiles.DATA) || n.equals(RaggedMmap.STARTS)
                        || n.equals(RaggedMmap.ENDS) || n.endsWith(".tmp");
            });
        }
    }

    /** Refuses {@code end = ends[n-1]} past the data when the last string starts within it, naming ends/ ({@link LastEnd}). */
    private static void checkLastEnd(DenseDir starts, DenseDir ends, long n, long end, long heldBytes, Path data) {
        CorruptStoreException e = n == 0 ? null : LastEnd.pastTheData(ends.dataFile(), n, end, starts.longAt(n - 1), -1, heldBytes, data, "bytes");
        if (e != null) throw e;
    }

    private static StringsMmap openIn(StoreHandle h, Path dir) throws IOException {
        String type = NinjaFiles.readType(dir);
        if (!type.equals(TYPE)) throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "expected 'string', found '" + type + "'");
        boolean w = h.writable();
        WriteOptions o = h.options;
        DenseDir starts = h.own(w ? DenseDir.openWrite(dir.resolve(RaggedMmap.STARTS), NumpyMmap.TYPE, h.arena, o, -1)
                : DenseDir.openRead(dir.resolve(RaggedMmap.STARTS), NumpyMmap.TYPE, h.arena));
        checkIndex(starts);
        long n = starts.rows();
        // ends/ follows the commit point: its length is n, whatever its shape.ninja says (spec F-29, C-9).
        DenseDir ends = h.own(w ? DenseDir.openWrite(dir.resolve(RaggedMmap.ENDS), NumpyMmap.TYPE, h.arena, o, n).followsCommitPoint()
                : DenseDir.openFollower(dir.resolve(RaggedMmap.ENDS), NumpyMmap.TYPE, h.arena, n, StringsMmap::checkIndex));
        checkIndex(ends);
        long total = LastEnd.read(ends, n);
        DenseDir data;
        try {
            data = h.own(DenseDir.raw(dir, total, h.arena, w ? o : null, false));
        } catch (CorruptStoreException e) {
            // The index, not the data, may be the damaged one. A writer opens only what a reader
            // opened first (openWritable), which judged the last end.
            Path dataFile = dir.resolve(NinjaFiles.DATA);
            if (!w && Files.isRegularFile(dataFile)) checkLastEnd(starts, ends, n, total, Files.size(dataFile), dataFile);
            throw e;
        }
        return new StringsMmap(h, dir, data, starts, ends, n);
    }

    private static void checkIndex(DenseDir d) {
        if (d.dtype != DType.INT64 || d.zeroD || d.trailing.length != 0) {
            throw new CorruptStoreException(d.dir.resolve(NinjaFiles.SHAPE), "shape", "an index store must be 1-d int64, found "
                    + d.dtype + java.util.Arrays.toString(d.shape()));
        }
    }

    // ------------------------------------------------------------------ reading

    @Override public Path path() { return dir; }
    @Override public String typeName() { return TYPE; }
    @Override public boolean isWritable() { return handle.writable(); }

    @Override
    public long length() {
        handle.checkOpen();
        return count;
    }

    @Override
    public int size() { return (int) Math.min(Integer.MAX_VALUE, length()); }

    @Override
    public String get(int index) { return get((long) index); }

    /**
     * String {@code i}, decoded from UTF-8.
     *
     * @throws CorruptStoreException when the bytes are not valid UTF-8 (never silently replaced)
     */
    public String get(long i) { return decode(i, bytes(i)); }

    /** String {@code i}'s bytes as a string: the fast decoder, and the strict check only when it replaced something. */
    private String decode(long i, byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        // The fast decoder replaces malformed input with U+FFFD; only then pay for a strict check.
        if (s.indexOf('\uFFFD') >= 0) requireUtf8(i, b);
        return s;
    }

    /** Refuses string {@code i} if its bytes are not UTF-8, saying where the first bad byte is; out of line, to keep {@link #get(long)} small. */
    private void requireUtf8(long i, byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, CharBuffer.allocate(b.length), true);
        if (r.isError()) {
            throw new CorruptStoreException(dir.resolve(NinjaFiles.DATA), "sample " + i, "is not valid UTF-8: " + r + " at byte "
                    + in.position() + " of its " + b.length + " (data.ninja byte " + (starts.longAt(i) + in.position()) + ", F-22)");
        }
    }

    /** The raw UTF-8 bytes of string {@code i}. */
    public byte[] bytes(long i) {
        handle.checkOpen();
        checkIndex(i, count);
        long s = starts.longAt(i), e = ends.longAt(i);
        checkRange(i, s, e);
        return data.bytes(s, e);
    }

    private void checkIndex(long i, long n) {
        if (i < 0 || i >= n) throw SampleBounds.indexOutOfBounds(i, n, "string", dir);
    }

    /** The most bytes a Java array (and so a string's bytes) can hold on common JVMs. */
    private static final long MAX_STRING_BYTES = Integer.MAX_VALUE - 8;

    /** The one check of a string's recorded byte range against data.ninja. */
    private void checkRange(long i, long s, long e) {
        if (s < 0 || e < s || e > data.rows()) throw SampleBounds.spanOutsideData(dir, i, s, e, data.rows(), "bytes");
        // Not corruption: mmap_ninja can store a string this long, but no Java array or String holds it.
        if (e - s > MAX_STRING_BYTES) {
            throw new UnsupportedOperationException("string " + i + " of " + dir + " is " + (e - s) + " UTF-8 bytes; a Java array"
                    + " or String holds at most " + MAX_STRING_BYTES);
        }
    }

    /** How many strings {@link #get(long[])} locates before it copies them: enough to overlap their misses, few enough to stay in cache. */
    private static final int BULK_CHUNK = 256;

    /**
     * Several strings, in the order asked: a new mutable list. Same strings and errors as
     * {@link #get(long)} in a loop, and faster per string for more than a few: a loop of single reads
     * waits for memory twice per string, one wait after the other (its offsets, then its bytes), while
     * this reads the offsets of up to 256 strings, then touches the first byte of each, then copies
     * them, so that independent cache misses overlap.
     *
     * @throws IndexOutOfBoundsException for an index outside the store, before anything of its chunk is read
     * @throws CorruptStoreException for a recorded byte range outside data.ninja, or bytes that are not UTF-8
     */
    public List<String> get(long[] indices) {
        handle.checkOpen();
        long n = count;
        List<String> out = new ArrayList<>(indices.length);
        long[] from = new long[Math.min(BULK_CHUNK, indices.length)], to = new long[from.length];
        for (int c = 0; c < indices.length; c += BULK_CHUNK) {
            int k = Math.min(BULK_CHUNK, indices.length - c);
            for (int j = 0; j < k; j++) checkIndex(indices[c + j], n);
            for (int j = 0; j < k; j++) {
                long i = indices[c + j];
                from[j] = starts.longAt(i);
                to[j] = ends.longAt(i);
            }
            for (int j = 0; j < k; j++) checkRange(indices[c + j], from[j], to[j]);
            data.touch(from, to, k);
            for (int j = 0; j < k; j++) out.add(decode(indices[c + j], data.bytes(from[j], to[j])));
        }
        return out;
    }

    /**
     * {@inheritDoc} A reader opened on a bare directory (mmap_ninja's empty list, spec F-23) has no
     * commit point to follow and stays empty: reopen it to see strings a writer has added since.
     */
    @Override
    public void refresh() throws IOException {
        if (starts == null) { // a bare directory (spec F-24), read as empty: no commit point to follow
            handle.checkOpen();
            return;
        }
        handle.refresh(() -> {
            long n = starts.readCommittedRows();
            // Less than known is a value read early through an inode the writer was about to swap out
            // (see ExchangingSmallFile) followed by the current one: keep what is known.
            if (n <= count) return;
            starts.growTo(n); // not a second read of the commit point
            ends.follow(n); // its shape.ninja may lag (spec F-29, C-9)
            long total = LastEnd.read(ends, n);
            try {
                data.refreshRaw(total);
            } catch (CorruptStoreException e) {
                checkLastEnd(starts, ends, n, total, data.heldRows(), data.dataFile()); // the index may be the damaged one
                throw e;
            }
            count = n;
        });
    }

    // ------------------------------------------------------------------ writing

    public void append(String s) throws IOException { extend(List.of(s)); }

    /** Appends strings as one batch, visible together at the commit point. */
    public void extend(List<String> strings) throws IOException { extendBatch(this, strings); }

    private static void extendBatch(StringsMmap s, List<String> strings) throws IOException {
        s.handle.checkWritable();
        s.handle.writeLock.lock();
        try {
            s.handle.checkOpen();
            s.handle.checkNotBroken();
            try {
                for (String x : strings) s.stage(x);
                s.commitStaged(s.handle.options.durability());
            } catch (IOException | RuntimeException e) {
                s.pendingStarts.clear();
                s.pendingEnds.clear();
                if (s.starts.rows() != s.count) { // the commit point was replaced: committed, only not durable (C-13)
                    s.count = s.starts.rows();
                    throw e;
                }
                s.handle.undoOrBreak(e, () -> {
                    s.starts.truncateTo(s.count);
                    s.ends.truncateTo(s.count);
                    s.data.truncateTo(s.count == 0 ? 0 : s.ends.longAt(s.count - 1));
                });
                throw e;
            }
        } finally {
            s.handle.writeLock.unlock();
        }
    }

    private void stage(String s) throws IOException {
        byte[] b = encode(s, count + pendingStarts.size());
        long start = data.pendingBytes();
        data.appendBytes(b, 0, b.length);
        pendingStarts.add(start);
        pendingEnds.add(start + b.length);
    }

    /** Strict UTF-8: a lone surrogate cannot be stored (Python could not read it back) and is an error. */
    static byte[] encode(String s, long index) {
        if (s == null) throw new NullPointerException("string " + index + " is null");
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        // getBytes writes '?' for a lone surrogate. One byte per char and no '?' proves there was none,
        // which spares the common (ASCII) string the char-by-char check below.
        if (b.length != s.length() || Utf8.containsQuestionMark(b)) requireNoLoneSurrogate(s, index);
        return b;
    }

    private static void requireNoLoneSurrogate(String s, long index) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1));
                if (!paired) {
                    throw new IllegalArgumentException("string " + index + " has a lone surrogate U+" + Integer.toHexString(c).toUpperCase()
                            + " at char " + k + ": it has no UTF-8 encoding");
                }
                k++;
            }
        }
    }

    private void commitStaged(Durability d) throws IOException {
        int k = pendingStarts.size();
        if (k == 0) return;
        data.commit(d, data.pendingBytes());
        for (int j = 0; j < k; j++) ends.appendLong(pendingEnds.get(j));
        ends.commit(d);
        for (int j = 0; j < k; j++) starts.appendLong(pendingStarts.get(j));
        starts.commit(d); // the commit point
        count = starts.rows();
        pendingStarts.clear();
        pendingEnds.clear();
    }

    /** Overwrites string {@code i} in place with one of the same UTF-8 byte length. Not crash-atomic. */
    public void set(long i, String value) throws IOException {
        handle.checkWritable();
        handle.writeLock.lock();
        try {
            byte[] old = bytes(i);
            byte[] b = encode(value, i);
            if (b.length != old.length) {
                throw new IllegalArgumentException("cannot set string " + i + " of " + dir + ": it holds " + old.length
                        + " UTF-8 bytes, the new value " + b.length);
            }
            data.overwrite(starts.longAt(i), io.ninjastore.array.NdArray.ofBits(DType.UINT8, b));
        } finally {
            handle.writeLock.unlock();
        }
    }

    /** {@link List#set}: as {@link #set(long, String)}, returning the old string. */
    @Override
    public String set(int index, String element) {
        return StoreLists.set(get((long) index), () -> set((long) index, element));
    }

    @Override
    public void close() throws IOException { handle.close(); }

    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }

    @Override
    public String toString() { return "StringsMmap(" + dir + ", " + count + " strings)"; }

}
