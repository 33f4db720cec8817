package io.ninjastore.array;

import java.util.Arrays;

/**
 * An index request resolved against an array's shape, not yet read: what it selects on each axis of
 * the array, and which of those axes each axis of the result walks. A result axis walks one axis (a
 * slice, or a list on its own), or several in step: lists paired as numpy pairs them, all of one length.
 * A newaxis ({@link Index#newAxis}) makes an axis of length 1 of its own, past the array's, which a read
 * walks with stride 0; a later request indexes it like any other (a list {@code [0, 0, 0]} repeats it).
 * Requests compose ({@link #then}): {@code a[r1][r2]} is one {@code Selected} of {@code a}, read in one
 * copy that touches only the elements the last request keeps, which is what lets the offline layer read
 * a chain of selections from mapped memory without reading what an earlier one kept and a later one
 * dropped. {@link NdArray#get(Index...)} is {@link #of} read as a view when it can be.
 *
 * <p>Immutable and thread-safe. Random windows ({@link Index#random}) are drawn once, when the request
 * is resolved.
 */
public final class Selected {
    private final long[] base;
    private final Selection[] perAxis;
    private final int[][] axes;
    /** Made by {@link #all}: composing after it is the other selection itself. */
    private final boolean everything;

    Selected(long[] base, Selection[] perAxis, int[][] axes) {
        this(base, perAxis, axes, false);
    }

    private Selected(long[] base, Selection[] perAxis, int[][] axes, boolean everything) {
        this.base = base;
        this.perAxis = perAxis;
        this.axes = axes;
        this.everything = everything;
    }

    /** Every element of an array of {@code shape}, axes in place. */
    public static Selected all(long... shape) {
        long[] sh = Shapes.checked(shape);
        Selection[] sel = new Selection[sh.length];
        int[][] axes = new int[sh.length][];
        for (int k = 0; k < sh.length; k++) {
            sel[k] = new Selection.Slice(0, 1, sh[k]);
            axes[k] = new int[] {k};
        }
        return new Selected(sh, sel, axes, true);
    }

    /**
     * {@code request} on an array of {@code shape} as numpy indexes it: several lists are broadcast
     * together and paired, and their axis placed, as {@link NdArray#get(Index...)} says.
     *
     * @throws IndexOutOfBoundsException for a position or list entry outside its axis, naming the request and the shape
     * @throws IllegalArgumentException for lists of lengths that do not broadcast, too many indices or more than one ellipsis
     */
    public static Selected of(long[] shape, Index... request) { return Indexing.numpy(request, Shapes.checked(shape)); }

    /**
     * {@code request} on an array of {@code shape} as zarr's {@code oindex} indexes it: each list selects
     * along its own axis, independently (their outer product), and every axis stays in place.
     *
     * @throws IndexOutOfBoundsException for a position or list entry outside its axis, naming the request and the shape
     * @throws IllegalArgumentException for too many indices or more than one ellipsis
     */
    public static Selected orthogonal(long[] shape, Index... request) { return Indexing.orthogonal(request, Shapes.checked(shape)); }

    /** This selection, then {@code request} as numpy indexes the result ({@link #of}), relative to {@link #shape()}. */
    public Selected then(Index... request) { return then(Indexing.numpy(request, shape())); }

    /** This selection, then {@code request} orthogonally ({@link #orthogonal}), relative to {@link #shape()}. */
    public Selected thenOrthogonal(Index... request) { return then(Indexing.orthogonal(request, shape())); }

    /**
     * {@code inner}, which selects from the result of this one, as one selection of the array: each
     * axis inner indexes carries its selection to every axis of the array that one walks, and inner's
     * paired axes walk all of theirs together. Inner's own newaxes come after this one's axes.
     */
    private Selected then(Selected inner) {
        if (everything) return inner;
        int made = inner.perAxis.length - axes.length; // inner's newaxes: its selections past the axes it indexes
        Selection[] sel = Arrays.copyOf(perAxis, perAxis.length + made);
        for (int j = 0; j < axes.length; j++) {
            for (int k : axes[j]) sel[k] = compose(sel[k], inner.perAxis[j]);
        }
        for (int j = axes.length; j < inner.perAxis.length; j++) sel[perAxis.length + j - axes.length] = inner.perAxis[j];
        int[][] out = new int[inner.axes.length][];
        for (int a = 0; a < out.length; a++) {
            int n = 0;
            for (int j : inner.axes[a]) n += walked(j).length;
            out[a] = new int[n];
            n = 0;
            for (int j : inner.axes[a]) {
                int[] w = walked(j);
                System.arraycopy(w, 0, out[a], n, w.length);
                n += w.length;
            }
        }
        return new Selected(base, sel, out);
    }

    /** The axes of the composed selection that axis {@code j} of an inner selection walks (see {@link #then(Selected)}). */
    private int[] walked(int j) {
        return j < axes.length ? axes[j] : new int[] {perAxis.length + j - axes.length};
    }

    /** {@code inner} applied after {@code outer} on one axis, as one selection of that axis. */
    private static Selection compose(Selection outer, Selection inner) {
        return switch (inner) {
            case Selection.Point p -> new Selection.Point(outer.position(p.position()));
            case Selection.Gather g -> {
                long[] ps = new long[Math.toIntExact(g.count())];
                for (int i = 0; i < ps.length; i++) ps[i] = outer.position(g.position(i));
                yield new Selection.Gather(ps);
            }
            case Selection.Slice s -> switch (outer) {
                case Selection.Slice o -> s.count() == 0
                        ? new Selection.Slice(0, 1, 0)
                        : new Selection.Slice(o.position(s.start()), Math.multiplyExact(o.step(), s.step()), s.count());
                case Selection.Gather o -> {
                    long[] ps = new long[Math.toIntExact(s.count())];
                    for (int i = 0; i < ps.length; i++) ps[i] = o.position(s.position(i));
                    yield new Selection.Gather(ps);
                }
                case Selection.Point o -> throw new IllegalStateException("internal: a dropped axis cannot be indexed again");
            };
        };
    }

    /** The shape of the result. */
    public long[] shape() {
        long[] out = new long[axes.length];
        for (int a = 0; a < axes.length; a++) out[a] = perAxis[axes[a][0]].count();
        return out;
    }

    /** Whether reading copies (some list selects), rather than a view being possible. */
    public boolean gathers() {
        for (Selection s : perAxis) if (s instanceof Selection.Gather) return true;
        return false;
    }

    /**
     * The selected elements of {@code array} in a new C-ordered little-endian array owning heap memory,
     * copied by maximal contiguous runs: only the selected elements' bytes are read.
     *
     * @throws IllegalArgumentException unless {@code array} has the shape this selection was resolved against
     */
    public NdArray read(NdArray array) {
        if (!Arrays.equals(array.shape(), base)) {
            throw new IllegalArgumentException("a selection of shape " + Arrays.toString(base) + " cannot read an array of shape "
                    + Arrays.toString(array.shape()));
        }
        return array.gather(perAxis, axes);
    }

    @Override
    public String toString() { return "Selected(" + Arrays.toString(base) + " -> " + Arrays.toString(shape()) + ")"; }

    /** One selection per axis of the array, then one per newaxis (see {@link Indexing}). */
    Selection[] perAxis() { return perAxis; }

    int[][] axes() { return axes; }
}
