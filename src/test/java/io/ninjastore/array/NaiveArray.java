package io.ninjastore.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The obvious model of an n-d array for checking {@link NdArray}: a shape and its values as a flat
 * C-order {@code long[]}. Indexing is written from Python's and numpy's rules directly (slices walked
 * one position at a time, as {@code range(*slice.indices(n))} walks them), sharing no code with
 * {@link Index}, {@link Indexing} or {@link NdArray}. Public for the offline tests' reference.
 */
public record NaiveArray(long[] shape, long[] values) {

    public NaiveArray {
        long n = 1;
        for (long d : shape) n *= d;
        if (n != values.length) throw new IllegalArgumentException("model: " + values.length + " values for " + Arrays.toString(shape));
    }

    /** Values 0, 1, 2, ... in C order. */
    public static NaiveArray iota(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        long[] v = new long[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return new NaiveArray(shape.clone(), v);
    }

    /**
     * What one index selects on an axis of length {@code n}: a position ({@code kept} false), a slice's
     * or random window's positions, or a list's positions ({@code list}).
     */
    record Axis(List<Long> positions, boolean kept, boolean list) {
        Axis(List<Long> positions, boolean kept) { this(positions, kept, false); }
    }

    /**
     * numpy's indexing, written from its rules: with a list in the request, lists and positions are the
     * advanced indices; the lists broadcast (one common length, length 1 repeating) and are walked
     * together along one axis of the result, which stands where the advanced indices stand when they
     * are consecutive items of the request, first otherwise. {@code windowStarts} gives, for each random
     * index in the request (in order), the offset its window was drawn at from the lowest allowed start.
     *
     * @throws IndexOutOfBoundsException for a position outside its axis (list entries only when the lists broadcast to a non-zero length)
     * @throws IllegalArgumentException for lists that do not broadcast, more indices than axes or two ellipses
     */
    public NaiveArray get(Index[] request, long[] windowStarts) {
        Widened w = widened(request);
        return w.array().paired(w.request(), consecutive(request), windowStarts);
    }

    /** {@link #get} of a request with one index per axis (no ellipsis, no newaxis), the advanced indices' axis placed as said. */
    private NaiveArray paired(Index[] request, boolean consecutive, long[] windowStarts) {
        List<Axis> axes = axes(request, shape, windowStarts, false);
        List<Integer> lists = new ArrayList<>();
        for (int k = 0; k < axes.size(); k++) if (axes.get(k).list()) lists.add(k);
        if (lists.isEmpty()) return orthogonal(axes);
        long length = 1;
        for (int k : lists) {
            long n = axes.get(k).positions().size();
            if (n != 1 && length != 1 && n != length) throw new IllegalArgumentException("shape mismatch");
            if (n != 1) length = n;
        }
        if (length > 0) {
            for (int k : lists) for (long p : axes.get(k).positions()) position(p, shape[k]);
        }
        // The result's dimensions: -1 is the paired one, k >= 0 the slice on axis k.
        List<Integer> dims = new ArrayList<>();
        for (int k = 0; k < axes.size(); k++) if (axes.get(k).kept() && !axes.get(k).list()) dims.add(k);
        int firstAdvanced = 0;
        while (axes.get(firstAdvanced).kept() && !axes.get(firstAdvanced).list()) firstAdvanced++;
        dims.add(consecutive ? firstAdvanced : 0, -1);
        long[] os = new long[dims.size()];
        for (int d = 0; d < os.length; d++) os[d] = dims.get(d) < 0 ? length : axes.get(dims.get(d)).positions().size();
        List<Long> out = new ArrayList<>();
        long[] at = new long[shape.length];
        for (int k = 0; k < shape.length; k++) if (!axes.get(k).kept()) at[k] = axes.get(k).positions().getFirst();
        walk(os, idx -> {
            for (int d = 0; d < idx.length; d++) {
                if (dims.get(d) >= 0) at[dims.get(d)] = axes.get(dims.get(d)).positions().get((int) idx[d]);
                else for (int k : lists) {
                    List<Long> ps = axes.get(k).positions();
                    at[k] = wrap(ps.get(ps.size() == 1 ? 0 : (int) idx[d]), shape[k]);
                }
            }
            out.add(values[(int) flat(at)]);
        });
        return new NaiveArray(os, out.stream().mapToLong(Long::longValue).toArray());
    }

    /** Orthogonal indexing (zarr's oindex): every list on its own axis, every axis in place, every entry checked. */
    public NaiveArray getOrthogonal(Index[] request, long[] windowStarts) {
        Widened w = widened(request);
        return w.array().orthogonal(axes(w.request(), w.array().shape(), windowStarts, true));
    }

    /** The same values seen with more axes of length 1, and a request for it with one index per axis. */
    private record Widened(NaiveArray array, Index[] request) {}

    /**
     * numpy's newaxis from its definition: indexing with {@code None} indexes the array seen with an axis
     * of length 1 inserted where the {@code None} stands, by {@code :}. The ellipsis is expanded first, to
     * the axes the other indices (but the {@code None}s) leave.
     *
     * @throws IllegalArgumentException for more indices than axes or two ellipses
     */
    private Widened widened(Index[] request) {
        int ellipses = 0, newAxes = 0;
        for (Index i : request) {
            if (i == Index.ellipsis()) ellipses++;
            if (i == Index.newAxis()) newAxes++;
        }
        if (ellipses > 1) throw new IllegalArgumentException("two ellipses");
        int explicit = request.length - ellipses - newAxes;
        if (explicit > shape.length) throw new IllegalArgumentException("too many indices");
        List<Long> wide = new ArrayList<>();
        List<Index> full = new ArrayList<>();
        int k = 0;
        for (Index i : request) {
            if (i == Index.newAxis()) {
                wide.add(1L);
                full.add(Index.all());
            } else if (i == Index.ellipsis()) {
                for (int j = 0; j < shape.length - explicit; j++) {
                    wide.add(shape[k++]);
                    full.add(Index.all());
                }
            } else {
                wide.add(shape[k++]);
                full.add(i);
            }
        }
        while (k < shape.length) {
            wide.add(shape[k++]);
            full.add(Index.all());
        }
        return new Widened(new NaiveArray(wide.stream().mapToLong(Long::longValue).toArray(), values), full.toArray(Index[]::new));
    }

    /** Whether the lists and positions of the request are consecutive items of it as written (an ellipsis or a newaxis breaks them). */
    private static boolean consecutive(Index[] request) {
        List<Integer> advanced = new ArrayList<>();
        for (int i = 0; i < request.length; i++) if (request[i] instanceof Index.Of || request[i] instanceof Index.At) advanced.add(i);
        return advanced.isEmpty() || advanced.getLast() - advanced.getFirst() + 1 == advanced.size();
    }

    private NaiveArray orthogonal(List<Axis> axes) {
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < axes.size(); k++) if (axes.get(k).kept()) kept.add(k);
        long[] os = kept.stream().mapToLong(k -> axes.get(k).positions().size()).toArray();
        long[] at = new long[shape.length];
        for (int k = 0; k < shape.length; k++) if (!axes.get(k).kept()) at[k] = axes.get(k).positions().getFirst();
        List<Long> out = new ArrayList<>();
        walk(os, idx -> {
            for (int d = 0; d < idx.length; d++) at[kept.get(d)] = wrap(axes.get(kept.get(d)).positions().get((int) idx[d]), shape[kept.get(d)]);
            out.add(values[(int) flat(at)]);
        });
        return new NaiveArray(os, out.stream().mapToLong(Long::longValue).toArray());
    }

    /** Calls {@code f} with every multi-index of {@code shape}, in C order. */
    private static void walk(long[] shape, java.util.function.Consumer<long[]> f) {
        long n = 1;
        for (long d : shape) n *= d;
        long[] idx = new long[shape.length];
        for (long e = 0; e < n; e++) {
            f.accept(idx);
            for (int k = shape.length - 1; k >= 0 && ++idx[k] == shape[k]; k--) idx[k] = 0;
        }
    }

    private long flat(long[] at) {
        long flat = 0;
        for (int k = 0; k < shape.length; k++) flat = flat * shape[k] + at[k];
        return flat;
    }

    private static long wrap(long p, long n) { return p < 0 ? p + n : p; }

    /** The shape {@code get} gives (random windows need no draw to know their length). */
    static long[] resultShape(Index[] request, long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return new NaiveArray(shape, new long[(int) n]).get(request, new long[request.length]).shape();
    }

    /**
     * Each index of a request with one per axis ({@link #widened}) resolved on its axis: positions and
     * slices checked now; list entries (kept as given, negative ones included) checked only when {@code checkLists}.
     */
    static List<Axis> axes(Index[] full, long[] shape, long[] windowStarts, boolean checkLists) {
        List<Axis> axes = new ArrayList<>();
        int random = 0;
        for (int k = 0; k < shape.length; k++) {
            long n = shape[k];
            Index ix = full[k];
            axes.add(switch (ix) {
                case Index.At at -> new Axis(List.of(position(at.position(), n)), false);
                case Index.Of of -> {
                    List<Long> ps = new ArrayList<>();
                    for (long p : of.positions()) ps.add(checkLists ? position(p, n) : p);
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
                case Index.NewAxis e -> throw new IllegalStateException("widened above");
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
