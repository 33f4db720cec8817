package io.ninjastore.array;

/**
 * An {@link Index} resolved against one axis: concrete, in-bounds positions.
 */
public sealed interface Selection permits Selection.Point, Selection.Slice, Selection.Gather {

    /** Number of positions selected (1 for a point, whose axis is dropped). */
    long count();

    /** The k-th selected position. */
    long position(long k);

    /** One position; the axis is dropped from the result. */
    record Point(long position) implements Selection {
        @Override public long count() { return 1; }
        @Override public long position(long k) { return position; }
    }

    /** An arithmetic progression: a view is possible. */
    record Slice(long start, long step, long count) implements Selection {
        @Override public long position(long k) { return start + k * step; }
    }

    /** Arbitrary positions: reading gathers a copy. */
    record Gather(long[] positions) implements Selection {
        @Override public long count() { return positions.length; }
        @Override public long position(long k) { return positions[Math.toIntExact(k)]; }
    }
}
