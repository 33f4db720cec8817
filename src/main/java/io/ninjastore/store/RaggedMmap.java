package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Shapes;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Samples of any shape and one dtype, stored as mmap_ninja's "ragged" directory: the flat
 * concatenated elements plus {@code starts/}, {@code ends/}, {@code flattened_shapes/} and
 * {@code shapes/} index stores (spec F-10..F-19).
 *
 * <p>A read-only {@link List} of zero-copy sample views ({@link RandomAccess}); {@link #size()} is
 * capped at {@link Integer#MAX_VALUE}, {@link #length()} is exact.
 *
 * <p>Thread-safety: reads are safe from any thread, also while the writer appends; each read sees
 * a committed prefix (the commit point is {@code starts/shape.ninja}, spec C-4; every other length is
 * taken from it, since the other {@code shape.ninja} files are overwritten in place and may lag,
 * C-9, F-29). Writes are serialized. Lifetime: the caller closes the store; views die with it.
 */
public final class RaggedMmap extends AbstractList<NdArray> implements RandomAccess, Store {
    static final String TYPE = "ragged";
    static final String STARTS = "starts";
    static final String ENDS = "ends";
    static final String FLAT = "flattened_shapes";
    static final String SHAPES = "shapes";
    /** Conversion leftovers (spec C-14). */
    static final String SHAPES_NESTED_TMP = "shapes.tmp-nested";
    static final String SHAPES_FLAT_OLD = "shapes.tmp-flat";

    /** mmap_ninja nests a ragged {@code shapes/} one level at most: its samples are 1-d. Deeper is corrupt. */
    private static final int MAX_NESTING = 1;

    final StoreHandle handle;
    private final Path dir;
    private final DenseDir data;
    private final DenseDir starts;
    private final DenseDir ends;
    private final DenseDir flat;
    /** 0 for a store, 1 for the nested {@code shapes/} of one. */
    private final int depth;
    private volatile ShapeIndex shapes;
    private volatile long count;

    // batch being staged (writers only)
    private final LongList pendingStarts = new LongList();
    private final LongList pendingCounts = new LongList();
    private final List<long[]> pendingShapes = new ArrayList<>();

    private RaggedMmap(StoreHandle handle, Path dir, DenseDir data, DenseDir starts, DenseDir ends, DenseDir flat,
                       ShapeIndex shapes, long count, int depth) {
        this.handle = handle;
        this.depth = depth;
        this.dir = dir;
        this.data = data;
        this.starts = starts;
        this.ends = ends;
        this.flat = flat;
        this.shapes = shapes;
        this.count = count;
    }

    // ------------------------------------------------------------------ factories

    /** Writes the samples (at least one; dtype from the first) as a new store; returns it writable. */
    public static RaggedMmap fromLists(Path dir, List<NdArray> samples) throws IOException {
        return fromLists(dir, samples, null, WriteOptions.defaults());
    }

    /** Writes the samples with the given dtype (null: the first sample's); an empty list needs a dtype. */
    public static RaggedMmap fromLists(Path dir, List<NdArray> samples, DType dtype, WriteOptions options) throws IOException {
        if (samples.isEmpty()) {
            if (dtype == null) throw new IllegalArgumentException("an empty list for " + dir + " needs an explicit dtype");
            return create(dir, dtype, options);
        }
        return fromGenerator(dir, samples.iterator(), Math.max(1, samples.size()), dtype, options);
    }

    /** Builds from a generator, committing every {@code batchSize} samples; memory is bounded by the batch. */
    public static RaggedMmap fromGenerator(Path dir, Iterator<NdArray> samples, int batchSize) throws IOException {
        return fromGenerator(dir, samples, batchSize, null, WriteOptions.defaults());
    }

    public static RaggedMmap fromGenerator(Path dir, Iterator<NdArray> samples, int batchSize, DType dtype,
                                           WriteOptions options) throws IOException {
        if (!samples.hasNext()) {
            if (dtype == null) throw new IllegalArgumentException("the generator for " + dir + " yielded nothing and no dtype was given");
            return create(dir, dtype, options);
        }
        NdArray first = samples.next();
        DType dt = dtype == null ? first.dtype() : dtype;
        return Builds.generate(dir, first, samples, batchSize, options,
                (d, f, o) -> createIn(d, dt, o),
                RaggedMmap::extendBatch, RaggedMmap::openWritable, "ragged " + dir.getFileName());
    }

    /**
     * Builds from {@code producer.apply(0..count-1)} computed on {@code threads} threads, in index order,
     * with at most {@code 2 * threads + batchSize} samples in memory; bytes equal a sequential build.
     */
    public static RaggedMmap fromIndexable(Path dir, LongFunction<NdArray> producer, long count, int batchSize, int threads)
            throws IOException {
        return fromIndexable(dir, producer, count, batchSize, threads, WriteOptions.defaults());
    }

    public static RaggedMmap fromIndexable(Path dir, LongFunction<NdArray> producer, long count, int batchSize, int threads,
                                           WriteOptions options) throws IOException {
        if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
        try (OrderedParallel<NdArray> it = new OrderedParallel<>(producer, count, threads, 2 * threads)) {
            return fromGenerator(dir, it, batchSize, null, options);
        }
    }

    /** An empty store (beyond mmap_ninja, which cannot make one) to append to later. */
    public static RaggedMmap create(Path dir, DType dtype, WriteOptions options) throws IOException {
        return Builds.createEmpty(dir, options, (d, o) -> createIn(d, dtype, o), RaggedMmap::openWritable);
    }

    private static RaggedMmap createIn(Path dir, DType dtype, WriteOptions o) throws IOException {
        return StoreHandle.create(dir, o, h -> createNested(h, dir, dtype, 0));
    }

    /** Creates an empty ragged layout in {@code dir} owned by {@code h} (the top store or a shapes store). */
    private static RaggedMmap createNested(StoreHandle h, Path dir, DType dtype, int depth) throws IOException {
        WriteOptions o = h.options;
        DenseDir starts = h.own(DenseDir.create(dir.resolve(STARTS), DType.INT64, new long[0], false, NumpyMmap.TYPE, h.arena, o));
        // Every directory but starts/ follows the commit point: shapes written in place (spec C-9).
        DenseDir ends = h.own(DenseDir.create(dir.resolve(ENDS), DType.INT64, new long[0], false, NumpyMmap.TYPE, h.arena, o)).followsCommitPoint();
        o.fileIo().replaceAtomically(dir.resolve(NinjaFiles.SHAPES_ARE_FLAT), NinjaFiles.int32Bytes(1), false);
        DenseDir shapes = h.own(DenseDir.create(dir.resolve(SHAPES), DType.INT64, new long[] {1}, false, NumpyMmap.TYPE, h.arena, o))
                .followsCommitPoint();
        DenseDir flat = h.own(DenseDir.create(dir.resolve(FLAT), DType.INT64, new long[0], false, NumpyMmap.TYPE, h.arena, o)).followsCommitPoint();
        DenseDir data = h.own(DenseDir.create(dir, dtype, new long[0], false, TYPE, h.arena, o)).followsCommitPoint();
        return new RaggedMmap(h, dir, data, starts, ends, flat, new FlatShapes(shapes), 0, depth);
    }

    /** Opens read-only: no lock, no writes; sees the committed prefix (spec C-5). */
    public static RaggedMmap open(Path dir) throws IOException {
        return StoreHandle.openReader(dir, h -> openIn(h, dir, -1, 0));
    }

    /**
     * Opens for appending: takes the writer lock and repairs a torn tail (spec C-10..C-14). The store
     * is first validated as a reader would; a store that fails is refused untouched.
     *
     * @throws StoreLockedException when another writer, in this JVM or another process, has it open
     * @throws CorruptStoreException when the store is corrupt (nothing is changed)
     */
    public static RaggedMmap openWritable(Path dir, WriteOptions options) throws IOException {
        return StoreHandle.lockAndOpen(dir, options, RaggedMmap::openWritable);
    }

    /** Opens for appending under a lock already held, which the store now owns (closes on failure too). */
    static RaggedMmap openWritable(Path dir, WriteOptions options, WriterLock lock) throws IOException {
        return StoreHandle.openWriter(dir, TYPE, options, lock, h -> {
            try (RaggedMmap check = open(dir)) {
                check.checkRepairAnchors(check.count);
            }
            return openIn(h, dir, -1, 0);
        });
    }

    /**
     * Before a repair trusts {@code ends[n-1]} to cut the data (spec C-10): the checksum record
     * covering it must match, so a corrupt index is never the reason committed data is truncated.
     */
    private void checkRepairAnchors(long n) throws IOException {
        if (n == 0) return;
        ends.checkRecordCovering(n - 1);
        if (shapes instanceof NestedShapes ns) ns.inner.checkRepairAnchors(n);
    }

    /**
     * Opens the ragged layout in {@code dir}. For a writer, {@code keep} (>= 0) is the sample count an
     * enclosing store committed: this layout is cut back to it; -1 means "my own commit point".
     * {@code depth} counts the enclosing ragged stores (a nested {@code shapes/} is at depth 1).
     */
    private static RaggedMmap openIn(StoreHandle h, Path dir, long keep, int depth) throws IOException {
        String type = NinjaFiles.readType(dir);
        if (!type.equals(TYPE)) {
            throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "expected 'ragged', found '" + type + "'");
        }
        boolean w = h.writable();
        if (w) repairShapesConversion(h, dir);
        WriteOptions o = h.options;
        // The commit point first: every other file was made consistent before it was written.
        DenseDir starts = h.own(w ? DenseDir.openWrite(dir.resolve(STARTS), NumpyMmap.TYPE, h.arena, o, keep)
                : DenseDir.openRead(dir.resolve(STARTS), NumpyMmap.TYPE, h.arena));
        requireIndex(starts, 0);
        if (keep >= 0 && starts.rows() < keep) {
            throw new CorruptStoreException(dir.resolve(STARTS).resolve(NinjaFiles.SHAPE), "shape[0]", starts.rows()
                    + " entries but the enclosing store's commit point has " + keep);
        }
        long n = keep >= 0 ? keep : starts.rows(); // a nested store has as many samples as its owner commits
        DenseDir ends = openFollowingIndex(h, dir.resolve(ENDS), n, 0);
        DenseDir flat = openFollowingIndex(h, dir.resolve(FLAT), n, 0);
        ShapeIndex shapes = openShapes(h, dir, n, depth);
        long total = LastEnd.read(ends, n);
        // A writer opens only what a reader opened first (openWritable), which judged the last end.
        DenseDir data = h.own(w ? DenseDir.openWrite(dir, TYPE, h.arena, o, total).followsCommitPoint()
                : DenseDir.openFollower(dir, TYPE, h.arena, total, d -> {
                    requireFlatData(d);
                    checkLastEnd(starts, ends, flat, n, total, d);
                }));
        requireFlatData(data);
        return new RaggedMmap(h, dir, data, starts, ends, flat, shapes, n, depth);
    }

    /** Refuses {@code end = ends[n-1]} past the data when the rest of the last sample fits it, naming ends/ ({@link LastEnd}). */
    private static void checkLastEnd(DenseDir starts, DenseDir ends, DenseDir flat, long n, long end, DenseDir data) throws IOException {
        if (n == 0) return;
        CorruptStoreException e = LastEnd.pastTheData(ends.dataFile(), n, end, starts.longAt(n - 1), flat.longAt(n - 1), data.heldRows(),
                data.dataFile(), "elements");
        if (e != null) throw e;
    }

    /**
     * An index directory other than starts/ (and a flat shapes/): it follows the commit point, whose
     * {@code n} gives its length (spec F-29); a writer cuts or raises it to exactly n (C-10).
     */
    private static DenseDir openFollowingIndex(StoreHandle h, Path dir, long n, int trailingAxes) throws IOException {
        if (h.writable()) {
            DenseDir d = h.own(DenseDir.openWrite(dir, NumpyMmap.TYPE, h.arena, h.options, n).followsCommitPoint());
            requireIndex(d, trailingAxes);
            return d;
        }
        return h.own(DenseDir.openFollower(dir, NumpyMmap.TYPE, h.arena, n, d -> requireIndex(d, trailingAxes)));
    }

    private static void requireFlatData(DenseDir data) {
        if (data.trailing.length != 0 || data.zeroD) {
            throw new CorruptStoreException(data.dir.resolve(NinjaFiles.SHAPE), "shape", "the data of a ragged store is 1-d, found "
                    + Arrays.toString(data.shape()));
        }
    }

    private static void requireIndex(DenseDir d, int trailingAxes) {
        if (d.dtype != DType.INT64 || d.zeroD || d.trailing.length != trailingAxes || (trailingAxes == 1 && d.trailing[0] != 1)) {
            throw new CorruptStoreException(d.dir.resolve(NinjaFiles.SHAPE), "shape", "an index store must be int64 of shape (n"
                    + (trailingAxes == 1 ? ", 1" : "") + "), found " + d.dtype + Arrays.toString(d.shape()));
        }
    }

    /** Where a reader finds {@code shapes/}: after a crash between the renames of a conversion, the old flat one (spec C-14). */
    private static Path readerShapesDir(Path dir) {
        Path sd = dir.resolve(SHAPES);
        if (!Files.isDirectory(sd) && Files.isDirectory(dir.resolve(SHAPES_FLAT_OLD))) return dir.resolve(SHAPES_FLAT_OLD);
        return sd;
    }

    private static ShapeIndex openShapes(StoreHandle h, Path dir, long n, int depth) throws IOException {
        Path sd = h.writable() ? dir.resolve(SHAPES) : readerShapesDir(dir);
        if (!Files.isDirectory(sd)) throw new CorruptStoreException(sd, "directory", "missing");
        Path flag = dir.resolve(NinjaFiles.SHAPES_ARE_FLAT);
        int f = NinjaFiles.readInt32(flag);
        if (f != 0 && f != 1) throw new CorruptStoreException(flag, "value", "expected 0 or 1, found " + f);
        String kind = NinjaFiles.readType(sd);
        // The shapes directory's own type decides; the flag can lag it only mid-conversion (spec F-15).
        if (kind.equals(TYPE)) {
            if (depth >= MAX_NESTING) {
                throw new CorruptStoreException(sd.resolve(NinjaFiles.TYPE), "type", "a nested shapes store holds 1-d shapes, so its"
                        + " own shapes/ is flat; found another ragged level");
            }
            RaggedMmap inner = openIn(h, sd, n, depth + 1);
            if (inner.data.dtype != DType.INT64) {
                throw new CorruptStoreException(sd.resolve(NinjaFiles.DTYPE), "dtype", "a shapes store holds int64, found " + inner.data.dtype);
            }
            return new NestedShapes(inner);
        }
        if (!kind.equals(NumpyMmap.TYPE)) throw new CorruptStoreException(sd.resolve(NinjaFiles.TYPE), "type", "expected numpy or ragged, found '" + kind + "'");
        return new FlatShapes(openFollowingIndex(h, sd, n, 1));
    }

    /** Finishes or undoes a flat-to-nested conversion a crash interrupted (spec C-14). */
    private static void repairShapesConversion(StoreHandle h, Path dir) throws IOException {
        var io = h.options.fileIo();
        boolean sync = h.options.durability() == Durability.SYNC;
        Path shapes = dir.resolve(SHAPES), old = dir.resolve(SHAPES_FLAT_OLD), tmp = dir.resolve(SHAPES_NESTED_TMP);
        if (!Files.isDirectory(shapes) && Files.isDirectory(old)) {
            io.rename(old, shapes);
            if (sync) io.syncDirectory(dir);
        }
        io.deleteRecursively(old);
        io.deleteRecursively(tmp);
        Path flag = dir.resolve(NinjaFiles.SHAPES_ARE_FLAT);
        if (Files.isDirectory(shapes)) {
            int want = NinjaFiles.readType(shapes).equals(TYPE) ? 0 : 1;
            if (!Files.exists(flag) || NinjaFiles.readInt32(flag) != want) {
                io.replaceAtomically(flag, NinjaFiles.int32Bytes(want), sync);
            }
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

    /** {@link #length()} capped at {@link Integer#MAX_VALUE}, as {@link List} requires. */
    @Override
    public int size() { return (int) Math.min(Integer.MAX_VALUE, length()); }

    public DType dtype() { return data.dtype; }

    /** Whether {@code shapes/} is a dense (n, 1) store (every sample 1-d or 0-d). */
    public boolean shapesAreFlat() { return shapes instanceof FlatShapes; }

    @Override
    public NdArray get(int index) { return get((long) index); }

    /** Sample {@code i} as a zero-copy C-order view; a scalar sample is a 0-d array. */
    public NdArray get(long i) {
        handle.checkOpen();
        long n = count;
        if (i < 0 || i >= n) throw SampleBounds.indexOutOfBounds(i, n, "sample", dir);
        long s = starts.longAt(i), e = ends.longAt(i);
        spanChecked(i, s, e);
        int item = data.dtype.itemSize();
        MemorySegment seg = data.segment(e * item);
        // The common case, a 1-d sample whose recorded length is its element count, builds no shape array.
        if (shapes instanceof FlatShapes f && f.dense.longAt(i) == e - s) {
            return NdArray.vector(seg, s * item, data.dtype, ByteOrder.LITTLE_ENDIAN, e - s);
        }
        return NdArray.wrap(seg, s * item, data.dtype, ByteOrder.LITTLE_ENDIAN, shapeChecked(i, s, e));
    }

    /** Several samples, in the order asked. */
    public List<NdArray> get(long[] indices) {
        List<NdArray> out = new ArrayList<>(indices.length);
        for (long i : indices) out.add(get(i));
        return out;
    }

    /** The shape of sample {@code i}, read from the index without touching the data. */
    public long[] shape(long i) {
        handle.checkOpen();
        long n = count;
        if (i < 0 || i >= n) throw SampleBounds.indexOutOfBounds(i, n, "sample", dir);
        return shapeChecked(i, starts.longAt(i), ends.longAt(i));
    }

    /** The one place a sample's offsets are checked against the data (spec F-16). */
    private void spanChecked(long i, long s, long e) {
        if (s < 0 || e < s || e > data.rows()) throw SampleBounds.spanOutsideData(dir, i, s, e, data.rows(), "elements");
    }

    /** The one place a sample's offsets and shape are checked against each other (spec F-16). */
    private long[] shapeChecked(long i, long s, long e) {
        spanChecked(i, s, e);
        long[] shape = shapes.shapeOf(i);
        long elems = e - s;
        if (shape.length == 1 && shape[0] == 0 && elems == 1) return new long[0]; // a scalar (spec F-13)
        long size;
        try {
            for (long d : shape) if (d < 0) throw new ArithmeticException();
            size = Shapes.size(shape);
        } catch (ArithmeticException ex) {
            throw new CorruptStoreException(dir.resolve(SHAPES), "shapes[" + i + "]", Arrays.toString(shape) + " is not a valid shape");
        }
        if (size != elems) {
            throw new CorruptStoreException(dir.resolve(SHAPES), "shapes[" + i + "]", Arrays.toString(shape) + " holds " + size
                    + " elements but starts/ends give " + elems);
        }
        return shape;
    }

    /**
     * Sample {@code i} of a nested shapes store: the shape of the owner's sample {@code i}, checked
     * and bounded before anything is allocated.
     */
    private long[] shapeValues(long i) {
        long s = starts.longAt(i), e = ends.longAt(i);
        shapeChecked(i, s, e);
        if (e - s > NdArray.MAX_NDIM) {
            throw new CorruptStoreException(dir.resolve(NinjaFiles.DATA), "sample " + i, (e - s) + " axes; a shape has at most "
                    + NdArray.MAX_NDIM);
        }
        return data.longs(s, e);
    }

    /** A lazy view applying {@code fn} to each sample on access (mmap_ninja's {@code wrapper_fn}). */
    public <R> List<R> map(Function<NdArray, R> fn) {
        Objects.requireNonNull(fn, "fn");
        class Mapped extends AbstractList<R> implements RandomAccess {
            @Override public R get(int i) { return fn.apply(RaggedMmap.this.get((long) i)); }
            @Override public int size() { return RaggedMmap.this.size(); }
        }
        return new Mapped();
    }

    @Override
    public void refresh() throws IOException {
        handle.refresh(() -> {
            // A writer converting shapes/ renames directories (spec C-14): a refresh that met the
            // middle of it fails on a missing file and succeeds when tried again. Real corruption
            // fails every time. A failed refresh leaves the reader at its previous length.
            for (int attempt = 1; ; attempt++) {
                try {
                    refreshTo(starts.readCommittedRows());
                    return;
                } catch (CorruptStoreException e) {
                    if (attempt == 3) throw e;
                    Thread.onSpinWait();
                }
            }
        });
    }

    /** Makes the first {@code n} samples visible; {@code count} changes last, so a failure changes nothing a reader uses. */
    private void refreshTo(long n) throws IOException {
        // Less than known is a value read early through an inode the writer was about to swap out
        // (see ExchangingSmallFile) followed by the current one: keep what is known.
        if (n <= count) return;
        // The commit point was read first; everything else is at least as new (spec C-5).
        starts.growTo(n); // not a second read of the commit point
        // The others follow it: their length comes from n, their shape.ninja may lag (spec F-29, C-9).
        ends.follow(n);
        flat.follow(n);
        ShapeIndex sh = shapes;
        if (sh instanceof NestedShapes ns) {
            ns.inner.refreshTo(n);
        } else {
            Path sd = readerShapesDir(dir);
            if (NinjaFiles.readType(sd).equals(TYPE)) sh = openShapes(handle, dir, n, depth); // converted meanwhile
            else ((FlatShapes) sh).dense.followFrom(sd, n);
        }
        long need = LastEnd.read(ends, n);
        try {
            data.follow(need);
        } catch (CorruptStoreException e) {
            checkLastEnd(starts, ends, flat, n, need, data); // the index, not the data, may be the damaged one
            throw e;
        }
        shapes = sh;
        count = n;
    }

    // ------------------------------------------------------------------ writing

    /** Appends one sample; committed when this returns. */
    public void append(NdArray sample) throws IOException { extend(List.of(sample)); }

    /** Appends samples as one batch: all become visible together at the commit point, or none do. */
    public void extend(List<NdArray> samples) throws IOException { extendBatch(this, samples); }

    private static void extendBatch(RaggedMmap s, List<NdArray> samples) throws IOException {
        s.handle.checkWritable();
        s.handle.writeLock.lock();
        try {
            s.handle.checkOpen();
            s.handle.checkNotBroken();
            try {
                for (NdArray x : samples) s.stage(x);
                s.commitStaged(s.handle.options.durability());
            } catch (IOException | RuntimeException e) {
                if (s.starts.rows() != s.count) { // the commit point was replaced: committed, only not durable (C-13)
                    s.count = s.starts.rows();
                    s.clearPending();
                    throw e;
                }
                s.rollbackStaged(e);
                throw e;
            }
        } finally {
            s.handle.writeLock.unlock();
        }
    }

    private void stage(NdArray sample) throws IOException {
        Objects.requireNonNull(sample, "sample");
        if (sample.ndim() > NdArray.MAX_NDIM) throw new IllegalArgumentException("a sample has at most " + NdArray.MAX_NDIM + " axes");
        NdArray x = Conversions.cast(sample, data.dtype, handle.options.casting(), dir);
        long start = data.pendingRows();
        data.appendRows(x);
        pendingStarts.add(start);
        pendingCounts.add(x.size());
        pendingShapes.add(x.ndim() == 0 ? new long[] {0} : x.shape());
    }

    private void commitStaged(Durability d) throws IOException {
        int k = pendingStarts.size();
        if (k == 0) return;
        data.commit(d);
        for (int j = 0; j < k; j++) ends.appendLong(pendingStarts.get(j) + pendingCounts.get(j));
        ends.commit(d);
        for (int j = 0; j < k; j++) flat.appendLong(pendingCounts.get(j));
        flat.commit(d);
        shapes = shapes.extend(this, pendingShapes, d);
        for (int j = 0; j < k; j++) starts.appendLong(pendingStarts.get(j));
        starts.commit(d); // the commit point (spec C-4)
        count = starts.rows();
        clearPending();
    }

    private void clearPending() {
        pendingStarts.clear();
        pendingCounts.clear();
        pendingShapes.clear();
    }

    /** Undoes a failed batch: every index store back to the committed count (spec C-13). */
    private void rollbackStaged(Exception cause) {
        clearPending();
        if (handle.isBroken()) return; // a conversion could not be undone: the layout is for the next open for write to repair
        handle.undoOrBreak(cause, () -> truncateTo(count));
    }

    private void truncateTo(long n) throws IOException {
        starts.truncateTo(n);
        ends.truncateTo(n);
        flat.truncateTo(n);
        shapes.truncateTo(n);
        data.truncateTo(n == 0 ? 0 : ends.longAt(n - 1));
    }

    /**
     * Overwrites sample {@code i} in place with values of the same element count (the shape may
     * differ only if the count is equal; the recorded shape is kept). Not crash-atomic.
     */
    public void set(long i, NdArray value) throws IOException {
        handle.checkWritable();
        handle.writeLock.lock();
        try {
            long n = count;
            if (i < 0 || i >= n) throw SampleBounds.indexOutOfBounds(i, n, "sample", dir);
            long s = starts.longAt(i), e = ends.longAt(i);
            long[] shape = shapeChecked(i, s, e);
            if (value.size() != e - s) {
                throw new IllegalArgumentException("cannot set sample " + i + " of " + dir + ": it holds " + (e - s)
                        + " elements (shape " + Arrays.toString(shape) + "), the new value " + value.size() + " (shape "
                        + Arrays.toString(value.shape()) + ")");
            }
            data.overwrite(s * data.dtype.itemSize(), Conversions.cast(value, data.dtype, handle.options.casting(), dir));
        } finally {
            handle.writeLock.unlock();
        }
    }

    /** {@link List#set}: overwrites in place as {@link #set(long, NdArray)} and returns a copy of the old sample. */
    @Override
    public NdArray set(int index, NdArray element) {
        return StoreLists.set(get((long) index).copy(), () -> set((long) index, element));
    }

    @Override
    public void close() throws IOException { handle.close(); }

    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }

    @Override
    public String toString() { return "RaggedMmap(" + dir + ", " + data.dtype + ", " + count + " samples)"; }

    // ------------------------------------------------------------------ shapes/ index

    /** {@code shapes/}: dense (n, 1) when flat, a nested ragged store otherwise (spec F-14, F-15). */
    private sealed interface ShapeIndex permits FlatShapes, NestedShapes {
        long[] shapeOf(long i);

        /** Appends the batch's shapes and commits them; may return a converted (nested) index. */
        ShapeIndex extend(RaggedMmap owner, List<long[]> shapes, Durability d) throws IOException;

        void truncateTo(long n) throws IOException;
    }

    private record FlatShapes(DenseDir dense) implements ShapeIndex {
        @Override
        public long[] shapeOf(long i) { return new long[] {dense.longAt(i)}; }

        @Override
        public ShapeIndex extend(RaggedMmap owner, List<long[]> batch, Durability d) throws IOException {
            for (long[] s : batch) {
                if (s.length != 1) return owner.convertToNested(batch, d);
            }
            for (long[] s : batch) dense.appendLong(s[0]);
            dense.commit(d);
            return this;
        }

        @Override
        public void truncateTo(long n) throws IOException { dense.truncateTo(n); }
    }

    private record NestedShapes(RaggedMmap inner) implements ShapeIndex {
        @Override
        public long[] shapeOf(long i) { return inner.shapeValues(i); }

        @Override
        public ShapeIndex extend(RaggedMmap owner, List<long[]> batch, Durability d) throws IOException {
            for (long[] s : batch) inner.stage(NdArray.of(s));
            inner.commitStaged(d);
            return this;
        }

        @Override
        public void truncateTo(long n) throws IOException {
            inner.clearPending();
            inner.truncateTo(n);
            inner.count = n;
        }
    }

    /**
     * Rewrites {@code shapes/} as a nested ragged store holding the committed shapes plus
     * {@code batch} (spec C-14): built aside, swapped in by renames, then the flag. The store's
     * commit point (starts) is untouched, so a crash at any step leaves the committed prefix intact
     * (the next open for write finishes or undoes it). A failure within this process undoes the swap
     * before it is reported, so the batch can be rolled back on the flat shapes (spec C-13).
     */
    private ShapeIndex convertToNested(List<long[]> batch, Durability d) throws IOException {
        var io = handle.options.fileIo();
        Path tmp = dir.resolve(SHAPES_NESTED_TMP), cur = dir.resolve(SHAPES), old = dir.resolve(SHAPES_FLAT_OLD);
        Path flag = dir.resolve(NinjaFiles.SHAPES_ARE_FLAT);
        boolean sync = d == Durability.SYNC;
        io.deleteRecursively(tmp);
        FlatShapes flatShapes = (FlatShapes) shapes;
        long n = count;
        boolean moved = false, swapped = false, flagged = false;
        NestedShapes nested;
        try {
            RaggedMmap inner = createNested(handle, tmp, DType.INT64, depth + 1);
            for (long i = 0; i < n; i++) {
                inner.stage(NdArray.of(new long[] {flatShapes.dense.longAt(i)}));
                if (inner.pendingStarts.size() == 1 << 16) inner.commitStaged(d);
            }
            // The committed shapes and the batch's in separate commits: each checksum record then ends at
            // a commit point of this store, so a repair back to n keeps the records of the first n (C-12).
            inner.commitStaged(d);
            for (long[] s : batch) inner.stage(NdArray.of(s));
            inner.commitStaged(d);
            if (sync) Builds.syncTree(tmp, io); // its small files and directories, before anything names them
            io.rename(cur, old);
            moved = true;
            io.rename(tmp, cur);
            swapped = true;
            io.replaceAtomically(flag, NinjaFiles.int32Bytes(0), sync);
            flagged = true;
            // Reopen from its final path: the files written under the temporary name are renamed now.
            nested = new NestedShapes(openIn(handle, cur, n + batch.size(), depth + 1));
        } catch (IOException | RuntimeException e) {
            try {
                if (flagged) io.replaceAtomically(flag, NinjaFiles.int32Bytes(1), sync);
                if (swapped) io.rename(cur, tmp);
                if (moved) io.rename(old, cur);
                io.deleteRecursively(tmp);
            } catch (IOException | RuntimeException undo) {
                handle.markBroken(e, undo); // the next open for write finishes or undoes it (C-14)
            }
            throw e;
        }
        // Cleanup: a leftover shapes.tmp-flat is harmless (readers use shapes/) and the next writer deletes it.
        try {
            io.deleteRecursively(old);
            if (sync) io.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            // not a failure of the batch: the conversion is complete
        }
        return nested;
    }
}
