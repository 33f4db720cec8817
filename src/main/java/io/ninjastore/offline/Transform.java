package io.ninjastore.offline;

import io.ninjastore.array.NdArray;

import java.util.ArrayList;
import java.util.List;

/** A reshaping a data list applies to every array it reads, after the selection (lardon's transforms). */
sealed interface Transform {
    NdArray apply(NdArray a);

    /** The per-axis extents after this transform. */
    List<Extent> apply(List<Extent> axes);

    /** Removes an axis of size 1. */
    record Squeeze(int axis) implements Transform {
        @Override public NdArray apply(NdArray a) { return a.squeeze(axis); }

        @Override
        public List<Extent> apply(List<Extent> axes) {
            int a = OfflineDataList.axis(axis, axes.size(), axes);
            if (!axes.get(a).equals(Extent.of(1))) {
                throw new IllegalArgumentException("cannot squeeze axis " + axis + ": its size is " + axes.get(a)
                        + " across the entries (shape " + axes + "), not 1");
            }
            List<Extent> out = new ArrayList<>(axes);
            out.remove(a);
            return out;
        }
    }

    /** Inserts an axis of size 1 (numpy's {@code expand_dims}). */
    record ExpandDims(int axis) implements Transform {
        @Override public NdArray apply(NdArray a) { return a.expandDims(axis); }

        @Override
        public List<Extent> apply(List<Extent> axes) {
            int a = OfflineDataList.axis(axis, axes.size() + 1, axes);
            List<Extent> out = new ArrayList<>(axes);
            out.add(a, Extent.of(1));
            return out;
        }
    }
}
