package io.ninjastore.array;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final ByteOrder order;
    private final MemorySegment segment;
    private final long offset;
    private final long size;

    private NdArray(DType dtype, long[] shape, long[] strides, ByteOrder order, MemorySegment segment, long offset) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.order = order;
        this.segment = segment;
        this.offset = offset;
        this.size = Shapes.size(shape);
    }

    // ---------------------------------------------------------------- factories

    /**
     * A C-contiguous view of {@code segment} (from its start) with the given dtype, byte order and
     * shape. The segment must hold at least {@code size * itemSize} bytes.
     */
    public static NdArray wrap(MemorySegment segment, DType dtype, ByteOrder order, long... shape) {
        long[] sh = Shapes.checked(shape);
        long bytes = Math.multiplyExact(Shapes.size(sh), dtype.itemSize());
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for "
                    + dtype + Arrays.toString(sh) + " (" + bytes + " bytes)");
        }
        return new NdArray(dtype, sh, Shapes.cStrides(sh, dtype.itemSize()), order, segment, 0);
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

    /** float32 values (wrapped, not copied). With no shape: 1-d of {@code data.length}. */
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
        long elems = seg.byteSize() / dtype.itemSize();
        return ofJava(seg, dtype, elems, shape);
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

    /** An array of integer (or any) {@code dtype} from exact longs (uint64 given as bit patterns). */
    public static NdArray fromLongs(DType dtype, long[] values, long... shape) {
        long[] sh = shape.length == 0 ? new long[] {values.length} : Shapes.checked(shape);
        requireCount(sh, values.length);
        NdArray a = zeros(dtype, sh);
        long item = dtype.itemSize();
        for (int i = 0; i < values.length; i++) {
            if (dtype == DType.UINT64 || !dtype.isFloating() && !dtype.isComplex()) {
                Elements.writeLong(a.segment, i * item, dtype, a.order, values[i]);
            } else {
                Elements.writeDouble(a.segment, i * item, dtype, a.order, values[i]);
            }
        }
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

    /** Whether elements are laid out in C order without gaps (negative strides are not). */
    public boolean isContiguous() { return Arrays.equals(strides, Shapes.cStrides(shape, dtype.itemSize())) || size <= 1; }

    /** Whether elements are laid out in Fortran order without gaps. */
    public boolean isFortranContiguous() {
        return Arrays.equals(Shapes.reversed(strides), Shapes.cStrides(Shapes.reversed(shape), dtype.itemSize())) || size <= 1;
    }

    /**
     * The elements' bytes as one segment, zero-copy, when {@link #isContiguous()}; otherwise a
     * contiguous copy's.
     */
    public MemorySegment asSegment() {
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

    /** The element as a boolean: non-zero is true. */
    public boolean getBoolean(long... index) { return getDouble(index) != 0; }

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

    /** All elements in C order as float32 (converted when the dtype differs; complex interleaved re, im). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(size * Elements.units(dtype))];
        if (dtype == DType.FLOAT32 || dtype == DType.COMPLEX64) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else for (int i = 0; i < size; i++) out[i] = (float) doubleAt(i);
        return out;
    }

    /** All elements in C order as float64 (converted; uint64 unsigned; complex interleaved re, im). */
    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(size * Elements.units(dtype))];
        if (dtype == DType.FLOAT64 || dtype == DType.COMPLEX128) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else if (dtype == DType.COMPLEX64) {
            float[] f = toFloatArray();
            for (int i = 0; i < f.length; i++) out[i] = f[i];
        } else for (int i = 0; i < size; i++) out[i] = doubleAt(i);
        return out;
    }

    /** All elements in C order as longs (exact for integers, uint64 as bit patterns; floats truncated). */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(size)];
        if (dtype == DType.INT64 || dtype == DType.UINT64) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else for (int i = 0; i < size; i++) out[i] = longAt(i);
        return out;
    }

    /** All elements in C order as ints (int32/uint32 bits copied; others converted and narrowed). */
    public int[] toIntArray() {
        int[] out = new int[Math.toIntExact(size)];
        if (dtype == DType.INT32 || dtype == DType.UINT32) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else for (int i = 0; i < size; i++) out[i] = (int) longAt(i);
        return out;
    }

    /** All elements in C order as shorts (16-bit dtypes' bits copied, float16 as its bits; others narrowed). */
    public short[] toShortArray() {
        short[] out = new short[Math.toIntExact(size)];
        if (dtype.itemSize() == 2) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else for (int i = 0; i < size; i++) out[i] = (short) longAt(i);
        return out;
    }

    /** All elements in C order as bytes (8-bit dtypes' bits copied; others narrowed). */
    public byte[] toByteArray() {
        byte[] out = new byte[Math.toIntExact(size)];
        if (dtype.itemSize() == 1) copyRunsTo(MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        else for (int i = 0; i < size; i++) out[i] = (byte) longAt(i);
        return out;
    }

    /** All elements in C order as booleans (non-zero is true). */
    public boolean[] toBooleanArray() {
        boolean[] out = new boolean[Math.toIntExact(size)];
        for (int i = 0; i < size; i++) out[i] = doubleAt(i) != 0;
        return out;
    }

    /** Copies the elements in C order into {@code dst} from {@code dstIndex}; the dtype must be float32. */
    public void copyTo(float[] dst, int dstIndex) {
        requireDtype(DType.FLOAT32);
        Objects.checkFromIndexSize(dstIndex, size, dst.length);
        copyRunsTo(MemorySegment.ofArray(dst).asSlice(dstIndex * 4L), ByteOrder.nativeOrder());
    }

    private void requireDtype(DType expected) {
        if (dtype != expected) throw new IllegalArgumentException("expected dtype " + expected + ", array is " + dtype);
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
        StridedCopy.copy(segment, offset, shape, strides, new long[shape.length][], dtype, order, dst, dstOrder);
    }

    /** A contiguous C-ordered little-endian copy owning heap memory (outlives any store). */
    public NdArray copy() {
        MemorySegment seg = allocate(byteSize());
        copyRunsTo(seg, ByteOrder.LITTLE_ENDIAN);
        return new NdArray(dtype, shape.clone(), Shapes.cStrides(shape, dtype.itemSize()), ByteOrder.LITTLE_ENDIAN, seg, 0);
    }

    /**
     * A copy converted to {@code target} as numpy's {@code astype} converts: integers wrap, floats
     * truncate toward zero when becoming integers, complex to real keeps the real part.
     */
    public NdArray astype(DType target) {
        if (target == dtype) return this;
        NdArray out = zeros(target, shape);
        long ti = target.itemSize();
        for (long i = 0; i < size; i++) {
            long off = offsetOfFlat(i);
            long dOff = i * ti;
            if (dtype.isComplex()) {
                Elements.writeComplex(out.segment, dOff, target, out.order, Elements.readDouble(segment, off, dtype, order),
                        Elements.readImag(segment, off, dtype, order));
            } else if ((dtype.isInteger() || dtype == DType.BOOL) && (target.isInteger() || target == DType.BOOL)) {
                Elements.writeLong(out.segment, dOff, target, out.order, Elements.readLong(segment, off, dtype, order));
            } else {
                Elements.writeDouble(out.segment, dOff, target, out.order, Elements.readDouble(segment, off, dtype, order));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- views

    /**
     * Indexes numpy style. Positions, ranges, ellipsis and random windows give a view;
     * a list index ({@link Index#of}) gathers a copy. Missing trailing indices mean "all".
     *
     * @throws IndexOutOfBoundsException naming the request and the shape
     */
    public NdArray get(Index... indices) {
        Selection[] sel = Indexing.resolve(indices, shape);
        boolean gather = false;
        for (Selection s : sel) gather |= s instanceof Selection.Gather;
        if (!gather) return view(sel);
        // Gather: view every non-list axis, then copy the selected positions along list axes.
        return gatherCopy(sel);
    }

    /** Row {@code i} along axis 0 (negative from the end), a view. */
    public NdArray row(long i) {
        if (shape.length == 0) throw new IllegalArgumentException("a 0-d array has no rows");
        long n = shape[0];
        long p = i < 0 ? i + n : i;
        if (p < 0 || p >= n) {
            throw new IndexOutOfBoundsException("row " + i + " is out of bounds for shape " + Arrays.toString(shape));
        }
        return new NdArray(dtype, Arrays.copyOfRange(shape, 1, shape.length), Arrays.copyOfRange(strides, 1, strides.length),
                order, segment, offset + p * strides[0]);
    }

    /** Rows {@code [from, to)} along axis 0, a view. */
    public NdArray rows(long from, long to) {
        if (shape.length == 0) throw new IllegalArgumentException("a 0-d array has no rows");
        Objects.checkFromToIndex(from, to, shape[0]);
        long[] sh = shape.clone();
        sh[0] = to - from;
        return new NdArray(dtype, sh, strides.clone(), order, segment, offset + from * strides[0]);
    }

    private NdArray view(Selection[] sel) {
        List<Long> sh = new ArrayList<>();
        List<Long> st = new ArrayList<>();
        long off = offset;
        for (int k = 0; k < sel.length; k++) {
            switch (sel[k]) {
                case Selection.Point p -> off += p.position() * strides[k];
                case Selection.Slice s -> {
                    if (s.count() > 0) off += s.start() * strides[k];
                    sh.add(s.count());
                    st.add(s.step() * strides[k]);
                }
                case Selection.Gather g -> throw new IllegalStateException("unreachable");
            }
        }
        return new NdArray(dtype, toLongs(sh), toLongs(st), order, segment, off);
    }

    /** Copies the selection with list indices: one run per contiguous stretch, as {@link #copy()} does. */
    private NdArray gatherCopy(Selection[] sel) {
        int kept = 0;
        for (Selection s : sel) if (!(s instanceof Selection.Point)) kept++;
        long[] counts = new long[kept];
        long[] st = new long[kept];
        long[][] positions = new long[kept][];
        long base = offset;
        int a = 0;
        for (int k = 0; k < sel.length; k++) {
            switch (sel[k]) {
                case Selection.Point p -> base += p.position() * strides[k];
                case Selection.Slice s -> {
                    if (s.count() > 0) base += s.start() * strides[k];
                    counts[a] = s.count();
                    st[a++] = s.step() * strides[k];
                }
                case Selection.Gather g -> {
                    counts[a] = g.count();
                    st[a] = strides[k];
                    positions[a++] = g.positions();
                }
            }
        }
        NdArray out = zeros(dtype, counts);
        StridedCopy.copy(segment, base, counts, st, positions, dtype, order, out.segment, out.order);
        return out;
    }

    /** A view with the axes reversed (numpy's {@code .T}). */
    public NdArray transpose() {
        return new NdArray(dtype, Shapes.reversed(shape), Shapes.reversed(strides), order, segment, offset);
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

    /** A view without axis {@code axis}, which must have length 1. */
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

    private static long[] toLongs(List<Long> l) {
        long[] a = new long[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }
}
