package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One entry of an offline data set with a pending selection: nothing is read until {@link #get()}.
 * Narrowing ({@link #select}, {@link #scatter}) makes new entries that compose their selection with
 * this one's, still without reading; a read copies only the selected elements, by maximal contiguous
 * runs, so its cost follows the bytes returned, never the depth of the sliced axis.
 *
 * <p>Immutable and thread-safe, except that a random window ({@link Index#random}) draws from the
 * generator it was given on every read. Lifetime: an entry reads through the data set it came from and
 * throws {@link IllegalStateException} once that is closed; the arrays it returns own heap memory and
 * outlive it.
 */
public final class OfflineEntry {
    private final DataSet dataSet;
    private final long index;
    private final Selector selector;

    OfflineEntry(DataSet dataSet, long index, Selector selector) {
        this.dataSet = dataSet;
        this.index = index;
        this.selector = selector;
    }

    /** The entry's position in its data set. */
    public long index() { return index; }

    /** The entry's name: its file's path relative to the compiled folder, with {@code /} separators. */
    public String name() { return dataSet.name(index); }

    /**
     * The pending selection: the index requests applied so far, in order, each relative to the shape
     * the previous ones left (empty: the whole entry).
     */
    public List<List<Index>> selection() { return selector.stages(); }

    /** The shape as stored, before any selection. */
    public long[] storedShape() { return dataSet.storedShape(index); }

    /** The shape {@link #get()} returns (a random window counts its length). */
    public long[] shape() { return selector.shape(storedShape()); }

    public int ndim() { return shape().length; }

    /** The stored element type. */
    public DType dtype() { return dataSet.dtype(); }

    /** The entry's metadata, keys in stored order: a fresh, modifiable map on every call. */
    public Map<String, Object> metadata() { return dataSet.metadata(index); }

    /** Reads the selected elements into a new C-ordered array (random windows draw anew). */
    public NdArray get() { return selector.read(dataSet.stored(index)); }

    /** Reads {@code select(request)}: the same result and errors, checked once, as the read resolves. */
    public NdArray get(Index... request) { return selector.then(request).read(dataSet.stored(index)); }

    /**
     * Reads this entry's selection indexed by {@code request} orthogonally, as
     * {@link NdArray#getOrthogonal(Index...)} indexes (zarr's {@code oindex}: several lists select their
     * outer product, every axis stays in place). Reads only the selected elements.
     *
     * @throws IndexOutOfBoundsException for a position outside an axis, naming the request and the shape
     * @throws IllegalArgumentException for too many indices or more than one ellipsis
     */
    public NdArray getOrthogonal(Index... request) {
        NdArray stored = dataSet.stored(index);
        return selector.resolve(stored.shape()).thenOrthogonal(request).read(stored);
    }

    /**
     * This entry narrowed by {@code request} as {@link NdArray#get(Index...)} indexes (several lists
     * paired, as in numpy), relative to its current {@link #shape()}. Checked now, not at read time.
     *
     * @throws IndexOutOfBoundsException for a position outside an axis, naming the request and the shape
     * @throws IllegalArgumentException for lists whose lengths do not broadcast, too many indices or more than one ellipsis
     */
    public OfflineEntry select(Index... request) {
        Selector next = selector.then(request);
        next.shape(storedShape()); // validates the new stage against the current shape
        return new OfflineEntry(dataSet, index, next);
    }

    /** One entry per position along {@code axis} of the selected shape, each with that axis dropped. */
    public List<OfflineEntry> scatter(int axis) {
        long[] shape = shape();
        int a = OfflineDataList.axis(axis, shape.length, shape);
        List<OfflineEntry> out = new ArrayList<>();
        for (long i = 0; i < shape[a]; i++) out.add(at(a, i));
        return out;
    }

    /** This entry with position {@code i} selected along {@code axis} (already normalized and checked). */
    OfflineEntry at(int axis, long i) {
        Index[] request = new Index[axis + 1];
        Arrays.fill(request, Index.all());
        request[axis] = Index.at(i);
        return new OfflineEntry(dataSet, index, selector.then(request));
    }

    @Override
    public String toString() {
        return "OfflineEntry(" + index + " " + name() + selector + ", " + dtype() + Arrays.toString(shape()) + ")";
    }
}
