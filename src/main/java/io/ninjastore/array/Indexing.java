package io.ninjastore.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a full index request against a shape: expands the ellipsis, fills missing trailing axes
 * with {@link Index#all()}, places each newaxis, checks the rank and every bound, and says where each
 * axis of the result comes from, as numpy does ({@link Selected#of}) or orthogonally
 * ({@link Selected#orthogonal}). The one place where an index request is validated, so every error
 * carries the request and the shape. Stateless and thread-safe.
 */
public final class Indexing {
    /** What a newaxis selects on the axis of length 1 it makes: its one position, kept. */
    private static final Selection NEW_AXIS = new Selection.Slice(0, 1, 1);

    private Indexing() {}

    /**
     * Each index resolved on its own axis, every list checked: the per-axis form of orthogonal
     * indexing ({@link Selected#orthogonal}), also what resolves a single axis such as the entry axis of
     * an offline data list.
     *
     * @return one selection per axis of {@code shape}
     * @throws IndexOutOfBoundsException for a position outside an axis
     * @throws IllegalArgumentException for too many indices, more than one ellipsis, or a newaxis (it makes
     *         an axis of the result, which no selection of an axis of the array can stand for)
     */
    public static Selection[] resolve(Index[] request, long[] shape) {
        Laid laid = lay(request, shape);
        if (laid.full().length > shape.length) {
            throw new IllegalArgumentException(describe(request, shape) + ": a newaxis (None) makes an axis of the result, not of the"
                    + " array: it has no selection per axis of the array (Selected.orthogonal places it)");
        }
        Selection[] out = new Selection[shape.length];
        for (int axis = 0; axis < shape.length; axis++) out[axis] = laid.resolve(axis);
        return out;
    }

    /**
     * numpy's indexing. Lists and, beside them, positions are numpy's "advanced" indices: the lists are
     * broadcast together (each of one common length or of length 1) and walked in step, so
     * {@code a[[0, 1], [2, 3]]} reads {@code a[0, 2]} and {@code a[1, 3]} along one result axis. That axis
     * stands where the advanced indices stand when they are one unbroken run of the request as written;
     * when anything else (a slice, a newaxis, an ellipsis even of no axis) lies between two of them, it
     * comes first. A newaxis makes an axis of length 1 where it stands.
     * Bounds are checked in numpy's order: positions, then the lists' lengths, then the lists' entries,
     * which are not checked at all when the lists broadcast to length 0 (numpy reads none of them).
     *
     * @throws IndexOutOfBoundsException for a position or list entry outside its axis
     * @throws IllegalArgumentException for lists that cannot be broadcast together, too many indices or
     *         more than one ellipsis
     */
    static Selected numpy(Index[] request, long[] shape) {
        Laid laid = lay(request, shape);
        Index[] full = laid.full();
        Selection[] sel = new Selection[full.length];
        int lists = 0;
        for (int v = 0; v < full.length; v++) {
            if (full[v] instanceof Index.Of) lists++;
            else sel[v] = laid.resolve(v);
        }
        int[] listAxes = new int[lists];
        for (int v = 0, i = 0; v < full.length; v++) if (full[v] instanceof Index.Of) listAxes[i++] = v;
        int length = broadcastLength(laid, listAxes);
        for (int v : listAxes) {
            // numpy checks the entries it reads: lists broadcast to length 0 read none
            Selection.Gather g = length == 0 ? new Selection.Gather(new long[0]) : (Selection.Gather) laid.resolve(v);
            sel[v] = g.count() == length ? g : repeated(g.position(0), length);
        }
        if (lists == 0) return inPlace(laid, sel);
        // The paired axis goes where the advanced indices are (every axis before the first one is a slice or a newaxis), or first.
        int at = advancedSplit(request) ? 0 : firstAdvanced(full);
        List<int[]> axes = new ArrayList<>();
        for (int v = 0; v < full.length; v++) {
            if (axes.size() == at) axes.add(listAxes);
            if (sel[v] instanceof Selection.Slice) axes.add(new int[] {v});
        }
        if (axes.size() == at) axes.add(listAxes);
        return laid.selected(sel, axes.toArray(int[][]::new));
    }

    /** Orthogonal indexing (zarr's {@code oindex}): each list on its own axis, every axis in place, newaxes too. */
    static Selected orthogonal(Index[] request, long[] shape) {
        Laid laid = lay(request, shape);
        Selection[] sel = new Selection[laid.full().length];
        for (int v = 0; v < sel.length; v++) sel[v] = laid.resolve(v);
        return inPlace(laid, sel);
    }

    /** Every axis a selection keeps, on its own and in order; positions drop theirs. */
    private static Selected inPlace(Laid laid, Selection[] sel) {
        int kept = 0;
        for (Selection s : sel) if (!(s instanceof Selection.Point)) kept++;
        int[][] axes = new int[kept][];
        for (int v = 0, a = 0; v < sel.length; v++) if (!(sel[v] instanceof Selection.Point)) axes[a++] = new int[] {v};
        return laid.selected(sel, axes);
    }

    /**
     * The length lists of these lengths broadcast to: their common length, length-1 lists repeating.
     *
     * @throws IllegalArgumentException naming every list's length and axis when they differ otherwise
     */
    private static int broadcastLength(Laid laid, int[] listAxes) {
        Index[] full = laid.full();
        int length = 1;
        boolean mismatch = false;
        for (int v : listAxes) {
            int n = ((Index.Of) full[v]).length();
            if (n == 1) continue;
            if (length != 1 && n != length) mismatch = true;
            length = n;
        }
        if (mismatch) {
            StringBuilder lengths = new StringBuilder();
            for (int v : listAxes) {
                if (!lengths.isEmpty()) lengths.append(", ");
                lengths.append(((Index.Of) full[v]).length()).append(" (axis ").append(laid.slot(v)).append(')');
            }
            throw new IllegalArgumentException(describe(laid.request(), laid.shape()) + ": shape mismatch: lists of lengths " + lengths
                    + " cannot be broadcast together (each must have one common length, or length 1)");
        }
        return length;
    }

    /** A list of one position broadcast to {@code length}. */
    private static Selection.Gather repeated(long position, int length) {
        long[] ps = new long[length];
        Arrays.fill(ps, position);
        return new Selection.Gather(ps);
    }

    /** The first axis of {@code full} a list or a position indexes; -1 when none does. */
    private static int firstAdvanced(Index[] full) {
        for (int v = 0; v < full.length; v++) if (isAdvanced(full[v])) return v;
        return -1;
    }

    /**
     * Whether something other than a list or a position lies between two of them in the request as
     * written: numpy then puts the paired axis first. An ellipsis counts even where it stands for no axis.
     */
    private static boolean advancedSplit(Index[] request) {
        int first = -1, last = -1;
        for (int i = 0; i < request.length; i++) {
            if (!isAdvanced(request[i])) continue;
            if (first < 0) first = i;
            last = i;
        }
        for (int i = first + 1; i < last; i++) if (!isAdvanced(request[i])) return true;
        return false;
    }

    private static boolean isAdvanced(Index i) { return i instanceof Index.Of || i instanceof Index.At; }


    /**
     * Expands the ellipsis and pads with full slices so there is exactly one index per axis of the
     * array, each newaxis kept where it stands between them (the ellipsis stands for the axes the other
     * indices leave, newaxes indexing none).
     *
     * @return {@code ndim} indices plus the request's newaxes, in order
     * @throws IllegalArgumentException for too many indices or more than one ellipsis
     */
    public static Index[] expand(Index[] request, int ndim) {
        return expand(request, ndim, null);
    }

    /** {@code shape} (may be null) only names the array in an error: messages are built on failure only. */
    private static Index[] expand(Index[] request, int ndim, long[] shape) {
        int ellipses = 0;
        for (Index i : request) if (i instanceof Index.Ellipsis) ellipses++;
        if (ellipses > 1) {
            throw new IllegalArgumentException(describe(request, shape, ndim) + ": an index can only have a single ellipsis");
        }
        int indexed = axesIndexed(request);
        if (indexed > ndim) {
            throw new IllegalArgumentException(describe(request, shape, ndim) + ": too many indices: " + indexed + " for "
                    + ndim + " axes");
        }
        int newAxes = request.length - ellipses - indexed;
        Index[] full = new Index[ndim + newAxes];
        int k = 0;
        for (Index i : request) {
            if (i instanceof Index.Ellipsis) {
                for (int j = 0; j < ndim - indexed; j++) full[k++] = Index.all();
            } else {
                full[k++] = i;
            }
        }
        while (k < full.length) full[k++] = Index.all();
        return full;
    }

    /**
     * The number of the array's axes a request indexes: one per index but an ellipsis, which stands
     * for whatever axes are left, and a newaxis, which makes an axis of the result and indexes none.
     */
    public static int axesIndexed(Index... request) {
        int n = 0;
        for (Index i : request) if (!(i instanceof Index.Ellipsis || i instanceof Index.NewAxis)) n++;
        return n;
    }

    /** {@code request} expanded ({@link #expand}) over the array of {@code shape}, with each index's slot. */
    private static Laid lay(Index[] request, long[] shape) {
        Index[] full = expand(request, shape.length, shape);
        if (full.length == shape.length) return new Laid(request, shape, full, null); // no newaxis: each index on its axis
        int[] slot = new int[full.length];
        for (int v = 0, axis = 0, made = shape.length; v < full.length; v++) {
            slot[v] = full[v] instanceof Index.NewAxis ? made++ : axis++;
        }
        return new Laid(request, shape, full, slot);
    }

    /**
     * A request laid over the axes it indexes, in its order ({@code full}): the array's, and for each
     * newaxis one of length 1 of its own. {@code slot(v)} is where the selection of {@code full[v]} goes in
     * a {@link Selected}: the array's axis it indexes, or, for a newaxis, a place past the array's axes
     * (in request order), which reads walk with stride 0. Without a newaxis {@code slots} is null: index
     * {@code v} is on axis {@code v}, and the common request (reads of every offline entry) builds no table.
     */
    private record Laid(Index[] request, long[] shape, Index[] full, int[] slots) {

        int slot(int v) { return slots == null ? v : slots[v]; }

        /** The one bounds check: index {@code v} of {@code full} on its axis, errors naming the request and the array's axis. */
        Selection resolve(int v) {
            if (full[v] instanceof Index.NewAxis) return NEW_AXIS;
            try {
                return full[v].resolve(shape[slot(v)]);
            } catch (IndexOutOfBoundsException e) {
                throw new IndexOutOfBoundsException(describe(request, shape) + ": axis " + slot(v) + ": " + e.getMessage());
            }
        }

        /** The selections {@code sel} of {@code full} and the result axes walking them, moved to their slots. */
        Selected selected(Selection[] sel, int[][] axes) {
            if (slots == null) return new Selected(shape, sel, axes);
            Selection[] perAxis = new Selection[sel.length];
            for (int v = 0; v < sel.length; v++) perAxis[slots[v]] = sel[v];
            int[][] walks = new int[axes.length][];
            for (int a = 0; a < walks.length; a++) {
                int[] w = axes[a].clone();
                for (int i = 0; i < w.length; i++) w[i] = slots[w[i]];
                walks[a] = w;
            }
            return new Selected(shape, perAxis, walks);
        }
    }

    static String describe(Index[] request, long[] shape) {
        return "index [" + Index.format(request) + "] for shape " + Arrays.toString(shape);
    }

    private static String describe(Index[] request, long[] shape, int ndim) {
        return shape != null ? describe(request, shape) : "index [" + Index.format(request) + "] for an array of " + ndim + " axes";
    }
}
