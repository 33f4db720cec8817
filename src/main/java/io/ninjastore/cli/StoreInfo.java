package io.ninjastore.cli;

import io.ninjastore.array.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@code ninjastore info} reports about a store (spec J-7): its type, length, and where they
 * apply its dtype, per-axis extents and order. An axis whose extent varies between entries (offline
 * data sets) has {@code min < max}.
 *
 * <p>Immutable and thread-safe.
 */
public final class StoreInfo {
    private final String type;
    private final long length;
    private final DType dtype;
    private final long[] shapeMin;
    private final long[] shapeMax;
    private final Character order;

    private StoreInfo(String type, long length, DType dtype, long[] shapeMin, long[] shapeMax, Character order) {
        this.type = Objects.requireNonNull(type, "type");
        this.length = length;
        this.dtype = dtype;
        this.shapeMin = shapeMin;
        this.shapeMax = shapeMax;
        this.order = order;
    }

    /** A dense store or {@code .npy} file: full shape and order ({@code 'C'} or {@code 'F'}). */
    public static StoreInfo dense(long length, DType dtype, long[] shape, char order) {
        return new StoreInfo("numpy", length, Objects.requireNonNull(dtype), shape.clone(), shape.clone(), order);
    }

    public static StoreInfo ragged(long length, DType dtype) {
        return new StoreInfo("ragged", length, Objects.requireNonNull(dtype), null, null, null);
    }

    public static StoreInfo strings(long length) {
        return new StoreInfo("string", length, null, null, null, null);
    }

    /**
     * An offline data set: {@code min[k]..max[k]} is the range of axis k over all entries, axis 0 being
     * the entry count (both arrays start with {@code length}).
     */
    public static StoreInfo offline(long length, DType dtype, long[] min, long[] max) {
        if (min.length != max.length) throw new IllegalArgumentException("min and max have different ranks");
        return new StoreInfo("offline", length, Objects.requireNonNull(dtype), min.clone(), max.clone(), null);
    }

    /** The {@code type.ninja} name: numpy, ragged, string or offline. */
    public String type() { return type; }

    public long length() { return length; }

    /** Null for strings. */
    public DType dtype() { return dtype; }

    /** Null where no shape applies (ragged, strings). */
    public long[] shapeMin() { return shapeMin == null ? null : shapeMin.clone(); }

    public long[] shapeMax() { return shapeMax == null ? null : shapeMax.clone(); }

    /** {@code 'C'} or {@code 'F'} for a dense store, else null. */
    public Character order() { return order; }

    @Override
    public String toString() {
        return "StoreInfo(" + type + ", " + length + ", " + dtype + ", " + Arrays.toString(shapeMin) + ".." + Arrays.toString(shapeMax)
                + ", " + order + ")";
    }
}
