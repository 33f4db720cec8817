package io.ninjastore.array;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Turning several arrays into one with a leading batch axis: {@link #stack} (equal shapes),
 * {@link #pad} (to the largest extent per axis, with a constant or the edge values) and
 * {@link #crop} (to the smallest extent per axis). Dtypes are promoted as numpy promotes them.
 * Stateless and thread-safe; results own heap memory.
 */
public final class Batching {
    private Batching() {}

    /** How {@link #pad} fills the added elements. */
    public enum PadMode {
        /** A constant value. */
        CONSTANT,
        /** The nearest edge value of the array (numpy's {@code mode="edge"}). */
        EDGE
    }

    /** The dtype numpy's {@code np.stack} would give. */
    public static DType promotedDtype(List<NdArray> arrays) {
        if (arrays.isEmpty()) throw new IllegalArgumentException("cannot batch zero arrays");
        DType t = arrays.getFirst().dtype();
        for (NdArray a : arrays) t = DType.promote(t, a.dtype());
        return t;
    }

    /** {@code np.stack(arrays)}: all shapes equal. */
    public static NdArray stack(List<NdArray> arrays) {
        DType t = promotedDtype(arrays);
        long[] shape = arrays.getFirst().shape();
        for (int i = 0; i < arrays.size(); i++) {
            if (!Arrays.equals(shape, arrays.get(i).shape())) {
                throw new IllegalArgumentException("cannot stack arrays of different shapes: " + Arrays.toString(shape) + " and "
                        + Arrays.toString(arrays.get(i).shape()) + " (item " + i + "); pad or crop them");
            }
        }
        NdArray out = NdArray.zeros(t, prepend(arrays.size(), shape));
        long item = (long) t.itemSize() * Shapes.size(shape);
        MemorySegment dst = out.asSegment();
        for (int i = 0; i < arrays.size(); i++) {
            NdArray a = arrays.get(i).dtype() == t ? arrays.get(i) : arrays.get(i).astype(t);
            a.copyTo(dst, i * item, ByteOrder.LITTLE_ENDIAN);
        }
        return out;
    }

    /**
     * Pads every array to the largest extent on each axis (all arrays of one rank) and stacks. Refuses
     * what numpy's {@code np.pad} refuses rather than invent values: a constant the promoted dtype
     * cannot hold, and edge padding that has to extend an empty axis.
     *
     * @param value for {@link PadMode#CONSTANT}: the fill value; for an integer dtype a fraction
     *              truncates toward zero (as numpy), but NaN, infinities and values out of the dtype's
     *              range are refused. Floats round as numpy rounds (a float32 overflow is infinite), and
     *              a bool is true for anything non-zero, NaN included, as in numpy.
     * @throws IllegalArgumentException for zero arrays, different ranks, a constant the dtype cannot
     *         hold, or edge padding of an item whose axis is empty where the target is not (naming both)
     */
    public static NdArray pad(List<NdArray> arrays, PadMode mode, double value) {
        long[] target = extent(arrays, true);
        DType t = promotedDtype(arrays);
        if (mode == PadMode.CONSTANT) checkFillValue(value, t);
        else for (int i = 0; i < arrays.size(); i++) checkEdges(arrays.get(i), i, target);
        NdArray out = NdArray.zeros(t, prepend(arrays.size(), target));
        for (int i = 0; i < arrays.size(); i++) {
            NdArray a = arrays.get(i);
            NdArray dst = out.row(i);
            fill(dst, a, mode, value);
        }
        return out;
    }

    /** numpy refuses to store NaN, an infinity or an out-of-range value in an integer array; it would otherwise wrap here. */
    private static void checkFillValue(double value, DType t) {
        if (!t.isInteger()) return;
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("the pad value " + value + " cannot be converted to " + t + ": it is not a finite number");
        }
        int bits = 8 * t.itemSize();
        boolean signed = t.kind() == DType.Kind.SIGNED;
        double whole = value < 0 ? Math.ceil(value) : Math.floor(value); // truncation, as numpy converts
        double lo = signed ? -Math.scalb(1.0, bits - 1) : 0;
        double end = Math.scalb(1.0, signed ? bits - 1 : bits); // exclusive: the largest value is end - 1
        if (!(whole >= lo && whole < end)) {
            BigInteger max = BigInteger.ONE.shiftLeft(signed ? bits - 1 : bits).subtract(BigInteger.ONE);
            BigInteger min = signed ? max.negate().subtract(BigInteger.ONE) : BigInteger.ZERO;
            throw new IllegalArgumentException("the pad value " + value + " is out of range for " + t + " [" + min + ", " + max + "]");
        }
    }

    /** Edge values can fill a longer axis only from at least one value: numpy refuses to extend an empty axis but with a constant. */
    private static void checkEdges(NdArray a, int item, long[] target) {
        for (int k = 0; k < target.length; k++) {
            if (a.shape(k) == 0 && target[k] > 0) {
                throw new IllegalArgumentException("cannot pad item " + item + " of shape " + Arrays.toString(a.shape()) + " to " + Arrays.toString(target)
                        + " with its edge values: its axis " + k + " is empty and has none; pad with a constant or crop");
            }
        }
    }

    /** Crops every array to the smallest extent on each axis (keeping the leading part) and stacks. */
    public static NdArray crop(List<NdArray> arrays) {
        long[] target = extent(arrays, false);
        Index[] window = new Index[target.length];
        for (int k = 0; k < target.length; k++) window[k] = Index.range(0, target[k]);
        return stack(arrays.stream().map(a -> a.get(window)).toList());
    }

    private static long[] extent(List<NdArray> arrays, boolean max) {
        if (arrays.isEmpty()) throw new IllegalArgumentException("cannot batch zero arrays");
        int nd = arrays.getFirst().ndim();
        long[] e = arrays.getFirst().shape();
        for (NdArray a : arrays) {
            if (a.ndim() != nd) {
                throw new IllegalArgumentException("cannot batch arrays of different ranks: " + nd + " and " + a.ndim()
                        + " (shape " + Arrays.toString(a.shape()) + ")");
            }
            for (int k = 0; k < nd; k++) e[k] = max ? Math.max(e[k], a.shape(k)) : Math.min(e[k], a.shape(k));
        }
        return e;
    }

    /** Writes {@code src} into the top-left corner of the fresh array {@code dst}, filling the rest. */
    private static void fill(NdArray dst, NdArray src, PadMode mode, double value) {
        DType t = dst.dtype();
        MemorySegment seg = dst.asSegment(); // dst is a contiguous row of a fresh array
        long n = dst.size();
        long[] shape = dst.shape();
        long[] srcShape = src.shape();
        long[] idx = new long[shape.length];
        long[] at = new long[shape.length];
        int item = t.itemSize();
        boolean integerCopy = (src.dtype().isInteger() || src.dtype() == DType.BOOL) && !t.isFloating() && !t.isComplex();
        for (long e = 0; e < n; e++) {
            boolean inside = true;
            for (int k = 0; k < shape.length; k++) {
                if (idx[k] < srcShape[k]) at[k] = idx[k];
                else {
                    inside = false;
                    at[k] = srcShape[k] - 1;
                }
            }
            long off = e * item;
            if (!inside && mode == PadMode.CONSTANT) {
                Elements.writeDouble(seg, off, t, ByteOrder.LITTLE_ENDIAN, value);
            } else if (t.isComplex()) {
                double[] c = src.getComplex(at);
                Elements.writeComplex(seg, off, t, ByteOrder.LITTLE_ENDIAN, c[0], c[1]);
            } else if (integerCopy) {
                Elements.writeLong(seg, off, t, ByteOrder.LITTLE_ENDIAN, src.getLong(at));
            } else {
                Elements.writeDouble(seg, off, t, ByteOrder.LITTLE_ENDIAN, src.getDouble(at));
            }
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
    }

    private static long[] prepend(long n, long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
