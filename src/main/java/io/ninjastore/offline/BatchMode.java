package io.ninjastore.offline;

import io.ninjastore.array.Batching;
import io.ninjastore.array.NdArray;

import java.util.List;
import java.util.Objects;

/**
 * How a read of several entries is returned (lardon's {@code batch_mode}): as a list of arrays, or
 * stacked into one array after padding every entry to the largest size on each axis (with a constant
 * or the edge values) or cropping it to the smallest. Stacking promotes dtypes as numpy does.
 * Immutable.
 *
 * @param padMode for {@link Kind#PAD}: constant or edge; null otherwise
 * @param padValue for {@link Kind#PAD} with {@link Batching.PadMode#CONSTANT}: the fill value
 */
public record BatchMode(Kind kind, Batching.PadMode padMode, double padValue) {
    public enum Kind { LIST, PAD, CROP }

    /** One array per entry. */
    public static final BatchMode LIST = new BatchMode(Kind.LIST, null, 0);
    /** Stacked after cropping to the smallest size on each axis (the leading part is kept). */
    public static final BatchMode CROP = new BatchMode(Kind.CROP, null, 0);

    public BatchMode {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.PAD) != (padMode != null)) {
            throw new IllegalArgumentException("a pad mode goes with Kind.PAD, and only with it: " + kind + ", " + padMode);
        }
    }

    /** Stacked after padding with {@code value} to the largest size on each axis. */
    public static BatchMode pad(double value) { return new BatchMode(Kind.PAD, Batching.PadMode.CONSTANT, value); }

    /** Stacked after padding with each entry's edge values (numpy's {@code mode="edge"}). */
    public static BatchMode padEdge() { return new BatchMode(Kind.PAD, Batching.PadMode.EDGE, 0); }

    /** Several arrays (at least one) as this mode returns them. */
    Batch combine(List<NdArray> arrays) {
        return switch (kind) {
            case LIST -> new Batch.PerEntry(arrays);
            case PAD -> new Batch.Stacked(Batching.pad(arrays, padMode, padValue));
            case CROP -> new Batch.Stacked(Batching.crop(arrays));
        };
    }
}
