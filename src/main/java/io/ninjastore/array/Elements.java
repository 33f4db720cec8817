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
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, off, (byte) (v != 0 ? 1 : 0)); // NaN is true, as in numpy
            case FLOAT16 -> s.set(shorts(o), off, Float16.fromDouble(v));
            case FLOAT32 -> s.set(floats(o), off, (float) v);
            case FLOAT64 -> s.set(doubles(o), off, v);
            case COMPLEX64, COMPLEX128 -> writeComplex(s, off, t, o, v, 0.0);
            case UINT64 -> s.set(longs(o), off, doubleToUnsigned(v));
            default -> writeLong(s, off, t, o, (long) v);
        }
    }

    static long doubleToUnsigned(double v) {
        if (v < 0x1p63) return (long) v;
        return ((long) (v / 2.0)) << 1;
    }

    /** Writes a signed integer: integer targets wrap to their width (uint64 takes the bit pattern). */
    static void writeLong(MemorySegment s, long off, DType t, ByteOrder o, long v) {
        writeInteger(s, off, t, o, v, false);
    }

    /**
     * Writes an integer, {@code unsigned} when {@code v} is a uint64 bit pattern. Float targets get the
     * correctly rounded value: a long goes to float32 directly, never through a double, whose rounding
     * could land on a float32 tie and round the wrong way a second time.
     */
    static void writeInteger(MemorySegment s, long off, DType t, ByteOrder o, long v, boolean unsigned) {
        switch (t) {
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, off, (byte) (v != 0 ? 1 : 0));
            case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, off, (byte) v);
            case INT16, UINT16 -> s.set(shorts(o), off, (short) v);
            case INT32, UINT32 -> s.set(ints(o), off, (int) v);
            case INT64, UINT64 -> s.set(longs(o), off, v);
            // |v| <= 2^24 is exact in a float; anything larger is infinite in float16 whatever the route
            case FLOAT16 -> s.set(shorts(o), off, Float.floatToFloat16(unsigned ? unsignedToFloat(v) : (float) v));
            case FLOAT32 -> s.set(floats(o), off, unsigned ? unsignedToFloat(v) : (float) v);
            case COMPLEX64 -> {
                s.set(floats(o), off, unsigned ? unsignedToFloat(v) : (float) v);
                s.set(floats(o), off + 4, 0f);
            }
            case FLOAT64 -> s.set(doubles(o), off, unsigned ? unsignedToDouble(v) : (double) v);
            case COMPLEX128 -> {
                s.set(doubles(o), off, unsigned ? unsignedToDouble(v) : (double) v);
                s.set(doubles(o), off + 8, 0.0);
            }
        }
    }

    /** Writes a complex value: complex targets take both parts, bool tests both, the rest take the real part. */
    static void writeComplex(MemorySegment s, long off, DType t, ByteOrder o, double re, double im) {
        switch (t) {
            case COMPLEX64 -> { s.set(floats(o), off, (float) re); s.set(floats(o), off + 4, (float) im); }
            case COMPLEX128 -> { s.set(doubles(o), off, re); s.set(doubles(o), off + 8, im); }
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, off, (byte) (re != 0 || im != 0 ? 1 : 0));
            default -> writeDouble(s, off, t, o, re);
        }
    }

    /**
     * Converts the element at {@code sOff} of dtype {@code from} to {@code to} at {@code dOff}, as numpy's
     * {@code astype} does; the one conversion every copy between dtypes goes through.
     */
    static void convert(MemorySegment s, long sOff, DType from, ByteOrder so, MemorySegment d, long dOff, DType to, ByteOrder dO) {
        switch (from.kind()) {
            case BOOL, SIGNED, UNSIGNED ->
                    writeInteger(d, dOff, to, dO, readLong(s, sOff, from, so), from == DType.UINT64);
            case FLOAT -> writeDouble(d, dOff, to, dO, readDouble(s, sOff, from, so));
            case COMPLEX -> writeComplex(d, dOff, to, dO, readDouble(s, sOff, from, so), readImag(s, sOff, from, so));
        }
    }

    /** A uint64 bit pattern as the nearest float (halving keeps the low bit, so the rounding is right). */
    static float unsignedToFloat(long v) {
        if (v >= 0) return v;
        return ((float) ((v >>> 1) | (v & 1))) * 2.0f;
    }
}
