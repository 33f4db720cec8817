package io.ninjastore.array;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Typed reads and writes of single elements at byte offsets, for every dtype and byte order.
 * Layouts are unaligned: mapped stores and .npy files give no alignment promise.
 */
final class Elements {
    private Elements() {}

    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static ValueLayout.OfShort shorts(ByteOrder o) { return o == ByteOrder.LITTLE_ENDIAN ? SHORT_LE : SHORT_BE; }
    static ValueLayout.OfInt ints(ByteOrder o) { return o == ByteOrder.LITTLE_ENDIAN ? INT_LE : INT_BE; }
    static ValueLayout.OfLong longs(ByteOrder o) { return o == ByteOrder.LITTLE_ENDIAN ? LONG_LE : LONG_BE; }
    static ValueLayout.OfFloat floats(ByteOrder o) { return o == ByteOrder.LITTLE_ENDIAN ? FLOAT_LE : FLOAT_BE; }
    static ValueLayout.OfDouble doubles(ByteOrder o) { return o == ByteOrder.LITTLE_ENDIAN ? DOUBLE_LE : DOUBLE_BE; }

    /** The layout whose size equals the dtype's item size (complex: its component), for bulk copies. */
    static ValueLayout unitLayout(DType t, ByteOrder o) {
        return switch (t) {
            case BOOL, INT8, UINT8 -> ValueLayout.JAVA_BYTE;
            case INT16, UINT16, FLOAT16 -> shorts(o);
            case INT32, UINT32 -> ints(o);
            case FLOAT32, COMPLEX64 -> floats(o);
            case INT64, UINT64 -> longs(o);
            case FLOAT64, COMPLEX128 -> doubles(o);
        };
    }

    /** Components per element: 2 for complex, 1 otherwise. */
    static int units(DType t) { return t.isComplex() ? 2 : 1; }

    /** The element as a long: integers exactly (uint64 as its bit pattern), floats truncated toward zero. */
    static long readLong(MemorySegment s, long off, DType t, ByteOrder o) {
        return switch (t) {
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, off) != 0 ? 1 : 0;
            case INT8 -> s.get(ValueLayout.JAVA_BYTE, off);
            case UINT8 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xFFL;
            case INT16 -> s.get(shorts(o), off);
            case UINT16 -> s.get(shorts(o), off) & 0xFFFFL;
            case INT32 -> s.get(ints(o), off);
            case UINT32 -> s.get(ints(o), off) & 0xFFFF_FFFFL;
            case INT64, UINT64 -> s.get(longs(o), off);
            case FLOAT16, FLOAT32, FLOAT64, COMPLEX64, COMPLEX128 -> (long) readDouble(s, off, t, o);
        };
    }

    /** The element as a double (complex: the real part; uint64 unsigned). */
    static double readDouble(MemorySegment s, long off, DType t, ByteOrder o) {
        return switch (t) {
            case FLOAT16 -> Float.float16ToFloat(s.get(shorts(o), off));
            case FLOAT32, COMPLEX64 -> s.get(floats(o), off);
            case FLOAT64, COMPLEX128 -> s.get(doubles(o), off);
            case UINT64 -> unsignedToDouble(s.get(longs(o), off));
            default -> readLong(s, off, t, o);
        };
    }

    /** The imaginary part of a complex element, 0 for every other dtype. */
    static double readImag(MemorySegment s, long off, DType t, ByteOrder o) {
        return switch (t) {
            case COMPLEX64 -> s.get(floats(o), off + 4);
            case COMPLEX128 -> s.get(doubles(o), off + 8);
            default -> 0.0;
        };
    }

    static double unsignedToDouble(long v) {
        if (v >= 0) return v;
        // halve (keeping the low bit for correct rounding), convert, double back
        return ((double) ((v >>> 1) | (v & 1))) * 2.0;
    }

    /** Writes a double, converting as numpy's astype does (truncation toward zero, wrap-around). */
    static void writeDouble(MemorySegment s, long off, DType t, ByteOrder o, double v) {
        switch (t) {
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, off, (byte) (v != 0 ? 1 : 0));
            case FLOAT16 -> s.set(shorts(o), off, Float16.fromDouble(v));
            case FLOAT32 -> s.set(floats(o), off, (float) v);
            case FLOAT64 -> s.set(doubles(o), off, v);
            case COMPLEX64 -> { s.set(floats(o), off, (float) v); s.set(floats(o), off + 4, 0f); }
            case COMPLEX128 -> { s.set(doubles(o), off, v); s.set(doubles(o), off + 8, 0.0); }
            case UINT64 -> writeLong(s, off, t, o, doubleToUnsigned(v));
            default -> writeLong(s, off, t, o, (long) v);
        }
    }

    static long doubleToUnsigned(double v) {
        if (v < 0x1p63) return (long) v;
        return ((long) (v / 2.0)) << 1;
    }

    /** Writes a long (integers wrap to the target width). */
    static void writeLong(MemorySegment s, long off, DType t, ByteOrder o, long v) {
        switch (t) {
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, off, (byte) (v != 0 ? 1 : 0));
            case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) v);
            case INT16, UINT16 -> s.set(shorts(o), off, (short) v);
            case INT32, UINT32 -> s.set(ints(o), off, (int) v);
            case INT64, UINT64 -> s.set(longs(o), off, v);
            default -> writeDouble(s, off, t, o, (double) v);
        }
    }

    /** Writes a complex value (non-complex targets take the real part). */
    static void writeComplex(MemorySegment s, long off, DType t, ByteOrder o, double re, double im) {
        switch (t) {
            case COMPLEX64 -> { s.set(floats(o), off, (float) re); s.set(floats(o), off + 4, (float) im); }
            case COMPLEX128 -> { s.set(doubles(o), off, re); s.set(doubles(o), off + 8, im); }
            default -> writeDouble(s, off, t, o, re);
        }
    }
}
