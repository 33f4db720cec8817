package io.ninjastore.stream;

import io.ninjastore.array.NdArray;

/**
 * A window of consecutive rows of one stored sample: rows {@code [offset, offset + values.shape(0))}
 * along axis 0 of sample {@code sample}. {@code values} is a zero-copy view, valid while the store is
 * open ({@link NdArray#copy()} to keep it longer).
 */
public record Window(long sample, long offset, NdArray values) {}
