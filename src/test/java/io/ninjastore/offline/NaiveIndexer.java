package io.ninjastore.offline;

import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately simple reference for index semantics, written from numpy's rules and CPython's
 * {@code slice.indices} rather than from {@link Index}: an array is a shape and its values in C order,
 * and indexing builds the list of source positions axis by axis, then reads them one by one.
 * Positions drop their axis; ranges and lists keep it; lists combine as an outer product (the
 * orthogonal indexing {@link Index#of} documents); one list apart from a position goes first, as in
 * numpy; one ellipsis stands for the missing full slices.
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

    static Ref apply(Ref x, Index... request) {
        int nd = x.shape.length;
        int ellipses = 0;
        for (Index i : request) if (i instanceof Index.Ellipsis) ellipses++;
        if (ellipses > 1) throw new Refused(false, "two ellipses");
        int explicit = request.length - ellipses;
        if (explicit > nd) throw new Refused(false, "too many indices");
        List<Index> full = new ArrayList<>();
        for (Index i : request) {
            if (i instanceof Index.Ellipsis) for (int k = 0; k < nd - explicit; k++) full.add(null);
            else full.add(i);
        }
        while (full.size() < nd) full.add(null); // null: the whole axis

        List<long[]> picks = new ArrayList<>(); // per axis, the source positions
        List<Long> outShape = new ArrayList<>();
        for (int k = 0; k < nd; k++) {
            long n = x.shape[k];
            Index i = full.get(k);
            long[] p = switch (i) {
                case null -> range(n, null, null, 1);
                case Index.At at -> new long[] {position(at.position(), n)};
                case Index.Range r -> range(n, r.start(), r.stop(), r.step());
                case Index.Of of -> {
                    long[] ps = of.positions();
                    for (int j = 0; j < ps.length; j++) ps[j] = position(ps[j], n);
                    yield ps;
                }
                default -> throw new IllegalArgumentException("not a reference index: " + i);
            };
            picks.add(p);
            if (!(i instanceof Index.At)) outShape.add((long) p.length);
        }
        long[] shape = outShape.stream().mapToLong(Long::longValue).toArray();
        int total = 1;
        for (long[] p : picks) total *= p.length;
        double[] values = new double[total];
        long[] srcStrides = new long[nd];
        long s = 1;
        for (int k = nd - 1; k >= 0; k--) {
            srcStrides[k] = s;
            s *= x.shape[k];
        }
        int[] idx = new int[nd];
        for (int e = 0; e < total; e++) {
            long flat = 0;
            for (int k = 0; k < nd; k++) flat += picks.get(k)[idx[k]] * srcStrides[k];
            values[e] = x.values[(int) flat];
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < picks.get(k).length) break;
                idx[k] = 0;
            }
        }
        // numpy: one list beside positions it is not adjacent to (a slice between them) puts its axis first.
        List<Integer> advanced = new ArrayList<>();
        int lists = 0, listAt = -1, kept = 0;
        for (int k = 0; k < nd; k++) {
            Index i = full.get(k);
            if (i instanceof Index.Of) {
                lists++;
                listAt = kept;
            }
            if (i instanceof Index.Of || i instanceof Index.At) advanced.add(k);
            if (!(i instanceof Index.At)) kept++;
        }
        boolean split = lists == 1 && advanced.getLast() - advanced.getFirst() + 1 != advanced.size();
        Ref r = new Ref(shape, values);
        return split ? toFront(r, listAt) : r;
    }

    /** {@code np.moveaxis(x, axis, 0)}, element by element. */
    static Ref toFront(Ref x, int axis) {
        long[] shape = x.shape;
        long[] moved = new long[shape.length];
        moved[0] = shape[axis];
        for (int k = 0, j = 1; k < shape.length; k++) if (k != axis) moved[j++] = shape[k];
        double[] out = new double[x.values.length];
        long[] idx = new long[shape.length]; // index into x, C order
        for (int e = 0; e < out.length; e++) {
            long flat = idx[axis]; // position in the moved array: the list's axis first, then the others in order
            for (int k = 0; k < shape.length; k++) if (k != axis) flat = flat * shape[k] + idx[k];
            out[(int) flat] = x.values[e];
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
        return new Ref(moved, out);
    }

    private static long position(long i, long n) {
        long p = i < 0 ? i + n : i;
        if (p < 0 || p >= n) throw new Refused(true, "index " + i + " out of range for " + n);
        return p;
    }

    /** CPython's {@code PySlice_AdjustIndices}, then {@code range(start, stop, step)}. */
    static long[] range(long n, Long start, Long stop, long step) {
        if (step == 0) throw new Refused(false, "zero step");
        long lo = adjust(start, n, step, step < 0 ? n - 1 : 0);
        long hi = adjust(stop, n, step, step < 0 ? -1 : n);
        List<Long> out = new ArrayList<>();
        for (long i = lo; step > 0 ? i < hi : i > hi; i += step) out.add(i);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long adjust(Long v, long n, long step, long dflt) {
        if (v == null) return dflt;
        long x = v;
        if (x < 0) {
            x += n;
            if (x < 0) x = step < 0 ? -1 : 0;
        } else if (x >= n) {
            x = step < 0 ? n - 1 : n;
        }
        return x;
    }
}
