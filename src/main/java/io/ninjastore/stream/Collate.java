package io.ninjastore.stream;

import io.ninjastore.array.Batching;
import io.ninjastore.array.NdArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one batch (a list of elements) into one value: stacked arrays, padded or cropped arrays,
 * records into columns, or the list itself. Used by {@link Dataset#batch(int, Remainder, Collate)}.
 * The factories' collators are stateless and thread-safe; results own heap memory.
 */
@FunctionalInterface
public interface Collate<T, B> {

    /** Collates a non-empty batch. */
    B collate(List<? extends T> batch);

    /** The batch as an unmodifiable list. */
    static <T> Collate<T, List<T>> list() { return batch -> Collections.unmodifiableList(new ArrayList<>(batch)); }

    /** {@code np.stack}: arrays of one shape become one array with a leading batch axis (dtypes promoted). */
    static Collate<NdArray, NdArray> stack() { return batch -> Batching.stack(Collators.arrays(batch)); }

    /** Pads every array to the largest extent on each axis, then stacks (ragged samples). */
    static Collate<NdArray, NdArray> pad(Batching.PadMode mode, double value) {
        Objects.requireNonNull(mode, "mode");
        return batch -> Batching.pad(Collators.arrays(batch), mode, value);
    }

    /** Crops every array to the smallest extent on each axis (keeping the leading part), then stacks. */
    static Collate<NdArray, NdArray> crop() { return batch -> Batching.crop(Collators.arrays(batch)); }

    /**
     * Records (maps with the same keys) into one record of columns, in the first record's key order:
     * a column of arrays is collated by {@code arrays}; a column of integers (Long, Integer, Short,
     * Byte) becomes an int64 array, of numbers with any floating value a float64 array, of booleans
     * a bool array; any other column (strings, bytes, lists, mixed) stays an unmodifiable list.
     *
     * @throws IllegalArgumentException naming the record and key when the records' keys differ
     */
    static Collate<Map<String, ?>, Map<String, Object>> columns(Collate<NdArray, NdArray> arrays) {
        Objects.requireNonNull(arrays, "arrays");
        return batch -> Collators.columns(batch, arrays);
    }

    /** {@link #columns(Collate)} with arrays stacked. */
    static Collate<Map<String, ?>, Map<String, Object>> columns() { return columns(stack()); }
}
