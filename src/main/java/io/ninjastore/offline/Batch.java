package io.ninjastore.offline;

import io.ninjastore.array.NdArray;

import java.util.List;

/**
 * What a read of an {@link OfflineDataList} returns: one array when the first index selected a single
 * entry, otherwise one array per entry ({@link BatchMode.Kind#LIST}) or the entries stacked along a
 * new first axis ({@link BatchMode.Kind#PAD}, {@link BatchMode.Kind#CROP}). Every array owns heap memory.
 */
public sealed interface Batch permits Batch.Single, Batch.PerEntry, Batch.Stacked {

    /** The arrays in order: the single one, one per entry, or the stacked one. */
    List<NdArray> arrays();

    /** The first index was a position: one entry's array. */
    record Single(NdArray array) implements Batch {
        @Override public List<NdArray> arrays() { return List.of(array); }
    }

    /** Several entries in {@link BatchMode.Kind#LIST} mode: one array each, in selection order. */
    record PerEntry(List<NdArray> arrays) implements Batch {
        public PerEntry {
            arrays = List.copyOf(arrays);
        }
    }

    /** Several entries padded or cropped to one shape and stacked: axis 0 counts the entries. */
    record Stacked(NdArray array) implements Batch {
        @Override public List<NdArray> arrays() { return List.of(array); }
    }
}
