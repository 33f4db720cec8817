package io.ninjastore.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Copies a strided selection of elements, in C order, into contiguous memory. Each axis is either
 * arithmetic (position {@code j} at byte offset {@code j * stride}) or a gather (at byte offset
 * {@code offsets[j]}: one table serves a list, or several lists walked in step, numpy's paired
 * indexing). A stride or an offset may be 0: a newaxis walks no axis of the source, every element of
 * it the same source element. Trailing arithmetic axes that are contiguous with what lies inside
 * them merge into one run, and each run moves in one copy call: the cost is proportional to the bytes
 * copied plus one call per run, whichever axes are sliced. Runs move as plain bytes when the byte
 * orders agree (the fast path, also for one-element runs); only a byte-order change copies unit by
 * unit with swapping layouts.
 *
 * <p>Stateless and thread-safe.
 */
final class StridedCopy {
    private StridedCopy() {}

    /**
     * @param base byte offset in {@code src} of the first selected element
     * @param counts positions selected on each axis
     * @param strides bytes between consecutive positions of each arithmetic axis
     * @param offsets per axis: null for an arithmetic axis, else the byte offset from {@code base} of each gathered position
     * @param dst receives {@code product(counts)} elements from offset 0, in {@code dstOrder}
     */
    static void copy(MemorySegment src, long base, long[] counts, long[] strides, long[][] offsets, DType dtype,
                     ByteOrder srcOrder, MemorySegment dst, ByteOrder dstOrder) {
        long total = Shapes.size(counts);
        if (total == 0) return;
        int item = dtype.itemSize();
        int runAxis = counts.length;
        long runElems = 1;
        while (runAxis > 0 && offsets[runAxis - 1] == null
                && (counts[runAxis - 1] == 1 || strides[runAxis - 1] == runElems * item)) {
            runAxis--;
            runElems *= counts[runAxis];
        }
        ValueLayout unit = Elements.unitLayout(dtype, srcOrder);
        ValueLayout dstUnit = Elements.unitLayout(dtype, dstOrder);
        long unitsPerRun = runElems * Elements.units(dtype);
        long runBytes = runElems * item;
        if (runAxis == 0) {
            MemorySegment.copy(src, unit, base, dst, dstUnit, 0, unitsPerRun);
            return;
        }
        boolean swap = srcOrder != dstOrder && unit.byteSize() > 1;
        // The axis just outside the run is walked by the inner loop; the ones outside it by an odometer.
        int inner = runAxis - 1;
        long n = counts[inner], stride = strides[inner];
        long[] pos = offsets[inner];
        long[] idx = new long[inner];
        long rowBase = base;
        for (int k = 0; k < inner; k++) rowBase += offset(offsets[k], strides[k], 0); // a gather may start anywhere
        long d = 0;
        long rows = total / (runElems * n);
        for (long row = 0; row < rows; row++) {
            for (long j = 0; j < n; j++) {
                long s = rowBase + offset(pos, stride, j);
                if (swap) MemorySegment.copy(src, unit, s, dst, dstUnit, d, unitsPerRun);
                else MemorySegment.copy(src, s, dst, d, runBytes);
                d += runBytes;
            }
            for (int k = inner - 1; k >= 0; k--) {
                long before = offset(offsets[k], strides[k], idx[k]);
                if (++idx[k] < counts[k]) {
                    rowBase += offset(offsets[k], strides[k], idx[k]) - before;
                    break;
                }
                idx[k] = 0;
                rowBase += offset(offsets[k], strides[k], 0) - before;
            }
        }
    }

    private static long offset(long[] offsets, long stride, long j) {
        return offsets == null ? j * stride : offsets[(int) j];
    }
}
