package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
import io.ninjastore.array.Indexing;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Selection;
import io.ninjastore.store.StoreVerifier;
import io.ninjastore.store.VerifyReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * An offline data set indexed like an array whose first axis counts the entries (lardon's
 * {@code OfflineDataList}). {@link #get(Index...)} takes numpy-like indices: the first selects entries
 * (a position, a range, a list, a random window), the rest index inside each entry; only the selected
 * elements are read, copied by maximal contiguous runs, so a read costs what it returns whatever axis
 * it slices. Several entries come back as {@link #batchMode()} says.
 *
 * <p>Indices after the first address the entries' axes as stored; {@link #squeeze}, {@link #expandDims}
 * and the {@code dtype} of {@link ParseOptions} then apply to what was read, and {@link #shape()}
 * reports the result.
 *
 * <p><b>Thread-safety:</b> immutable; reads may come from any number of threads. Random windows draw
 * from the generator they were given, which is only as thread-safe as it is.
 * <b>Lifetime:</b> the list returned by {@link #open} or {@link Lardon#parseFolder} owns the data set
 * and {@link #close()} unmaps it; lists derived from it ({@link #take}, {@link #scatter},
 * {@link #squeeze}, ...) and its entries read through it and fail with {@link IllegalStateException}
 * once it is closed; their own {@code close()} does nothing. Arrays returned own heap memory and
 * outlive everything.
 */
public final class OfflineDataList implements Iterable<NdArray>, AutoCloseable {
    private final DataSet dataSet;
    private final EntrySource source;
    private final BatchMode batchMode;
    private final DType dtype;
    private final List<Transform> transforms;
    private final boolean dropMetadata;
    private final boolean owner;
    private volatile List<Extent> shape;

    private OfflineDataList(DataSet dataSet, EntrySource source, BatchMode batchMode, DType dtype, List<Transform> transforms,
                            boolean dropMetadata, boolean owner) {
        this.dataSet = dataSet;
        this.source = source;
        this.batchMode = batchMode;
        this.dtype = dtype;
        this.transforms = transforms;
        this.dropMetadata = dropMetadata;
        this.owner = owner;
    }

    /** Opens the data set at {@code dir} with {@link ParseOptions#defaults()}; the caller closes it. */
    public static OfflineDataList open(Path dir) throws IOException { return open(dir, ParseOptions.defaults()); }

    /**
     * Verifies the store or data set at {@code dir} as {@link StoreVerifier#verify} does (spec C-45), and
     * with {@code deep} also reads every entry's name (F-44) and metadata (F-40) of a data set whose
     * structure is sound, which that cannot. Thread-safety, locking and exceptions as there; the entries
     * are read as a reader reads them.
     */
    public static VerifyReport verify(Path dir, boolean deep) throws IOException {
        return EntryCheck.addTo(StoreVerifier.verify(dir, deep));
    }

    /**
     * Opens the data set at {@code dir}; the caller closes it.
     *
     * @throws java.nio.file.NoSuchFileException when there is no data set at {@code dir}
     * @throws io.ninjastore.store.CorruptStoreException naming the file and field at fault
     * @throws IllegalArgumentException when a name of {@link ParseOptions#files()} is not an entry
     */
    public static OfflineDataList open(Path dir, ParseOptions options) throws IOException {
        DataSet ds = DataSet.open(dir);
        try {
            EntrySource source = new EntrySource.All(ds);
            if (options.files() != null) {
                long[] positions = new long[options.files().size()];
                for (int i = 0; i < positions.length; i++) {
                    String name = options.files().get(i);
                    positions[i] = ds.find(name);
                    if (positions[i] < 0) {
                        throw new IllegalArgumentException("files[" + i + "]: '" + name + "' is not an entry of the data set " + dir);
                    }
                }
                source = new EntrySource.Picked(source, positions);
            }
            return new OfflineDataList(ds, source, options.batchMode(), options.dtype(), List.of(), options.dropMetadata(), true);
        } catch (RuntimeException e) {
            try {
                ds.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private OfflineDataList derive(EntrySource s, BatchMode m, List<Transform> t) {
        return new OfflineDataList(dataSet, s, m, dtype, t, dropMetadata, false);
    }

    // ---------------------------------------------------------------- what it holds

    /** The data set directory. */
    public Path path() { return dataSet.dir; }

    /** The number of entries. */
    public long length() { return source.size(); }

    /** {@link #length()} capped at {@link Integer#MAX_VALUE}. */
    public int size() { return (int) Math.min(Integer.MAX_VALUE, length()); }

    /** The type of what reads return: the conversion asked for, else the stored type. */
    public DType dtype() { return dtype != null ? dtype : dataSet.dtype(); }

    public BatchMode batchMode() { return batchMode; }

    /**
     * The shape of the list: its length, then each axis of the entries as reads return them (after
     * selection and transforms), fixed or as a (min, max) range. Just {@code [length]} when empty.
     * Reads every entry's shape from the index (not the data) once, then is remembered.
     */
    public List<Extent> shape() {
        List<Extent> s = shape;
        if (s == null) {
            List<Extent> axes = entryAxes();
            List<Extent> out = new ArrayList<>();
            out.add(Extent.of(length()));
            if (axes != null) out.addAll(axes);
            shape = s = List.copyOf(out);
        }
        return s;
    }

    /** Per-axis extents of the entries after transforms; null for an empty list. */
    private List<Extent> entryAxes() {
        List<Extent> axes = selectedAxes();
        if (axes == null) return null;
        for (Transform t : transforms) axes = t.apply(axes);
        return axes;
    }

    /** Per-axis extents of the entries' selections, before transforms; null for an empty list. */
    private List<Extent> selectedAxes() {
        long n = length();
        if (n == 0) return null;
        long[] first = source.entry(0).shape();
        Extent[] ext = new Extent[first.length];
        for (int k = 0; k < first.length; k++) ext[k] = Extent.of(first[k]);
        for (long i = 1; i < n; i++) {
            long[] s = source.entry(i).shape();
            for (int k = 0; k < ext.length; k++) ext[k] = ext[k].with(s[k]);
        }
        return new ArrayList<>(Arrays.asList(ext));
    }

    // ---------------------------------------------------------------- reading

    /** Entry {@code i} (negative counts from the end), whole, as reads return it. */
    public NdArray get(long i) { return finish(entry(i).get()); }

    /**
     * Reads numpy style: the first index selects entries, the others index inside each entry, as
     * {@link NdArray#get(Index...)} indexes (several lists paired, as in numpy). The entry index stays
     * apart, as in lardon: each selected entry is indexed by the others, so a list selecting entries
     * does not pair with lists inside them (entries may differ in shape). A position as first index
     * gives {@link Batch.Single}; anything else gives the selected entries as {@link #batchMode()} says.
     * No index at all selects every entry, whole. A newaxis ({@link Index#newAxis()}) after the entry
     * index makes an axis of length 1 in each entry; none may come before it, since no axis of the
     * result precedes the entries.
     *
     * @throws IndexOutOfBoundsException for a position outside an axis, naming the request, the entry and the shapes
     * @throws IllegalArgumentException for lists whose lengths do not broadcast, too many indices, more than one
     *         ellipsis, a newaxis before the entry index, or stacking zero entries
     */
    public Batch get(Index... request) { return select(request, false).batch(); }

    /**
     * As {@link #get(Index...)}, but the indices after the first index each entry orthogonally, as
     * {@link NdArray#getOrthogonal(Index...)} does (zarr's {@code oindex}: several lists select their
     * outer product, every axis stays in place).
     *
     * @throws IndexOutOfBoundsException for a position outside an axis, naming the request, the entry and the shapes
     * @throws IllegalArgumentException for too many indices, more than one ellipsis, a newaxis before the entry
     *         index, or stacking zero entries
     */
    public Batch getOrthogonal(Index... request) { return select(request, true).batch(); }

    /** A read and the positions of the entries it selected (a random first index is drawn once). */
    record Read(Batch batch, long[] entries) {}

    Read select(Index... request) { return select(request, false); }

    private Read select(Index[] request, boolean orthogonal) {
        Index first = request.length == 0 ? Index.all() : request[0];
        Index[] inner = request.length == 0 ? request : Arrays.copyOfRange(request, 1, request.length);
        if (first instanceof Index.Ellipsis && coversNoAxis(request)) {
            first = request[1];
            inner = Arrays.copyOfRange(request, 2, request.length);
        } else if (first instanceof Index.Ellipsis) {
            first = Index.all();
            inner = request; // the ellipsis spans the entry axes the other indices leave
        }
        if (first instanceof Index.NewAxis) { // lardon's entries are selected first, then each is indexed: no axis precedes them
            throw new IllegalArgumentException(describe(request) + ": the first index selects entries, and a newaxis (None) cannot"
                    + " stand before it: place it after the entry index (\"0, None\", \":, None\")");
        }
        Selection picked;
        try {
            picked = Indexing.resolve(new Index[] {first}, new long[] {length()})[0];
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(describe(request) + ": the first index selects entries: " + e.getMessage());
        }
        long[] entries = new long[Math.toIntExact(picked.count())];
        for (int k = 0; k < entries.length; k++) entries[k] = picked.position(k);
        if (picked instanceof Selection.Point p) return new Read(new Batch.Single(read(p.position(), inner, request, orthogonal)), entries);
        if (entries.length == 0 && batchMode.kind() != BatchMode.Kind.LIST) {
            throw new IllegalArgumentException(describe(request) + " selects no entries: " + batchMode.kind()
                    + " cannot stack zero arrays (use BatchMode.LIST)");
        }
        List<NdArray> arrays = new ArrayList<>(entries.length);
        for (long i : entries) arrays.add(read(i, inner, request, orthogonal));
        try {
            return new Read(batchMode.combine(arrays), entries);
        } catch (IllegalArgumentException e) { // a pad value or shape the batch mode refuses: say which entries its items are
            throw new IllegalArgumentException(describe(request) + ", its items being the entries " + listed(entries) + ": " + e.getMessage(), e);
        }
    }

    /** Entry positions for a message: all of them when few, else the first ones and the count. */
    private static String listed(long[] entries) {
        if (entries.length <= 8) return Arrays.toString(entries);
        String first = Arrays.toString(Arrays.copyOf(entries, 8));
        return first.substring(0, first.length() - 1) + ", ... (" + entries.length + " in all)]";
    }

    /** Whether a leading ellipsis stands for no axis at all because the other indices fill every axis. */
    private boolean coversNoAxis(Index[] request) {
        int entryRank = length() == 0 ? Math.max(0, dataSet.ndim()) : source.entry(0).ndim();
        return Indexing.axesIndexed(request) == entryRank + 1;
    }

    private NdArray read(long i, Index[] inner, Index[] request, boolean orthogonal) {
        OfflineEntry e = source.entry(i);
        try {
            return finish(inner.length == 0 ? e.get() : orthogonal ? e.getOrthogonal(inner) : e.get(inner));
        } catch (IndexOutOfBoundsException ex) {
            throw new IndexOutOfBoundsException(describe(request) + ": entry " + i + " (" + e.name() + "): " + ex.getMessage());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(describe(request) + ": entry " + i + " (" + e.name() + "): " + ex.getMessage(), ex);
        }
    }

    private String describe(Index[] request) {
        String shape;
        try {
            shape = shape().toString();
        } catch (RuntimeException e) { // a corrupt entry must not hide the error being reported
            shape = "[" + length() + ", ...]";
        }
        return "index [" + Index.format(request) + "] for the data list " + dataSet.dir.getFileName() + " of shape " + shape;
    }

    /** The list's transforms and dtype conversion, applied to a freshly read array. */
    private NdArray finish(NdArray a) {
        for (Transform t : transforms) a = t.apply(a);
        return dtype == null ? a : a.astype(dtype);
    }

    /** Entry {@code i} (negative counts from the end), unread. */
    public OfflineEntry entry(long i) {
        long n = length();
        long p = i < 0 ? i + n : i;
        if (p < 0 || p >= n) throw new IndexOutOfBoundsException("entry " + i + " is out of bounds for a data list of " + n + " entries");
        return source.entry(p);
    }

    /** The entries, unread, as a list made on demand. */
    public List<OfflineEntry> entries() {
        class Entries extends AbstractList<OfflineEntry> implements RandomAccess {
            @Override public OfflineEntry get(int i) { return entry(Objects.checkIndex(i, size())); }
            @Override public int size() { return OfflineDataList.this.size(); }
        }
        return new Entries();
    }

    /** Reads every entry in order, whole. */
    @Override
    public Iterator<NdArray> iterator() {
        return new Iterator<>() {
            private long next;

            @Override public boolean hasNext() { return next < length(); }

            @Override
            public NdArray next() {
                if (!hasNext()) throw new NoSuchElementException();
                return get(next++);
            }
        };
    }

    /** A lazy view applying {@code fn} to each entry as read by {@link #get(long)}. */
    public <R> List<R> map(Function<NdArray, R> fn) {
        Objects.requireNonNull(fn, "fn");
        class Mapped extends AbstractList<R> implements RandomAccess {
            @Override public R get(int i) { return fn.apply(OfflineDataList.this.get(Objects.checkIndex(i, size()))); }
            @Override public int size() { return OfflineDataList.this.size(); }
        }
        return new Mapped();
    }

    // ---------------------------------------------------------------- metadata

    /**
     * A view whose reads return the data together with each entry's metadata.
     *
     * @throws IllegalStateException when the list was opened with {@link ParseOptions#dropMetadata()}
     */
    public MetadataView withMetadata() {
        if (dropMetadata) {
            throw new IllegalStateException("the data list of " + dataSet.dir + " was opened with dropMetadata: it returns data only; "
                    + "metadataColumns() has the metadata");
        }
        return new MetadataView(this);
    }

    /**
     * The metadata as columns: for each key (in order of first appearance) its value for every entry,
     * null where an entry lacks the key. Parses every entry's metadata; a fresh map on each call.
     */
    public Map<String, List<Object>> metadataColumns() {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        long n = length();
        for (long i = 0; i < n; i++) {
            for (Map.Entry<String, Object> e : source.entry(i).metadata().entrySet()) {
                List<Object> column = columns.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                while (column.size() < i) column.add(null);
                column.add(e.getValue());
            }
        }
        for (List<Object> column : columns.values()) while (column.size() < n) column.add(null);
        return columns;
    }

    // ---------------------------------------------------------------- derived lists

    /** The same entries returned as {@code mode} says. */
    public OfflineDataList withBatchMode(BatchMode mode) {
        return derive(source, Objects.requireNonNull(mode, "mode"), transforms);
    }

    /** The entries at {@code indices} (negative from the end), in that order; repeats allowed. */
    public OfflineDataList take(long... indices) {
        long n = length();
        long[] positions = new long[indices.length];
        for (int k = 0; k < indices.length; k++) {
            long p = indices[k] < 0 ? indices[k] + n : indices[k];
            if (p < 0 || p >= n) {
                throw new IndexOutOfBoundsException("take: index " + indices[k] + " (at " + k + ") is out of bounds for a data list of "
                        + n + " entries");
            }
            positions[k] = p;
        }
        return derive(new EntrySource.Picked(source, positions), batchMode, transforms);
    }

    /**
     * Every entry split into one entry per position along {@code axis} of its selection (views: nothing
     * is read). Reads every entry's shape once.
     *
     * @throws IllegalStateException when the list has transforms (their axes would no longer match)
     */
    public OfflineDataList scatter(int axis) {
        if (!transforms.isEmpty()) {
            throw new IllegalStateException("scatter before squeeze/expandDims: the transforms " + transforms
                    + " refer to axes the scatter removes");
        }
        List<Extent> axes = selectedAxes();
        if (axes == null) return this;
        int a = axis(axis, axes.size(), axes);
        long[] ends = new long[Math.toIntExact(length())];
        long total = 0;
        for (int i = 0; i < ends.length; i++) {
            total = Math.addExact(total, source.entry(i).shape()[a]);
            ends[i] = total;
        }
        return derive(new EntrySource.Scattered(source, a, ends), batchMode, transforms);
    }

    /**
     * Drops axis {@code axis} (of the entries, numpy style) from what is read; every entry must have
     * size 1 there.
     *
     * @throws IllegalArgumentException naming the axis and the shape otherwise
     */
    public OfflineDataList squeeze(int axis) { return transformed(new Transform.Squeeze(axis)); }

    /** Inserts an axis of size 1 at {@code axis} (of the entries, numpy style) into what is read. */
    public OfflineDataList expandDims(int axis) { return transformed(new Transform.ExpandDims(axis)); }

    private OfflineDataList transformed(Transform t) {
        List<Extent> axes = entryAxes();
        if (axes == null) throw new IllegalArgumentException("cannot " + t + " an empty data list: its entries' axes are unknown");
        t.apply(axes); // checks the axis now, against the shape
        List<Transform> next = new ArrayList<>(transforms);
        next.add(t);
        return derive(source, batchMode, List.copyOf(next));
    }

    /** Normalizes a numpy-style axis among {@code ndim}, naming {@code shape} when out of range. */
    static int axis(int axis, int ndim, Object shape) {
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= ndim) throw new IllegalArgumentException("axis " + axis + " is out of range for " + ndim + " axes (shape " + shape + ")");
        return a;
    }

    /** Closes the data set if this list owns it (the one {@link #open} returned); otherwise does nothing. */
    @Override
    public void close() throws IOException {
        if (owner) dataSet.close();
    }

    @Override
    public String toString() {
        return "OfflineDataList(" + dataSet.dir + ", " + length() + " entries, " + dtype() + ", " + batchMode.kind()
                + (transforms.isEmpty() ? "" : ", " + transforms) + ")";
    }
}
