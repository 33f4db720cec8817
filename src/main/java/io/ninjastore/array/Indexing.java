package io.ninjastore.array;

import java.util.Arrays;

/**
 * Resolves a full index request against a shape: expands the ellipsis, fills missing trailing axes
 * with {@link Index#all()}, checks the rank and every bound. The one place where an index request is
 * validated, so every error carries the request and the shape. Stateless and thread-safe.
 */
public final class Indexing {
    private Indexing() {}

    /**
     * @return one selection per axis of {@code shape}
     * @throws IndexOutOfBoundsException for a position outside an axis
     * @throws IllegalArgumentException for too many indices or more than one ellipsis
     */
    public static Selection[] resolve(Index[] request, long[] shape) {
        Index[] full = expand(request, shape.length, shape);
        Selection[] out = new Selection[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            try {
                out[axis] = full[axis].resolve(shape[axis]);
            } catch (IndexOutOfBoundsException e) {
                throw new IndexOutOfBoundsException(describe(request, shape) + ": axis " + axis + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The axes of the indexed array that a result of {@code sel} keeps (all but the positions), in the
     * order numpy gives them. numpy calls a list index and, beside it, every position "advanced"; when a
     * slice separates two advanced indices (as in {@code a[1, :, [0, 2]]}), the list's axis comes first,
     * otherwise it stays where the list is. Several lists select their outer product here (zarr's
     * {@code oindex}, not numpy's pairing) and keep their places.
     */
    public static int[] resultAxes(Selection[] sel) {
        int lists = 0, list = -1, firstAdvanced = -1, lastAdvanced = -1, kept = 0;
        for (int k = 0; k < sel.length; k++) {
            if (!(sel[k] instanceof Selection.Point)) kept++;
            if (sel[k] instanceof Selection.Gather) {
                lists++;
                list = k;
            }
            if (!(sel[k] instanceof Selection.Slice)) {
                if (firstAdvanced < 0) firstAdvanced = k;
                lastAdvanced = k;
            }
        }
        boolean listFirst = false;
        if (lists == 1) {
            for (int k = firstAdvanced; k <= lastAdvanced; k++) listFirst |= sel[k] instanceof Selection.Slice;
        }
        int[] out = new int[kept];
        int j = 0;
        if (listFirst) out[j++] = list;
        for (int k = 0; k < sel.length; k++) {
            if (!(sel[k] instanceof Selection.Point) && !(listFirst && k == list)) out[j++] = k;
        }
        return out;
    }

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
