package io.ninjastore.array;

/**
 * Walks the byte offsets of a strided array's elements in C order, one step at a time, with an
 * index per axis instead of a division per element. Not thread-safe: one walk, one owner.
 */
final class Odometer {
    private final long[] shape;
    private final long[] strides;
    private final int axes;
    private final long[] index;
    private long offset;

    /** Walks the first {@code axes} axes of {@code shape}/{@code strides} from {@code offset}. */
    Odometer(long[] shape, long[] strides, int axes, long offset) {
        this.shape = shape;
        this.strides = strides;
        this.axes = axes;
        this.index = new long[axes];
        this.offset = offset;
    }

    /** The byte offset of the current element. */
    long offset() { return offset; }

    /** Moves to the next element in C order (past the last one it wraps to the first). */
    void next() {
        for (int k = axes - 1; k >= 0; k--) {
            if (++index[k] < shape[k]) {
                offset += strides[k];
                return;
            }
            offset -= (shape[k] - 1) * strides[k];
            index[k] = 0;
        }
    }
}
