package io.ninjastore.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, strided, n-dimensional view over a {@link MemorySegment}: dtype, {@code long[]} shape,
 * byte strides (possibly negative), byte order and a start offset.
 *
 * <p><b>Thread-safety:</b> an NdArray is immutable and safe to share between threads; it is exactly as
 * alive as the memory it views. <b>Lifetime:</b> views handed out by a store live in the store's
 * arena and throw {@link IllegalStateException} once the store is closed; {@link #copy()} gives an
 * array that owns heap memory and outlives any store. Factories from Java arrays
 * ({@link #of(float[], long...)} and friends) wrap the Java array without copying: do not modify it
 * afterwards.
 *
 * <p>Element access by multi-index ({@link #getDouble(long...)}) and by flat C-order position
 * ({@link #doubleAt(long)}); bulk conversion to Java arrays ({@link #toFloatArray()}); slicing views
 * with the shared {@link Index} model ({@link #get(Index...)}); copies that move maximal contiguous
 * runs in single calls, so their cost grows with the bytes returned, not with the number of axes.
 */
public final class NdArray {
    /**
     * The most axes an array may have to be saved or stored: numpy's limit ({@code NPY_MAXDIMS}), which
     * {@code .npy} files, the stores and array lines in JSON share. An array in memory may have more.
     */
    public static final int MAX_NDIM = 64;
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final ByteOrder order;
    private final MemorySegment segment;
    private final long offset;
    private final long size;
    /**
     * {@link #isContiguous()}, fixed at construction: element access and copies test it on every call,
     * and a store hands out millions of views a second.
     */
    private final boolean contiguous;

    private NdArray(DType dtype, long[] shape, long[] strides, ByteOrder order, MemorySegment segment, long offset) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.order = order;
        this.segment = segment;
        this.offset = offset;
        this.size = Shapes.size(shape);
        this.contiguous = cContiguous(shape, strides, size, dtype.itemSize());
    }

    /** The 1-d contiguous case, which needs no loop over axes. */
    private NdArray(DType dtype, long length, ByteOrder order, MemorySegment segment, long offset) {
        this.dtype = dtype;
        this.shape = new long[] {length};
        this.strides = new long[] {dtype.itemSize()};
        this.order = order;
        this.segment = segment;
        this.offset = offset;
        this.size = length;
        this.contiguous = true;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A C-contiguous view of {@code segment} (from its start) with the given dtype, byte order and
     * shape. The segment must hold at least {@code size * itemSize} bytes.
     */
    public static NdArray wrap(MemorySegment segment, DType dtype, ByteOrder order, long... shape) {
        long[] sh = Shapes.checked(shape);
        long bytes = viewBytes(sh, dtype);
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for "
                    + dtype + Arrays.toString(sh) + " (" + bytes + " bytes)");
        }
        return new NdArray(dtype, sh, Shapes.cStrides(sh, dtype.itemSize()), order, segment, 0);
    }

    /**
     * A C-contiguous view of the bytes of {@code segment} from {@code byteOffset}: as {@link #wrap} but
     * without slicing the segment first (what a store does for every sample it returns).
     */
    public static NdArray wrap(MemorySegment segment, long byteOffset, DType dtype, ByteOrder order, long... shape) {
        long[] sh = Shapes.checked(shape);
        long bytes = viewBytes(sh, dtype);
        requireFits(segment, byteOffset, bytes);
        return new NdArray(dtype, sh, Shapes.cStrides(sh, dtype.itemSize()), order, segment, byteOffset);
    }

    /**
     * A 1-d C-contiguous view of {@code length} elements at {@code byteOffset} of {@code segment}: what
     * {@link #wrap(MemorySegment, long, DType, ByteOrder, long...)} gives for shape {@code (length,)},
     * without copying a shape array (the form a store returns for each 1-d sample).
     */
    public static NdArray vector(MemorySegment segment, long byteOffset, DType dtype, ByteOrder order, long length) {
        if (length < 0) throw new IllegalArgumentException("negative dimension in shape [" + length + "]");
        long bytes = viewBytes(length, dtype);
        requireFits(segment, byteOffset, bytes);
        return new NdArray(dtype, length, order, segment, byteOffset);
    }

    /** The one bounds check of a view at a byte offset: its {@code bytes} lie within the segment. */
    private static void requireFits(MemorySegment segment, long byteOffset, long bytes) {
        if (byteOffset < 0 || byteOffset > segment.byteSize() - bytes) {
            throw new IllegalArgumentException("a view of " + bytes + " bytes at offset " + byteOffset + " does not fit in a segment of "
                    + segment.byteSize() + " bytes");
        }
    }

    private static long viewBytes(long length, DType dtype) {
        try {
            return Math.multiplyExact(length, dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(dtype + "[" + length + "] has more bytes than a long can count");
        }
    }

    /** The bytes a view of {@code shape} covers; one that overflows is a bad argument, not arithmetic. */
    private static long viewBytes(long[] shape, DType dtype) {
        try {
            return Math.multiplyExact(Shapes.size(shape), dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(dtype + java.util.Arrays.toString(shape) + " has more bytes than a long can count");
        }
    }

    /** Like {@link #wrap} but with Fortran (column-major) element order. */
    public static NdArray wrapFortran(MemorySegment segment, DType dtype, ByteOrder order, long... shape) {
        long[] sh = Shapes.checked(shape);
        NdArray c = wrap(segment, dtype, order, Shapes.reversed(sh));
        return c.transpose();
    }

    /** A new zero-filled C-ordered array (little-endian), owning heap memory. */
    public static NdArray zeros(DType dtype, long... shape) {
        long[] sh = Shapes.checked(shape);
        MemorySegment seg = allocate(Math.multiplyExact(Shapes.size(sh), dtype.itemSize()));
        return new NdArray(dtype, sh, Shapes.cStrides(sh, dtype.itemSize()), ByteOrder.LITTLE_ENDIAN, seg, 0);
    }

    /*
     * The factories from Java arrays take the shape as varargs, so an empty shape cannot be told
     * from none: both give a 1-d array of all the values. For a 0-d array use scalar(...) or
     * reshape() (no arguments), which works for a computed shape of any rank:
     * NdArray.of(values).reshape(shape).
     */

    /** float32 values (wrapped, not copied). With no shape (or an empty one): 1-d of {@code data.length}. */
    public static NdArray of(float[] data, long... shape) { return ofJava(MemorySegment.ofArray(data), DType.FLOAT32, data.length, shape); }

    /** float64 values (wrapped, not copied). */
    public static NdArray of(double[] data, long... shape) { return ofJava(MemorySegment.ofArray(data), DType.FLOAT64, data.length, shape); }

    /** int8 values (wrapped, not copied). */
    public static NdArray of(byte[] data, long... shape) { return ofJava(MemorySegment.ofArray(data), DType.INT8, data.length, shape); }

    /** int16 values (wrapped, not copied). */
    public static NdArray of(short[] data, long... shape) { return ofJava(MemorySegment.ofArray(data), DType.INT16, data.length, shape); }

    /** int32 values (wrapped, not copied). */
    public static NdArray of(int[] data, long... shape) { return ofJava(MemorySegment.ofArray(data), DType.INT32, data.length, shape); }

    /** int64 values (wrapped, not copied). */
    public static NdArray of(long[] data, long... shape) { return ofJava(MemorySegment.ofArray(data), DType.INT64, data.length, shape); }

    /** bool values (copied: Java booleans have no defined memory layout). */
    public static NdArray of(boolean[] data, long... shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return ofJava(MemorySegment.ofArray(b), DType.BOOL, data.length, shape);
    }

    /**
     * Reinterprets a Java array's bits as another dtype of the same item size, e.g. {@code long[]}
     * as uint64, {@code short[]} as uint16 or float16 bits, {@code byte[]} as uint8 or bool.
     */
    public static NdArray ofBits(DType dtype, Object javaArray, long... shape) {
        MemorySegment seg = switch (javaArray) {
            case byte[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalArgumentException("not a primitive numeric array: " + javaArray);
        };
        if (seg.byteSize() % dtype.itemSize() != 0) {
            throw new IllegalArgumentException("a Java array of " + seg.byteSize() + " bytes is not a whole number of "
                    + dtype + " elements (" + dtype.itemSize() + " bytes each)");
        }
        return ofJava(seg, dtype, seg.byteSize() / dtype.itemSize(), shape);
    }

    /** A 0-d array holding one value converted to {@code dtype}. */
    public static NdArray scalar(DType dtype, double value) {
        NdArray a = zeros(dtype);
        Elements.writeDouble(a.segment, 0, dtype, a.order, value);
        return a;
    }

    /** A 0-d integer array (exact for every integer dtype, including uint64 bit patterns). */
    public static NdArray scalarLong(DType dtype, long value) {
        NdArray a = zeros(dtype);
        Elements.writeLong(a.segment, 0, dtype, a.order, value);
        return a;
    }

    /** An array of {@code dtype} with the given shape whose C-order elements are {@code values}, converted. */
    public static NdArray fromDoubles(DType dtype, double[] values, long... shape) {
        long[] sh = shape.length == 0 ? new long[] {values.length} : Shapes.checked(shape);
        requireCount(sh, values.length);
        NdArray a = zeros(dtype, sh);
        long item = dtype.itemSize();
        for (int i = 0; i < values.length; i++) Elements.writeDouble(a.segment, i * item, dtype, a.order, values[i]);
        return a;
    }

    /**
     * An array of {@code dtype} from signed longs, converted as numpy converts int64: integer dtypes
     * wrap (uint64 takes the bit pattern), float dtypes get the nearest value.
     */
    public static NdArray fromLongs(DType dtype, long[] values, long... shape) {
        long[] sh = shape.length == 0 ? new long[] {values.length} : Shapes.checked(shape);
        requireCount(sh, values.length);
        NdArray a = zeros(dtype, sh);
        long item = dtype.itemSize();
        for (int i = 0; i < values.length; i++) Elements.writeLong(a.segment, i * item, dtype, a.order, values[i]);
        return a;
    }

    private static NdArray ofJava(MemorySegment seg, DType dtype, long count, long[] shape) {
        long[] sh = shape.length == 0 ? new long[] {count} : Shapes.checked(shape);
        requireCount(sh, count);
        return new NdArray(dtype, sh, Shapes.cStrides(sh, dtype.itemSize()), ByteOrder.nativeOrder(), seg, 0);
    }

    private static void requireCount(long[] shape, long count) {
        if (Shapes.size(shape) != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + Shapes.size(shape)
                    + " elements but " + count + " were given");
        }
    }

    /**
     * Zero-filled memory for a new array: heap memory (a {@code long[]}, so 8-byte aligned) up to 16 GiB,
     * GC-managed native memory beyond.
     */
    static MemorySegment allocate(long bytes) {
        long words = (bytes + 7) >>> 3;
        if (words <= Integer.MAX_VALUE - 8) {
            return MemorySegment.ofArray(new long[(int) words]).asSlice(0, bytes);
        }
        return Arena.ofAuto().allocate(bytes, 8);
    }

    // ---------------------------------------------------------------- metadata

    public DType dtype() { return dtype; }

    /** A copy of the shape. */
    public long[] shape() { return shape.clone(); }

    public long shape(int axis) { return shape[Shapes.axis(axis, shape.length)]; }

    public int ndim() { return shape.length; }

    /** Number of elements (1 for a 0-d array). */
    public long size() { return size; }

    /** Bytes the elements occupy when contiguous: {@code size * itemSize}. */
    public long byteSize() { return size * dtype.itemSize(); }

    /** A copy of the byte strides. */
    public long[] strides() { return strides.clone(); }

    public ByteOrder byteOrder() { return order; }

    /**
     * Whether elements are laid out in C order without gaps (negative strides are not). As in numpy,
     * the stride of an axis of length 1 does not matter: it is never stepped.
     */
    public boolean isContiguous() { return contiguous; }

    private static boolean cContiguous(long[] shape, long[] strides, long size, long itemSize) {
        if (size <= 1) return true;
        long expected = itemSize;
        for (int k = shape.length - 1; k >= 0; k--) {
            if (shape[k] == 1) continue;
            if (strides[k] != expected) return false;
            expected *= shape[k];
        }
        return true;
    }

    /** Whether elements are laid out in Fortran order without gaps (axes of length 1 do not matter). */
    public boolean isFortranContiguous() {
        if (size <= 1) return true;
        long expected = dtype.itemSize();
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] == 1) continue;
            if (strides[k] != expected) return false;
            expected *= shape[k];
        }
        return true;
    }

    /**
     * The elements' bytes as one segment, zero-copy, when {@link #isContiguous()}; otherwise a
     * contiguous copy's.
     */
    public MemorySegment asSegment() {
        if (size == 0) return segment.asSlice(0, 0); // an empty view's offset may lie past its segment's end
        if (isContiguous()) return segment.asSlice(offset, byteSize());
        return copy().asSegment();
    }

    // ---------------------------------------------------------------- element access

    /** Byte offset of the element at a full multi-index (negative indices count from the end). */
    private long offsetOf(long[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("expected " + shape.length + " indices for shape " + Arrays.toString(shape)
                    + ", got " + index.length);
        }
        long off = offset;
        for (int k = 0; k < index.length; k++) {
            long i = index[k] < 0 ? index[k] + shape[k] : index[k];
            if (i < 0 || i >= shape[k]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Arrays.toString(shape));
            }
            off += i * strides[k];
        }
        return off;
    }

    /** Byte offset of the element at flat C-order position {@code flat}. */
    private long offsetOfFlat(long flat) {
        if (flat < 0 || flat >= size) {
            throw new IndexOutOfBoundsException("flat index " + flat + " is out of bounds for " + size + " elements");
        }
        if (contiguous) return offset + flat * dtype.itemSize(); // no division per axis
        long off = offset;
        for (int k = shape.length - 1; k >= 0; k--) {
            long n = shape[k];
            off += (flat % n) * strides[k];
            flat /= n;
        }
        return off;
    }

    /** The element as a double (uint64 unsigned; complex: the real part). */
    public double getDouble(long... index) { return Elements.readDouble(segment, offsetOf(index), dtype, order); }

    /** The element as a float. */
    public float getFloat(long... index) { return (float) getDouble(index); }

    /** The element as a long: exact for every integer dtype (uint64: its bit pattern), floats truncated. */
    public long getLong(long... index) { return Elements.readLong(segment, offsetOf(index), dtype, order); }

    /** The element as an int (narrowed). */
    public int getInt(long... index) { return (int) getLong(index); }

    /** The element as a boolean: non-zero is true (complex: either part; NaN is true), as numpy's {@code bool(x)}. */
    public boolean getBoolean(long... index) {
        long off = offsetOf(index);
        return Elements.readDouble(segment, off, dtype, order) != 0 || Elements.readImag(segment, off, dtype, order) != 0;
    }

    /** The element as an exact integer: uint64 values beyond {@link Long#MAX_VALUE} included. */
    public BigInteger getBigInteger(long... index) {
        long v = getLong(index);
        return dtype == DType.UINT64 && v < 0 ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v);
    }

    /** {@code {real, imaginary}} of the element (imaginary 0 for real dtypes). */
    public double[] getComplex(long... index) {
        long off = offsetOf(index);
        return new double[] {Elements.readDouble(segment, off, dtype, order), Elements.readImag(segment, off, dtype, order)};
    }

    /** The element at flat C-order position {@code i}, as a double. */
    public double doubleAt(long i) { return Elements.readDouble(segment, offsetOfFlat(i), dtype, order); }

    /** The element at flat C-order position {@code i}, as a long (see {@link #getLong}). */
    public long longAt(long i) { return Elements.readLong(segment, offsetOfFlat(i), dtype, order); }

    /** The imaginary part of the element at flat C-order position {@code i}. */
    public double imagAt(long i) { return Elements.readImag(segment, offsetOfFlat(i), dtype, order); }

    /** The value of a 0-d or one-element array as a double. */
    public double item() {
        if (size != 1) throw new IllegalStateException("item() needs exactly one element, shape is " + Arrays.toString(shape));
        return doubleAt(0);
    }

    // ---------------------------------------------------------------- bulk copies

    /*
     * Every copy into a Java array goes through copyConverted: a bit copy of maximal runs when the
     * array's dtype has the Java type's layout, otherwise one numpy-style conversion per element
     * (Elements.convert), walked in C order. complex fills two slots per element (re, im) of float[]
     * and double[]; the other Java types take the real part.
     */

    /** All elements in C order as float32 (converted as numpy's astype; complex interleaved re, im). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(Math.multiplyExact(size, Elements.units(dtype)))];
        copyTo(out, 0);
        return out;
    }

    /** All elements in C order as float64 (converted; uint64 unsigned; complex interleaved re, im). */
    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(Math.multiplyExact(size, Elements.units(dtype)))];
        copyTo(out, 0);
        return out;
    }

    /** All elements in C order as longs (exact for integers, uint64 as bit patterns; floats truncated). */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(size)];
        copyTo(out, 0);
        return out;
    }

    /** All elements in C order as ints (int32/uint32 bits copied; others converted as to int32, wrapping). */
    public int[] toIntArray() {
        int[] out = new int[Math.toIntExact(size)];
        copyConverted(MemorySegment.ofArray(out), DType.INT32, DType.INT32, DType.UINT32);
        return out;
    }

    /** All elements in C order as shorts (16-bit dtypes' bits copied, float16 as its bits; others as to int16). */
    public short[] toShortArray() {
        short[] out = new short[Math.toIntExact(size)];
        if (dtype.itemSize() == 2) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else copyConverted(MemorySegment.ofArray(out), DType.INT16, DType.INT16, DType.INT16);
        return out;
    }

    /** All elements in C order as bytes (8-bit dtypes' bits copied; others as to int8, wrapping). */
    public byte[] toByteArray() {
        byte[] out = new byte[Math.toIntExact(size)];
        if (dtype.itemSize() == 1) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else copyConverted(MemorySegment.ofArray(out), DType.INT8, DType.INT8, DType.INT8);
        return out;
    }

    /** All elements in C order as booleans (non-zero is true; complex: either part). */
    public boolean[] toBooleanArray() {
        byte[] bytes = new byte[Math.toIntExact(size)];
        copyConverted(MemorySegment.ofArray(bytes), DType.BOOL, DType.BOOL, DType.BOOL);
        boolean[] out = new boolean[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = bytes[i] != 0;
        return out;
    }

    /**
     * Copies the elements in C order into {@code dst} from {@code dstIndex}, converted to float32 as
     * {@link #toFloatArray()} converts; {@code size()} floats (twice that for complex).
     *
     * @throws IndexOutOfBoundsException if they do not fit
     */
    public void copyTo(float[] dst, int dstIndex) {
        long n = size * Elements.units(dtype);
        Objects.checkFromIndexSize(dstIndex, n, dst.length);
        if (dtype == DType.FLOAT32 && contiguous && n > 0) {
            // The common case (a float32 sample into a float[]) in one bulk copy, with no segment made for dst.
            MemorySegment.copy(segment, order == ByteOrder.LITTLE_ENDIAN ? FLOAT_LE : FLOAT_BE, offset, dst, dstIndex, (int) n);
            return;
        }
        copyConverted(MemorySegment.ofArray(dst).asSlice(dstIndex * 4L, n * 4L), DType.FLOAT32, DType.COMPLEX64, DType.FLOAT32);
    }

    /** Copies the elements in C order into {@code dst} from {@code dstIndex}, converted as {@link #toDoubleArray()}. */
    public void copyTo(double[] dst, int dstIndex) {
        long n = size * Elements.units(dtype);
        Objects.checkFromIndexSize(dstIndex, n, dst.length);
        copyConverted(MemorySegment.ofArray(dst).asSlice(dstIndex * 8L, n * 8L), DType.FLOAT64, DType.COMPLEX128, DType.FLOAT64);
    }

    /** Copies the elements in C order into {@code dst} from {@code dstIndex}, converted as {@link #toLongArray()}. */
    public void copyTo(long[] dst, int dstIndex) {
        Objects.checkFromIndexSize(dstIndex, size, dst.length);
        copyConverted(MemorySegment.ofArray(dst).asSlice(dstIndex * 8L, size * 8L), DType.INT64, DType.INT64, DType.UINT64);
    }

    /**
     * Fills a Java array's segment {@code dst} with the elements as {@code realTarget}, or as
     * {@code complexTarget} for a complex array; a dtype equal to the target or to {@code sameBits}
     * (the same layout read another way, e.g. uint64 in a long[]) is copied as bits.
     */
    private void copyConverted(MemorySegment dst, DType realTarget, DType complexTarget, DType sameBits) {
        DType target = dtype.isComplex() ? complexTarget : realTarget;
        if (dtype == sameBits) copyRunsTo(dst, ByteOrder.nativeOrder());
        else convertTo(dst, target, ByteOrder.nativeOrder());
    }

    /** Writes the elements in C order to {@code dst} as contiguous {@code target} values in {@code dstOrder}. */
    private void convertTo(MemorySegment dst, DType target, ByteOrder dstOrder) {
        if (dtype == target) {
            copyRunsTo(dst, dstOrder);
            return;
        }
        if (size == 0) return;
        long step = target.itemSize();
        Odometer src = new Odometer(shape, strides, shape.length, offset);
        for (long i = 0, d = 0; i < size; i++, d += step, src.next()) {
            Elements.convert(segment, src.offset(), dtype, order, dst, d, target, dstOrder);
        }
    }

    /** The elements' bytes in C order, in the given byte order. */
    public byte[] toBytes(ByteOrder byteOrder) {
        byte[] out = new byte[Math.toIntExact(byteSize())];
        copyRunsTo(MemorySegment.ofArray(out), byteOrder);
        return out;
    }

    /**
     * Copies the elements, in C order, to {@code dst} at {@code dstOffset} as contiguous bytes in
     * {@code dstOrder}. Maximal contiguous runs move in one call each.
     */
    public void copyTo(MemorySegment dst, long dstOffset, ByteOrder dstOrder) {
        copyRunsTo(dst.asSlice(dstOffset, byteSize()), dstOrder);
    }

    /** Like {@link #copyTo(MemorySegment, long, ByteOrder)} but writing Fortran order. */
    public void copyToFortran(MemorySegment dst, long dstOffset, ByteOrder dstOrder) {
        transpose().copyTo(dst, dstOffset, dstOrder);
    }

    private void copyRunsTo(MemorySegment dst, ByteOrder dstOrder) {
        if (size == 0) return; // an empty view's offset may lie past its segment's end
        if (contiguous && (dstOrder == order || dtype.itemSize() == 1)) {
            MemorySegment.copy(segment, offset, dst, 0, byteSize()); // one run, no swapping: plain bytes
            return;
        }
        StridedCopy.copy(segment, offset, shape, strides, new long[shape.length][], dtype, order, dst, dstOrder);
    }

    /** A contiguous C-ordered little-endian copy owning heap memory (outlives any store). */
    public NdArray copy() {
        MemorySegment seg = allocate(byteSize());
        copyRunsTo(seg, ByteOrder.LITTLE_ENDIAN);
        return new NdArray(dtype, shape.clone(), Shapes.cStrides(shape, dtype.itemSize()), ByteOrder.LITTLE_ENDIAN, seg, 0);
    }

    /**
     * A C-ordered copy converted to {@code target} as numpy's {@code astype} converts: integers wrap,
     * floats truncate toward zero when becoming integers, values round to nearest (ties to even) when
     * becoming a narrower float, complex to real keeps the real part, anything to bool tests for
     * non-zero. A float that is NaN, infinite or out of range has no defined integer in numpy; here it
     * saturates before wrapping. Returns this array itself when the dtype already is {@code target}.
     */
    public NdArray astype(DType target) {
        if (target == dtype) return this;
        NdArray out = zeros(target, shape);
        convertTo(out.segment, target, out.order);
        return out;
    }

    // ---------------------------------------------------------------- views

    /**
     * Indexes as numpy does, one {@link Index} per axis: missing trailing indices mean "all", an
     * ellipsis stands for the axes not named. Positions drop their axis; ranges (any step, negative
     * too), {@link Index#all()} and random windows keep it. Without a list index the result is a view
     * sharing this array's memory; a list index ({@link Index#of}) gathers a C-ordered copy.
     *
     * <p>Lists follow numpy's advanced indexing: several lists are broadcast together (each of one
     * common length, or of length 1, which repeats) and paired, so {@code a[[0, 1], [2, 3]]} selects
     * {@code a[0, 2]} and {@code a[1, 3]} along one axis, and positions pair with them
     * ({@code a[1, [0, 2], [1, 1]]} selects {@code a[1, 0, 1]} and {@code a[1, 2, 1]}). That axis stands
     * where the lists and positions stand when nothing else lies between them in the request as written;
     * otherwise (a slice or an ellipsis between, as in {@code a[1, :, [0, 2]]}) it comes first. Negative
     * entries count from the end; lists that broadcast to length 0 select nothing and their entries are
     * not checked, as in numpy. For the outer product of several lists (zarr's {@code oindex}), see
     * {@link #getOrthogonal(Index...)}.
     *
     * <p>A newaxis ({@link Index#newAxis()}, numpy's {@code None}) makes an axis of length 1 where it
     * stands, with stride 0 in a view, and indexes no axis: it does not count toward the array's axes
     * (an ellipsis stands for as many more), and between lists or positions it separates them as a
     * slice does, so {@code a[[0, 1], None, [0, 1]]} of a 2-d array has shape (2, 1).
     *
     * @throws IndexOutOfBoundsException for a position or list entry outside its axis, naming the request,
     *         the shape, the axis and the value
     * @throws IllegalArgumentException for lists whose lengths do not broadcast (naming them), more indices
     *         than axes or more than one ellipsis
     */
    public NdArray get(Index... indices) { return read(Indexing.numpy(indices, shape)); }

    /**
     * Orthogonal indexing, as zarr's {@code oindex}: each list selects along its own axis,
     * independently of the others, so several lists select their outer product
     * ({@code a.getOrthogonal([0, 1], [2, 3])} is 2 x 2: rows 0 and 1, columns 2 and 3), and every axis
     * stays in place, positions dropping theirs (so unlike {@link #get}, {@code [1, :, [0, 2]]} keeps the
     * slice's axis first). Cheaper than pairing when the outer product is what is wanted: one gather,
     * no repeated positions. Ranges, positions and newaxes select as in {@link #get}; a view unless a list
     * is given.
     *
     * @throws IndexOutOfBoundsException for a position or list entry outside its axis, naming the request and the shape
     * @throws IllegalArgumentException for more indices than axes or more than one ellipsis
     */
    public NdArray getOrthogonal(Index... indices) { return read(Indexing.orthogonal(indices, shape)); }

    /** A view of the selection when no list selects, else its gathered copy. */
    private NdArray read(Selected s) {
        return s.gathers() ? gather(s.perAxis(), s.axes()) : view(s.perAxis(), s.axes());
    }

    /** Row {@code i} along axis 0 (negative from the end), a view. */
    public NdArray row(long i) {
        long n = rowCount();
        long p = i < 0 ? i + n : i;
        if (p < 0 || p >= n) {
            throw new IndexOutOfBoundsException("row " + i + " is out of bounds for shape " + Arrays.toString(shape));
        }
        return new NdArray(dtype, Arrays.copyOfRange(shape, 1, shape.length), Arrays.copyOfRange(strides, 1, strides.length),
                order, segment, offset + p * strides[0]);
    }

    /** Rows {@code [from, to)} along axis 0, a view. */
    public NdArray rows(long from, long to) {
        long n = rowCount();
        if (from < 0 || from > to || to > n) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") are out of bounds for shape " + Arrays.toString(shape));
        }
        long[] sh = shape.clone();
        sh[0] = to - from;
        return new NdArray(dtype, sh, strides.clone(), order, segment, offset + from * strides[0]);
    }

    private long rowCount() {
        if (shape.length == 0) throw new IllegalArgumentException("a 0-d array has no rows");
        return shape[0];
    }

    /** The view {@code sel} selects when no list selects: each result axis walks one axis of this array. */
    private NdArray view(Selection[] sel, int[][] axes) {
        long[] sh = new long[axes.length];
        long[] st = new long[axes.length];
        for (int a = 0; a < axes.length; a++) {
            int k = axes[a][0];
            Selection.Slice s = (Selection.Slice) sel[k];
            sh[a] = s.count();
            st[a] = s.step() * stride(k);
        }
        return new NdArray(dtype, sh, st, order, segment, firstOffset(sel));
    }

    /** The byte offset of the first selected element, but for the axes lists select. */
    private long firstOffset(Selection[] sel) {
        long off = offset;
        for (int k = 0; k < sel.length; k++) {
            if (sel[k] instanceof Selection.Point p) off += p.position() * stride(k);
            else if (sel[k] instanceof Selection.Slice s && s.count() > 0) off += s.start() * stride(k);
        }
        return off;
    }

    /**
     * The byte stride of slot {@code k} of a selection ({@link Selected#perAxis()}): an axis of this array,
     * or past them a newaxis, whose one position every element shares (stride 0, as numpy gives it).
     */
    private long stride(int k) { return k < strides.length ? strides[k] : 0; }

    /**
     * Copies a selection into a new C-ordered array, result axis {@code a} walking the axes
     * {@code axes[a]} of this array: one copy call per contiguous run, as {@link #copy()} does. An axis
     * walking lists (several, paired) walks a table of byte offsets, their positions' offsets summed.
     */
    NdArray gather(Selection[] sel, int[][] axes) {
        long[] counts = new long[axes.length];
        long[] st = new long[axes.length];
        long[][] offsets = new long[axes.length][];
        for (int a = 0; a < axes.length; a++) {
            int[] walked = axes[a];
            counts[a] = sel[walked[0]].count();
            if (sel[walked[0]] instanceof Selection.Slice s) {
                st[a] = s.step() * stride(walked[0]);
                continue;
            }
            long[] table = new long[Math.toIntExact(counts[a])];
            for (int k : walked) {
                long[] positions = ((Selection.Gather) sel[k]).positions();
                for (int j = 0; j < table.length; j++) table[j] += positions[j] * stride(k);
            }
            offsets[a] = table;
        }
        NdArray out = zeros(dtype, counts);
        StridedCopy.copy(segment, firstOffset(sel), counts, st, offsets, dtype, order, out.segment, out.order);
        return out;
    }

    /** A view with the axes reversed (numpy's {@code .T}). */
    public NdArray transpose() {
        return new NdArray(dtype, Shapes.reversed(shape), Shapes.reversed(strides), order, segment, offset);
    }

    /**
     * A view with the axes permuted (numpy's {@code transpose(axes)}): axis {@code i} of the result is
     * axis {@code axes[i]} of this array (negative counts from the end).
     *
     * @throws IllegalArgumentException unless {@code axes} names every axis once
     */
    public NdArray transpose(int... axes) {
        if (axes.length != shape.length) {
            throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " do not match the " + shape.length + " axes of shape "
                    + Arrays.toString(shape));
        }
        long[] sh = new long[axes.length];
        long[] st = new long[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = Shapes.axis(axes[i], shape.length);
            if (seen[a]) throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " repeat axis " + a);
            seen[a] = true;
            sh[i] = shape[a];
            st[i] = strides[a];
        }
        return new NdArray(dtype, sh, st, order, segment, offset);
    }

    /**
     * The same elements in a new shape (one axis may be -1). A view when the array is C-contiguous,
     * a copy otherwise.
     */
    public NdArray reshape(long... newShape) {
        long[] sh = Shapes.inferred(newShape, size, shape);
        if (!isContiguous()) return copy().reshape(sh);
        return new NdArray(dtype, sh, Shapes.cStrides(sh, dtype.itemSize()), order, segment, offset);
    }

    /** A view without any axis of length 1 (numpy's {@code squeeze()}). */
    public NdArray squeeze() {
        int kept = 0;
        for (long d : shape) if (d != 1) kept++;
        long[] sh = new long[kept];
        long[] st = new long[kept];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (shape[k] == 1) continue;
            sh[j] = shape[k];
            st[j++] = strides[k];
        }
        return new NdArray(dtype, sh, st, order, segment, offset);
    }

    /** A view without axis {@code axis} (negative counts from the end), which must have length 1. */
    public NdArray squeeze(int axis) {
        int a = Shapes.axis(axis, shape.length);
        if (shape[a] != 1) {
            throw new IllegalArgumentException("cannot squeeze axis " + axis + " of length " + shape[a] + " in shape "
                    + Arrays.toString(shape));
        }
        return new NdArray(dtype, Shapes.removed(shape, a), Shapes.removed(strides, a), order, segment, offset);
    }

    /** A view with a new axis of length 1 inserted at {@code axis} (negative counts from the end, numpy style). */
    public NdArray expandDims(int axis) {
        int a = Shapes.axis(axis, shape.length + 1);
        long inner = a < shape.length ? strides[a] * shape[a] : dtype.itemSize();
        return new NdArray(dtype, Shapes.inserted(shape, a, 1), Shapes.inserted(strides, a, inner), order, segment, offset);
    }

    // ---------------------------------------------------------------- object methods

    /** Same dtype, shape and element bits (NaNs with the same payload are equal). */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof NdArray other)) return false;
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) return false;
        return Arrays.equals(toBytes(ByteOrder.LITTLE_ENDIAN), other.toBytes(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
                + (size <= 64 ? Arrays.hashCode(toBytes(ByteOrder.LITTLE_ENDIAN)) : 0);
    }

    /** A short description: dtype, shape and the first few elements. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NdArray(").append(dtype).append(", ").append(Arrays.toString(shape)).append(", [");
        long n = Math.min(size, 8);
        for (long i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            if (dtype.isComplex()) sb.append(doubleAt(i)).append('+').append(imagAt(i)).append('j');
            else if (dtype.isFloating()) sb.append(doubleAt(i));
            else if (dtype == DType.UINT64) sb.append(Long.toUnsignedString(longAt(i)));
            else sb.append(longAt(i));
        }
        if (size > n) sb.append(", ...");
        return sb.append("])").toString();
    }
}
