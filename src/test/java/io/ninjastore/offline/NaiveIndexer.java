package io.ninjastore.offline;

import io.ninjastore.array.Index;
import io.ninjastore.array.NaiveArray;
import io.ninjastore.array.NdArray;

import java.util.Arrays;

/**
 * The reference for index semantics in the offline tests: an array is a shape and its values in C
 * order, indexed by {@link NaiveArray}, the model written from numpy's rules (and CPython's
 * {@code slice.indices}) that shares no code with {@link Index}; here it picks positions, which are
 * then read one by one. Lists pair as numpy pairs them, so a stage reads what the same numpy index reads.
 */
final class NaiveIndexer {
    private NaiveIndexer() {}

    /** An array for reference purposes: shape and C-order values. */
    record Ref(long[] shape, double[] values) {
        static Ref of(NdArray a) { return new Ref(a.shape(), a.toDoubleArray()); }

        boolean matches(NdArray a) {
            return Arrays.equals(shape, a.shape()) && Arrays.equals(values, a.toDoubleArray());
        }

        @Override
        public String toString() { return Arrays.toString(shape) + " " + Arrays.toString(values); }
    }

    /** Thrown where numpy raises IndexError (out of range) or a request is malformed. */
    static final class Refused extends RuntimeException {
        final boolean outOfRange;

        Refused(boolean outOfRange, String message) {
            super(message);
            this.outOfRange = outOfRange;
        }
    }

    /** {@code x[request]} as numpy reads it; no random windows. */
    static Ref apply(Ref x, Index... request) {
        NaiveArray picked;
        try {
            picked = NaiveArray.iota(x.shape).get(request, new long[request.length]);
        } catch (IndexOutOfBoundsException e) {
            throw new Refused(true, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Refused(false, e.getMessage());
        }
        double[] values = new double[picked.values().length];
        for (int i = 0; i < values.length; i++) values[i] = x.values[(int) picked.values()[i]];
        return new Ref(picked.shape(), values);
    }
}
