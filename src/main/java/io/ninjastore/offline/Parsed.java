package io.ninjastore.offline;

import io.ninjastore.array.NdArray;

import java.util.Map;
import java.util.Objects;

/**
 * One entry as a {@link Callback} makes it: the data and its metadata (JSON values: null, Boolean,
 * String, integers, Double, Float, List, Map with String keys). Null metadata means none.
 */
public record Parsed(NdArray data, Map<String, ?> metadata) {
    public Parsed {
        Objects.requireNonNull(data, "data");
        metadata = metadata == null ? Map.of() : metadata;
    }
}
