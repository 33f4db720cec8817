package io.ninjastore.array;

import java.util.Arrays;

/**
 * Resolves a full index request against a shape: expands the ellipsis, fills missing trailing axes
 * with {@link Index#all()}, checks the rank and every bound. The one place where an index request is
 * validated, so every error carries the request and the shape.
 */
public final class Indexing {
    private Indexing() {}

    /**
     * @return one selection per axis of {@code shape}
     * @throws IndexOutOfBoundsException for a position outside an axis
     * @throws IllegalArgumentException for too many indices or more than one ellipsis
     */
    public static Selection[] resolve(Index[] request, long[] shape) {
        Index[] full = expand(request, shape.length);
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

    /** Expands the ellipsis and pads with full slices so there is exactly one index per axis. */
    public static Index[] expand(Index[] request, int ndim) {
        int ellipses = 0;
        for (Index i : request) if (i instanceof Index.Ellipsis) ellipses++;
        if (ellipses > 1) {
            throw new IllegalArgumentException("an index can only have a single ellipsis: [" + Index.format(request) + "]");
        }
        int explicit = request.length - ellipses;
        if (explicit > ndim) {
            throw new IllegalArgumentException("too many indices for array: [" + Index.format(request) + "] has "
                    + explicit + " but the array is " + ndim + "-dimensional");
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
}
