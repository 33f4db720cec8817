package io.ninjastore.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a full index request against a shape: expands the ellipsis, fills missing trailing axes
 * with {@link Index#all()}, checks the rank and every bound, and says where each axis of the result
 * comes from, as numpy does ({@link Selected#of}) or orthogonally ({@link Selected#orthogonal}). The one
 * place where an index request is validated, so every error carries the request and the shape.
 * Stateless and thread-safe.
 */
public final class Indexing {
    private Indexing() {}

    /**
     * Each index resolved on its own axis, every list checked: the per-axis form of orthogonal
     * indexing ({@link Selected#orthogonal}), also what resolves a single axis such as the entry axis of
     * an offline data list.
     *
     * @return one selection per axis of {@code shape}
     * @throws IndexOutOfBoundsException for a position outside an axis
     * @throws IllegalArgumentException for too many indices or more than one ellipsis
     */
    public static Selection[] resolve(Index[] request, long[] shape) {
        Index[] full = expand(request, shape.length, shape);
        Selection[] out = new Selection[shape.length];
        for (int axis = 0; axis < shape.length; axis++) out[axis] = resolve(full, axis, request, shape);
        return out;
    }

    /** The one bounds check: axis {@code axis} of the expanded request, errors naming the request and the axis. */
    private static Selection resolve(Index[] full, int axis, Index[] request, long[] shape) {
        try {
            return full[axis].resolve(shape[axis]);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(describe(request, shape) + ": axis " + axis + ": " + e.getMessage());
        }
    }

    /**
     * numpy's indexing. Lists and, beside them, positions are numpy's "advanced" indices: the lists are
     * broadcast together (each of one common length or of length 1) and walked in step, so
     * {@code a[[0, 1], [2, 3]]} reads {@code a[0, 2]} and {@code a[1, 3]} along one result axis. That axis
     * stands where the advanced indices stand when they are one unbroken run of the request as written;
     * when anything else (a slice, an ellipsis even of no axis) lies between two of them, it comes first.
     * Bounds are checked in numpy's order: positions, then the lists' lengths, then the lists' entries,
     * which are not checked at all when the lists broadcast to length 0 (numpy reads none of them).
     *
     * @throws IndexOutOfBoundsException for a position or list entry outside its axis
     * @throws IllegalArgumentException for lists that cannot be broadcast together, too many indices or
     *         more than one ellipsis
     */
    static Selected numpy(Index[] request, long[] shape) {
        Index[] full = expand(request, shape.length, shape);
        Selection[] sel = new Selection[shape.length];
        int lists = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (full[axis] instanceof Index.Of) lists++;
            else sel[axis] = resolve(full, axis, request, shape);
        }
        int[] listAxes = new int[lists];
        for (int axis = 0, i = 0; axis < shape.length; axis++) if (full[axis] instanceof Index.Of) listAxes[i++] = axis;
        int length = broadcastLength(full, listAxes, request, shape);
        for (int axis : listAxes) {
            // numpy checks the entries it reads: lists broadcast to length 0 read none
            Selection.Gather g = length == 0 ? new Selection.Gather(new long[0]) : (Selection.Gather) resolve(full, axis, request, shape);
            sel[axis] = g.count() == length ? g : repeated(g.position(0), length);
        }
        if (lists == 0) return inPlace(shape, sel);
        // The paired axis goes where the advanced indices are (every axis before the first one is a slice), or first.
        int at = advancedSplit(request) ? 0 : firstAdvanced(full);
        List<int[]> axes = new ArrayList<>();
        for (int axis = 0; axis < shape.length; axis++) {
            if (axes.size() == at) axes.add(listAxes);
            if (sel[axis] instanceof Selection.Slice) axes.add(new int[] {axis});
        }
        if (axes.size() == at) axes.add(listAxes);
        return new Selected(shape, sel, axes.toArray(int[][]::new));
    }

    /** Orthogonal indexing (zarr's {@code oindex}): each list on its own axis, every axis in place. */
    static Selected orthogonal(Index[] request, long[] shape) {
        return inPlace(shape, resolve(request, shape));
    }

    /** Every axis a selection keeps, on its own and in order; positions drop theirs. */
    private static Selected inPlace(long[] shape, Selection[] sel) {
        int kept = 0;
        for (Selection s : sel) if (!(s instanceof Selection.Point)) kept++;
        int[][] axes = new int[kept][];
        for (int k = 0, a = 0; k < sel.length; k++) if (!(sel[k] instanceof Selection.Point)) axes[a++] = new int[] {k};
        return new Selected(shape, sel, axes);
    }

    /**
     * The length lists of these lengths broadcast to: their common length, length-1 lists repeating.
     *
     * @throws IllegalArgumentException naming every list's length and axis when they differ otherwise
     */
    private static int broadcastLength(Index[] full, int[] listAxes, Index[] request, long[] shape) {
        int length = 1;
        boolean mismatch = false;
        for (int axis : listAxes) {
            int n = ((Index.Of) full[axis]).length();
            if (n == 1) continue;
            if (length != 1 && n != length) mismatch = true;
            length = n;
        }
        if (mismatch) {
            StringBuilder lengths = new StringBuilder();
            for (int axis : listAxes) {
                if (!lengths.isEmpty()) lengths.append(", ");
                lengths.append(((Index.Of) full[axis]).length()).append(" (axis ").append(axis).append(')');
            }
            throw new IllegalArgumentException(describe(request, shape) + ": shape mismatch: lists of lengths " + lengths
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

    /** The first axis a list or a position indexes; -1 when none does. */
    private static int firstAdvanced(Index[] full) {
        for (int axis = 0; axis < full.length; axis++) if (isAdvanced(full[axis])) return axis;
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


    /** Expands the ellipsis and pads with full slices so there is exactly one index per axis. */
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
        int explicit = request.length - ellipses;
        if (explicit > ndim) {
            throw new IllegalArgumentException(describe(request, shape, ndim) + ": too many indices: " + explicit + " for "
                    + ndim + " axes");
        }
        Index[] full = new Index[ndim];
        int k = 0;
        for (Index i : request) {
            if (i instanceof Index.Ellipsis) {
                for (int j = 0; j < ndim - explicit; j++) full[k++] = Index.all();
            } else {
                full[k++] = i;
            }
        }
        while (k < ndim) full[k++] = Index.all();
        return full;
    }

    static String describe(Index[] request, long[] shape) {
        return "index [" + Index.format(request) + "] for shape " + Arrays.toString(shape);
    }

    private static String describe(Index[] request, long[] shape, int ndim) {
        return shape != null ? describe(request, shape) : "index [" + Index.format(request) + "] for an array of " + ndim + " axes";
    }
}
