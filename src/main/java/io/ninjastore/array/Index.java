package io.ninjastore.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One index along one axis, numpy style: a position ({@link #at}), a range with a step
 * ({@link #range}), everything ({@link #all}), a list of positions ({@link #of}), a random window
 * ({@link #random}, lardon's {@code randslice}), an ellipsis standing for "all remaining axes", or
 * numpy's newaxis ({@link #newAxis}, {@code None}), which makes a new axis of length 1 and indexes none.
 *
 * <p>The same model serves {@link NdArray#get(Index...)}, the offline layer and the CLI's slice
 * expressions ({@link #parse(String)}). Indices are plain immutable values and thread-safe, except
 * that a {@link Random} index draws from the generator it was given, which is only as thread-safe as
 * that generator. Resolution against an axis happens in {@link #resolve(long)} and
 * {@link Indexing#resolve}, the single place where bounds are checked.
 */
public sealed interface Index permits Index.At, Index.Range, Index.Of, Index.Random, Index.Ellipsis, Index.NewAxis {

    /** Position {@code i} along the axis, negative counting from the end; the axis is dropped. */
    static Index at(long i) { return new At(i); }

    /** {@code start:stop:step}; a null bound takes numpy's default for the sign of step. */
    static Index range(Long start, Long stop, long step) { return new Range(start, stop, step); }

    /** {@code start:stop}. */
    static Index range(long start, long stop) { return new Range(start, stop, 1); }

    /** {@code :}, the whole axis. */
    static Index all() { return Range.ALL; }

    /**
     * The listed positions, in order, negative counting from the end (a gather: reads copy). Several
     * lists in one request pair up as in numpy ({@code a[[0, 1], [2, 3]]} reads {@code a[0, 2]} and
     * {@code a[1, 3]}), see {@link NdArray#get(Index...)}; {@link NdArray#getOrthogonal(Index...)} selects
     * their outer product instead.
     */
    static Index of(long... positions) { return new Of(positions.clone()); }

    /** {@code ...}: as many {@link #all()} as needed to index every axis. */
    static Index ellipsis() { return Ellipsis.INSTANCE; }

    /**
     * numpy's {@code np.newaxis} ({@code None}): an axis of length 1 in the result, where it stands in the
     * request, indexing no axis of the array. It does not count toward the array's axes (an ellipsis
     * stands for as many more), and between lists or positions it separates them as a slice does; see
     * {@link NdArray#get(Index...)}. A view gives it stride 0.
     */
    static Index newAxis() { return NewAxis.INSTANCE; }

    /** A window of {@code length} positions at a random start, drawn anew on every resolution. */
    static Index random(long length, RandomGenerator rng) { return new Random(length, null, null, rng); }

    /** A random window of {@code length} positions within {@code [start, stop)} of the axis. */
    static Index random(long length, long start, long stop, RandomGenerator rng) {
        return new Random(length, start, stop, rng);
    }

    /**
     * Parses numpy-like text: comma separated items, each an integer ({@code -1}), a slice
     * ({@code 1:3}, {@code ::2}, {@code 5::-1}), {@code :}, {@code ...}, a bracketed list of
     * integers ({@code [0, 2, 5]}), or a newaxis: {@code None}, {@code np.newaxis}, {@code numpy.newaxis} or
     * {@code newaxis}. As in Python, a slice bound written {@code None} is absent ({@code None:2} is {@code :2}).
     *
     * @throws IllegalArgumentException quoting the text and the offending item
     */
    static Index[] parse(String text) { return IndexParser.parse(text); }

    /** Resolves this index against an axis of the given length; see {@link Selection}. */
    Selection resolve(long axisLength);

    /** A single position: the axis disappears from the result. */
    record At(long position) implements Index {
        @Override
        public Selection resolve(long n) {
            long p = position < 0 ? position + n : position;
            if (p < 0 || p >= n) {
                throw new IndexOutOfBoundsException("index " + position + " is out of bounds for axis of length " + n);
            }
            return new Selection.Point(p);
        }

        @Override public String toString() { return Long.toString(position); }
    }

    /** A slice; bounds are clamped as numpy clamps them, a zero step is an error. */
    record Range(Long start, Long stop, long step) implements Index {
        static final Range ALL = new Range(null, null, 1);

        public Range {
            if (step == 0) throw new IllegalArgumentException("slice step cannot be zero");
        }

        @Override
        public Selection resolve(long n) {
            // Python's slice.indices(n); counts avoid lo + step overflowing for huge steps.
            if (step > 0) {
                long lo = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
                long hi = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
                long count = hi > lo ? (hi - lo - 1) / step + 1 : 0;
                return new Selection.Slice(count == 0 ? 0 : lo, step, count);
            }
            long lo = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
            long hi = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
            // -step as unsigned: Long.MIN_VALUE is a step of 2^63
            long count = lo > hi ? Long.divideUnsigned(lo - hi - 1, -step) + 1 : 0;
            return new Selection.Slice(count == 0 ? 0 : lo, step, count);
        }

        private static long clamp(long v, long lo, long hi) { return Math.max(lo, Math.min(hi, v)); }

        @Override
        public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
        }
    }

    /** Listed positions. */
    record Of(long[] positions) implements Index {
        public Of {
            positions = positions.clone();
        }

        @Override
        public long[] positions() { return positions.clone(); }

        /** The number of positions listed. */
        public int length() { return positions.length; }

        @Override
        public Selection resolve(long n) {
            long[] out = new long[positions.length];
            for (int i = 0; i < out.length; i++) {
                long p = positions[i] < 0 ? positions[i] + n : positions[i];
                if (p < 0 || p >= n) {
                    throw new IndexOutOfBoundsException("index " + positions[i] + " is out of bounds for axis of length " + n);
                }
                out[i] = p;
            }
            return new Selection.Gather(out);
        }

        @Override public boolean equals(Object o) { return o instanceof Of other && Arrays.equals(positions, other.positions); }
        @Override public int hashCode() { return Arrays.hashCode(positions); }
        @Override public String toString() { return Arrays.toString(positions); }
    }

    /** A random contiguous window; every call to {@link #resolve} draws a new start. */
    record Random(long length, Long start, Long stop, RandomGenerator rng) implements Index {
        public Random {
            Objects.requireNonNull(rng, "rng");
            if (length < 0) throw new IllegalArgumentException("random window length must be >= 0, got " + length);
        }

        @Override
        public Selection resolve(long n) {
            long lo = start == null ? 0 : (start < 0 ? start + n : start);
            long hi = stop == null ? n : (stop < 0 ? stop + n : stop);
            if (lo < 0 || hi > n || hi - lo < length) {
                throw new IndexOutOfBoundsException("random window of " + length + " does not fit in [" + lo + ", " + hi
                        + ") of an axis of length " + n);
            }
            long first = lo + (hi - lo == length ? 0 : rng.nextLong(hi - lo - length + 1));
            return new Selection.Slice(first, 1, length);
        }

        @Override
        public String toString() { return "random(" + length + (start == null ? "" : ", " + start + ", " + stop) + ")"; }
    }

    /** Stands for as many full slices as the array has unindexed axes. */
    enum Ellipsis implements Index {
        INSTANCE;

        @Override public Selection resolve(long axisLength) { throw placedNotResolved(this); }
        @Override public String toString() { return "..."; }
    }

    /** A new axis of length 1 in the result; it indexes no axis of the array. */
    enum NewAxis implements Index {
        INSTANCE;

        @Override public Selection resolve(long axisLength) { throw placedNotResolved(this); }
        @Override public String toString() { return "None"; }
    }

    /**
     * What resolving an ellipsis or a newaxis throws: {@link Indexing} places them among the axes (the
     * ellipsis expanded, the newaxis given an axis of its own), and neither is resolved against an axis.
     */
    private static IllegalStateException placedNotResolved(Index i) {
        return new IllegalStateException("'" + i + "' is placed among the axes by Indexing, never resolved against one");
    }

    /** Formats indices back to the text {@link #parse} reads. */
    static String format(Index... indices) {
        List<String> parts = new ArrayList<>();
        for (Index i : indices) parts.add(i.toString());
        return String.join(", ", parts);
    }
}
