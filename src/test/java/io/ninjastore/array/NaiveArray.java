package io.ninjastore.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The obvious model of an n-d array for checking {@link NdArray}: a shape and its values as a flat
 * C-order {@code long[]}. Indexing is written from Python's rules directly (slices walked one
 * position at a time, as {@code range(*slice.indices(n))} walks them), sharing no code with
 * {@link Index}, {@link Indexing} or {@link NdArray}.
 */
record NaiveArray(long[] shape, long[] values) {

    NaiveArray {
        long n = 1;
        for (long d : shape) n *= d;
        if (n != values.length) throw new IllegalArgumentException("model: " + values.length + " values for " + Arrays.toString(shape));
    }

    /** Values 0, 1, 2, ... in C order. */
    static NaiveArray iota(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        long[] v = new long[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return new NaiveArray(shape.clone(), v);
    }

    /** What one index selects on an axis of length {@code n}, whether the axis stays, and whether a list selected it. */
    record Axis(List<Long> positions, boolean kept, boolean list) {
        Axis(List<Long> positions, boolean kept) { this(positions, kept, false); }
    }

    /**
     * Numpy-style indexing with orthogonal lists, axes ordered as {@link #order} says. {@code windowStarts} gives, for each random index in
     * the request (in order), the offset its window was drawn at from the lowest allowed start.
     *
     * @throws IndexOutOfBoundsException for a position outside its axis
     * @throws IllegalArgumentException for more indices than axes or two ellipses
     */
    NaiveArray get(Index[] request, long[] windowStarts) {
        List<Axis> axes = axes(request, shape, windowStarts);
        List<Integer> order = order(axes);
        long[] os = order.stream().mapToLong(k -> axes.get(k).positions().size()).toArray();
        List<Long> out = new ArrayList<>();
        collect(axes, order, 0, new long[shape.length], out);
        return new NaiveArray(os, out.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The source axes of the result, in numpy's order: with exactly one list, the list and the positions
     * are the advanced indices, and when they do not form one unbroken run the list's axis goes first.
     * Several lists (an outer product) stay in place.
     */
    static List<Integer> order(List<Axis> axes) {
        List<Integer> advanced = new ArrayList<>();
        int lists = 0, listAxis = -1;
        for (int k = 0; k < axes.size(); k++) {
            if (axes.get(k).list()) {
                lists++;
                listAxis = k;
            }
            if (axes.get(k).list() || !axes.get(k).kept()) advanced.add(k);
        }
        boolean first = lists == 1 && advanced.getLast() - advanced.getFirst() + 1 != advanced.size();
        List<Integer> out = new ArrayList<>();
        if (first) out.add(listAxis);
        for (int k = 0; k < axes.size(); k++) if (axes.get(k).kept() && !(first && k == listAxis)) out.add(k);
        return out;
    }

    /** Walks the result's axes in {@code order}, reading each element at its source position. */
    private void collect(List<Axis> axes, List<Integer> order, int i, long[] at, List<Long> out) {
        if (i == order.size()) {
            long flat = 0;
            for (int k = 0; k < axes.size(); k++) flat = flat * shape[k] + (axes.get(k).kept() ? at[k] : axes.get(k).positions().getFirst());
            out.add(values[(int) flat]);
            return;
        }
        int k = order.get(i);
        for (long p : axes.get(k).positions()) {
            at[k] = p;
            collect(axes, order, i + 1, at, out);
        }
    }

    /** The shape {@code get} gives (random windows need no draw to know their length). */
    static long[] resultShape(Index[] request, long[] shape) {
        List<Axis> axes = axes(request, shape, new long[request.length]);
        return order(axes).stream().mapToLong(k -> axes.get(k).positions().size()).toArray();
    }

    static List<Axis> axes(Index[] request, long[] shape, long[] windowStarts) {
        int ellipses = 0;
        for (Index i : request) if (i == Index.ellipsis()) ellipses++;
        if (ellipses > 1) throw new IllegalArgumentException("two ellipses");
        int explicit = request.length - ellipses;
        if (explicit > shape.length) throw new IllegalArgumentException("too many indices");
        List<Index> full = new ArrayList<>();
        for (Index i : request) {
            if (i == Index.ellipsis()) for (int j = 0; j < shape.length - explicit; j++) full.add(Index.all());
            else full.add(i);
        }
        while (full.size() < shape.length) full.add(Index.all());
        List<Axis> axes = new ArrayList<>();
        int random = 0;
        for (int k = 0; k < shape.length; k++) {
            long n = shape[k];
            Index ix = full.get(k);
            axes.add(switch (ix) {
                case Index.At at -> new Axis(List.of(position(at.position(), n)), false);
                case Index.Of of -> {
                    List<Long> ps = new ArrayList<>();
                    for (long p : of.positions()) ps.add(position(p, n));
                    yield new Axis(ps, true, true);
                }
                case Index.Range r -> new Axis(slice(r.start(), r.stop(), r.step(), n), true);
                case Index.Random w -> {
                    long lo = w.start() == null ? 0 : w.start() < 0 ? w.start() + n : w.start();
                    long hi = w.stop() == null ? n : w.stop() < 0 ? w.stop() + n : w.stop();
                    if (lo < 0 || hi > n || hi - lo < w.length()) throw new IndexOutOfBoundsException("window");
                    long first = lo + windowStarts[random++];
                    List<Long> ps = new ArrayList<>();
                    for (long p = first; p < first + w.length(); p++) ps.add(p);
                    yield new Axis(ps, true);
                }
                case Index.Ellipsis e -> throw new IllegalStateException("expanded above");
            });
        }
        return axes;
    }

    private static long position(long p, long n) {
        long q = p < 0 ? p + n : p;
        if (q < 0 || q >= n) throw new IndexOutOfBoundsException(p + " for " + n);
        return q;
    }

    /** CPython's PySlice_AdjustIndices, then the positions one by one. */
    static List<Long> slice(Long start, Long stop, long step, long n) {
        long lo, hi;
        if (start == null) lo = step < 0 ? n - 1 : 0;
        else {
            lo = start;
            if (lo < 0) {
                lo += n;
                if (lo < 0) lo = step < 0 ? -1 : 0;
            } else if (lo >= n) lo = step < 0 ? n - 1 : n;
        }
        if (stop == null) hi = step < 0 ? -1 : n;
        else {
            hi = stop;
            if (hi < 0) {
                hi += n;
                if (hi < 0) hi = step < 0 ? -1 : 0;
            } else if (hi >= n) hi = step < 0 ? n - 1 : n;
        }
        List<Long> ps = new ArrayList<>();
        for (long i = lo; step > 0 ? i < hi : i > hi; ) {
            ps.add(i);
            try {
                i = Math.addExact(i, step);
            } catch (ArithmeticException overflow) {
                break; // past any axis
            }
        }
        return ps;
    }
}
