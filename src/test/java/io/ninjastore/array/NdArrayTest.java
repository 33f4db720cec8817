package io.ninjastore.array;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed access, factories, bulk copies and the view operations of {@link NdArray}, case by case. */
class NdArrayTest {

    /** Little-endian bytes from a writer. */
    private static MemorySegment le(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return MemorySegment.ofArray(b.array());
    }

    // ------------------------------------------------------------------ typed access, every dtype

    @Test
    void boolReadsZeroAsFalseAndAnyOtherByteAsTrue() {
        NdArray a = NdArray.wrap(MemorySegment.ofArray(new byte[] {0, 1, 2}), DType.BOOL, ByteOrder.LITTLE_ENDIAN, 3);
        assertFalse(a.getBoolean(0));
        assertTrue(a.getBoolean(1));
        assertTrue(a.getBoolean(2));
        assertEquals(1, a.getLong(1));
        assertArrayEquals(new boolean[] {false, true, true}, a.toBooleanArray());
        assertArrayEquals(new boolean[] {true, false}, NdArray.of(new boolean[] {true, false}).toBooleanArray());
        assertEquals(DType.BOOL, NdArray.of(new boolean[] {true}).dtype());
    }

    @Test
    void signedIntegersOfEveryWidth() {
        NdArray i8 = NdArray.wrap(MemorySegment.ofArray(new byte[] {-128, 127}), DType.INT8, ByteOrder.LITTLE_ENDIAN, 2);
        assertEquals(-128, i8.getLong(0));
        assertEquals(127, i8.getInt(1));
        NdArray i16 = NdArray.wrap(le(4, b -> b.putShort((short) -32768).putShort((short) 32767)), DType.INT16, ByteOrder.LITTLE_ENDIAN, 2);
        assertEquals(-32768, i16.getLong(0));
        assertEquals(32767.0, i16.getDouble(1));
        NdArray i32 = NdArray.wrap(le(8, b -> b.putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE)), DType.INT32, ByteOrder.LITTLE_ENDIAN, 2);
        assertEquals(Integer.MIN_VALUE, i32.getInt(0));
        assertEquals(Integer.MAX_VALUE, i32.getLong(1));
        NdArray i64 = NdArray.wrap(le(16, b -> b.putLong(Long.MIN_VALUE).putLong(Long.MAX_VALUE)), DType.INT64, ByteOrder.LITTLE_ENDIAN, 2);
        assertEquals(Long.MIN_VALUE, i64.getLong(0));
        assertEquals(BigInteger.valueOf(Long.MAX_VALUE), i64.getBigInteger(1));
        assertEquals(BigInteger.valueOf(Long.MIN_VALUE), i64.getBigInteger(0));
    }

    @Test
    void unsignedIntegersReadWithoutSignExtension() {
        NdArray u8 = NdArray.ofBits(DType.UINT8, new byte[] {(byte) 255, (byte) 128});
        assertEquals(255, u8.getLong(0));
        assertEquals(128.0, u8.getDouble(1));
        NdArray u16 = NdArray.ofBits(DType.UINT16, new short[] {(short) 65535});
        assertEquals(65535, u16.getLong(0));
        NdArray u32 = NdArray.ofBits(DType.UINT32, new int[] {-1});
        assertEquals(4294967295L, u32.getLong(0));
        assertEquals(4294967295.0, u32.getDouble(0));
        assertEquals(BigInteger.valueOf(4294967295L), u32.getBigInteger(0));
    }

    @Test
    void uint64BeyondLongMaxValueIsReadWithoutLoss() {
        NdArray u64 = NdArray.ofBits(DType.UINT64, new long[] {-1L, Long.MIN_VALUE, Long.MIN_VALUE + 1, 42});
        assertEquals(new BigInteger("18446744073709551615"), u64.getBigInteger(0));
        assertEquals(new BigInteger("9223372036854775808"), u64.getBigInteger(1));
        assertEquals(new BigInteger("9223372036854775809"), u64.getBigInteger(2));
        assertEquals(BigInteger.valueOf(42), u64.getBigInteger(3));
        assertEquals(-1L, u64.getLong(0), "getLong gives the bit pattern");
        assertEquals("18446744073709551615", Long.toUnsignedString(u64.longAt(0)));
        assertEquals(0x1p64, u64.getDouble(0), "as a double: the nearest value, 2^64");
        assertEquals(0x1p63, u64.getDouble(1));
        assertTrue(u64.toString().contains("18446744073709551615"), u64.toString());
        assertArrayEquals(new long[] {-1L, Long.MIN_VALUE, Long.MIN_VALUE + 1, 42}, u64.toLongArray());
    }

    @Test
    void float16ValuesIncludingSubnormalsAndSpecials() {
        short[] bits = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00, (short) 0xFC00, 0x7E00, (short) 0x8000};
        NdArray h = NdArray.ofBits(DType.FLOAT16, bits);
        assertEquals(1.0, h.getDouble(0));
        assertEquals(-2.0f, h.getFloat(1));
        assertEquals(65504.0, h.getDouble(2));
        assertEquals(0x1p-24, h.getDouble(3));
        assertEquals(Double.POSITIVE_INFINITY, h.getDouble(4));
        assertEquals(Double.NEGATIVE_INFINITY, h.getDouble(5));
        assertTrue(Double.isNaN(h.getDouble(6)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(h.getDouble(7)));
        assertArrayEquals(new float[] {1, -2, 65504, 0x1p-24f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, -0f},
                h.toFloatArray());
        assertArrayEquals(bits, h.toShortArray(), "toShortArray gives float16 bits");
        assertEquals(65504, h.getLong(2));
    }

    @Test
    void float32AndFloat64() {
        NdArray f = NdArray.of(new float[] {1.5f, Float.NaN, -0f});
        assertEquals(1.5, f.getDouble(0));
        assertTrue(Float.isNaN(f.getFloat(1)));
        assertEquals(1, f.getLong(0), "truncated toward zero");
        NdArray d = NdArray.of(new double[] {-2.75, Double.MIN_VALUE});
        assertEquals(-2, d.getLong(0));
        assertEquals(Double.MIN_VALUE, d.getDouble(1));
        assertArrayEquals(new double[] {-2.75, Double.MIN_VALUE}, d.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"COMPLEX64", "COMPLEX128"})
    void complexValuesReadAsRealAndImaginaryParts(DType t) {
        NdArray c = NdArray.zeros(t, 2);
        MemorySegment seg = c.asSegment();
        Elements.writeComplex(seg, 0, t, ByteOrder.LITTLE_ENDIAN, 1.5, -2.0);
        Elements.writeComplex(seg, t.itemSize(), t, ByteOrder.LITTLE_ENDIAN, 0.0, 0.25);
        assertArrayEquals(new double[] {1.5, -2.0}, c.getComplex(0));
        assertArrayEquals(new double[] {0.0, 0.25}, c.getComplex(1));
        assertEquals(1.5, c.getDouble(0), "getDouble is the real part");
        assertEquals(-2.0, c.imagAt(0));
        assertTrue(c.getBoolean(1), "a complex is true when either part is non-zero");
        assertArrayEquals(new boolean[] {true, true}, c.toBooleanArray());
        assertArrayEquals(new double[] {1.5, -2.0, 0.0, 0.25}, c.toDoubleArray(), "interleaved re, im");
        assertArrayEquals(new float[] {1.5f, -2.0f, 0.0f, 0.25f}, c.toFloatArray(), "interleaved re, im");
        assertArrayEquals(new long[] {1, 0}, c.toLongArray(), "the real part");
        assertTrue(c.toString().contains("1.5+-2.0j"), c.toString());
    }

    @Test
    void realDtypesHaveZeroImaginaryParts() {
        assertArrayEquals(new double[] {3.0, 0.0}, NdArray.of(new int[] {3}).getComplex(0));
    }

    @Test
    void bigEndianDataReadsTheSameValues() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        b.putInt(-5).putInt(7).putDouble(1.25).putShort((short) 0x3C00).putShort((short) 0xC000).putInt(0);
        MemorySegment seg = MemorySegment.ofArray(b.array());
        NdArray i = NdArray.wrap(seg, DType.INT32, ByteOrder.BIG_ENDIAN, 2);
        assertArrayEquals(new int[] {-5, 7}, i.toIntArray());
        assertEquals(ByteOrder.BIG_ENDIAN, i.byteOrder());
        NdArray d = NdArray.wrap(seg.asSlice(8), DType.FLOAT64, ByteOrder.BIG_ENDIAN, 1);
        assertEquals(1.25, d.getDouble(0));
        NdArray h = NdArray.wrap(seg.asSlice(16), DType.FLOAT16, ByteOrder.BIG_ENDIAN, 2);
        assertArrayEquals(new float[] {1f, -2f}, h.toFloatArray());
        NdArray copy = i.copy();
        assertEquals(ByteOrder.LITTLE_ENDIAN, copy.byteOrder());
        assertEquals(i, copy, "equality is by value, not by byte order");
        assertArrayEquals(new byte[] {-5, -1, -1, -1, 7, 0, 0, 0}, i.toBytes(ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(new byte[] {-1, -1, -1, -5, 0, 0, 0, 7}, copy.toBytes(ByteOrder.BIG_ENDIAN));
    }

    // ------------------------------------------------------------------ element access errors

    @Test
    void negativeIndicesCountFromTheEnd() {
        NdArray a = NdArray.of(new int[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5, a.getLong(-1, -1));
        assertEquals(3, a.getLong(1, -3));
        assertEquals(4, a.row(-1).getLong(1));
    }

    @Test
    void outOfBoundsAccessNamesTheIndexAndTheShape() {
        NdArray a = NdArray.of(new int[] {0, 1, 2, 3, 4, 5}, 2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.getLong(2, 0));
        assertTrue(e.getMessage().contains("[2, 0]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.getLong(0, -4));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> a.getLong(0));
        assertTrue(rank.getMessage().contains("expected 2 indices"), rank.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.doubleAt(6));
        assertThrows(IndexOutOfBoundsException.class, () -> a.longAt(-1));
        IndexOutOfBoundsException row = assertThrows(IndexOutOfBoundsException.class, () -> a.row(2));
        assertTrue(row.getMessage().contains("row 2") && row.getMessage().contains("[2, 3]"), row.getMessage());
        IndexOutOfBoundsException rows = assertThrows(IndexOutOfBoundsException.class, () -> a.rows(1, 3));
        assertTrue(rows.getMessage().contains("[1, 3)") && rows.getMessage().contains("[2, 3]"), rows.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.rows(2, 1));
    }

    @Test
    void zeroDimensionalArrays() {
        NdArray s = NdArray.scalar(DType.FLOAT32, 2.5);
        assertEquals(0, s.ndim());
        assertEquals(1, s.size());
        assertArrayEquals(new long[0], s.shape());
        assertEquals(2.5, s.getDouble());
        assertEquals(2.5, s.item());
        assertEquals(2.5, s.doubleAt(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.row(0));
        assertTrue(e.getMessage().contains("0-d"), e.getMessage());
        assertEquals(NdArray.scalar(DType.FLOAT32, 2.5), s.reshape().copy());
        assertArrayEquals(new long[] {1, 1}, s.reshape(1, 1).shape());
        assertEquals(NdArray.scalarLong(DType.UINT64, -1L).getBigInteger(), new BigInteger("18446744073709551615"));
        assertThrows(IllegalStateException.class, () -> NdArray.of(new int[] {1, 2}).item());
    }

    @Test
    void emptyArrays() {
        NdArray e = NdArray.zeros(DType.INT32, 0, 3);
        assertEquals(0, e.size());
        assertEquals(0, e.byteSize());
        assertArrayEquals(new int[0], e.toIntArray());
        assertEquals(0, e.copy().size());
        assertArrayEquals(new long[] {0, 3}, e.copy().shape());
        assertArrayEquals(new long[] {3, 0}, e.transpose().shape());
        assertArrayEquals(new long[] {0}, e.reshape(-1).shape());
        assertArrayEquals(new long[] {5, 0}, e.reshape(5, 0).shape());
        assertTrue(e.isContiguous());
        assertEquals(0, e.get(Index.all(), Index.range(1, 2)).size());
        assertThrows(IndexOutOfBoundsException.class, () -> e.row(0));
    }

    // ------------------------------------------------------------------ factories

    @Test
    void factoriesWrapJavaArraysWithoutCopying() {
        float[] data = {1, 2, 3, 4, 5, 6};
        NdArray a = NdArray.of(data, 2, 3);
        data[5] = 60;
        assertEquals(60.0, a.getDouble(1, 2), "a view of the Java array");
        assertEquals(DType.FLOAT32, a.dtype());
        assertEquals(DType.FLOAT64, NdArray.of(new double[] {1}).dtype());
        assertEquals(DType.INT8, NdArray.of(new byte[] {1}).dtype());
        assertEquals(DType.INT16, NdArray.of(new short[] {1}).dtype());
        assertEquals(DType.INT32, NdArray.of(new int[] {1}).dtype());
        assertEquals(DType.INT64, NdArray.of(new long[] {1}).dtype());
        assertArrayEquals(new long[] {6}, NdArray.of(data).shape(), "no shape: 1-d");
        assertEquals(ByteOrder.nativeOrder(), a.byteOrder());
    }

    @Test
    void factoriesRefuseAShapeThatDoesNotHoldTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NdArray.of(new int[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("[2, 2] holds 4 elements but 3 were given"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.fromDoubles(DType.FLOAT32, new double[] {1}, 2));
        assertThrows(IllegalArgumentException.class, () -> NdArray.fromLongs(DType.INT8, new long[] {1}, 3));
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> NdArray.zeros(DType.INT8, 2, -1));
        assertTrue(neg.getMessage().contains("negative dimension"), neg.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> NdArray.zeros(DType.INT8, Long.MAX_VALUE, 3));
        assertTrue(huge.getMessage().contains("more elements than a long can count"), huge.getMessage());
    }

    @Test
    void ofBitsReinterpretsAJavaArrayAndRefusesAPartialElement() {
        NdArray u = NdArray.ofBits(DType.UINT16, new byte[] {1, 2, 3, 4});
        assertEquals(2, u.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NdArray.ofBits(DType.INT32, new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("3 bytes") && e.getMessage().contains("int32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofBits(DType.INT8, "not an array"));
    }

    @Test
    void wrapRefusesASegmentTooSmall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.wrap(MemorySegment.ofArray(new byte[7]), DType.INT32, ByteOrder.LITTLE_ENDIAN, 2));
        assertTrue(e.getMessage().contains("7 bytes") && e.getMessage().contains("8 bytes"), e.getMessage());
    }

    @Test
    void fromDoublesAndFromLongsConvert() {
        assertArrayEquals(new byte[] {1, 0, 1}, NdArray.fromDoubles(DType.BOOL, new double[] {2, 0, Double.NaN}).toByteArray());
        assertArrayEquals(new long[] {-1, 0}, NdArray.fromDoubles(DType.INT16, new double[] {-1.9, 0.9}).toLongArray());
        assertArrayEquals(new long[] {255, 0}, NdArray.fromLongs(DType.UINT8, new long[] {-1, 256}).toLongArray(), "wraps");
        assertEquals(new BigInteger("18446744073709551615"), NdArray.fromLongs(DType.UINT64, new long[] {-1}).getBigInteger(0));
        assertArrayEquals(new double[] {3.0, 0.0}, NdArray.fromLongs(DType.COMPLEX128, new long[] {3}).toDoubleArray());
        assertEquals(1e19, NdArray.fromDoubles(DType.UINT64, new double[] {1e19}).getDouble(0));
    }

    // ------------------------------------------------------------------ bulk copies

    @Test
    void bulkCopiesIntoJavaArraysConvertAsAstype() {
        NdArray a = NdArray.of(new int[] {-1, 2, 300, 70000}, 2, 2);
        assertArrayEquals(new float[] {-1, 2, 300, 70000}, a.toFloatArray());
        assertArrayEquals(new double[] {-1, 2, 300, 70000}, a.toDoubleArray());
        assertArrayEquals(new long[] {-1, 2, 300, 70000}, a.toLongArray());
        assertArrayEquals(new int[] {-1, 2, 300, 70000}, a.toIntArray());
        assertArrayEquals(new short[] {-1, 2, 300, (short) 70000}, a.toShortArray(), "wraps like astype(int16)");
        assertArrayEquals(new byte[] {-1, 2, 44, 112}, a.toByteArray(), "wraps like astype(int8)");
        assertArrayEquals(new boolean[] {true, true, true, true}, a.toBooleanArray());
        NdArray f = NdArray.of(new double[] {-1.5, 2.5, 1e10});
        assertArrayEquals(new int[] {-1, 2, (int) 10000000000L}, f.toIntArray(), "truncates, then wraps");
    }

    @Test
    void copyToWritesAtAnOffsetAndChecksRoom() {
        NdArray a = NdArray.of(new short[] {1, 2, 3});
        float[] f = new float[5];
        a.copyTo(f, 2);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3}, f);
        double[] d = new double[4];
        a.copyTo(d, 1);
        assertArrayEquals(new double[] {0, 1, 2, 3}, d);
        long[] l = new long[3];
        a.copyTo(l, 0);
        assertArrayEquals(new long[] {1, 2, 3}, l);
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(new float[4], 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(new float[4], -1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(new long[2], 0));
        float[] sameType = new float[3];
        NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).get(Index.all(), Index.at(1)).copyTo(sameType, 0);
        assertArrayEquals(new float[] {2, 4, 6}, sameType, "a strided float32 view");
    }

    @Test
    void copyIsContiguousLittleEndianAndOutlivesTheSource() {
        int[] data = {0, 1, 2, 3, 4, 5};
        NdArray view = NdArray.of(data, 2, 3).transpose();
        NdArray copy = view.copy();
        assertTrue(copy.isContiguous());
        assertArrayEquals(new long[] {3, 2}, copy.shape());
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, copy.toIntArray());
        data[0] = 99;
        assertEquals(0, copy.getLong(0, 0), "a copy owns its memory");
        assertEquals(99, view.getLong(0, 0));
        assertArrayEquals(new long[] {8, 4}, copy.strides());
    }

    @Test
    void copyToASegmentInEitherByteOrderAndInFortranOrder() {
        NdArray a = NdArray.of(new short[] {1, 2, 3, 4}, 2, 2);
        MemorySegment dst = MemorySegment.ofArray(new byte[10]);
        a.copyTo(dst, 2, ByteOrder.BIG_ENDIAN);
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0, 2, 0, 3, 0, 4}, dst.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        MemorySegment f = MemorySegment.ofArray(new byte[8]);
        a.copyToFortran(f, 0, ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new byte[] {1, 0, 3, 0, 2, 0, 4, 0}, f.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    @Test
    void asSegmentIsZeroCopyWhenContiguous() {
        long[] data = {1, 2, 3, 4};
        NdArray a = NdArray.of(data, 2, 2);
        MemorySegment seg = a.row(1).asSegment();
        assertEquals(16, seg.byteSize());
        data[2] = 30;
        assertEquals(30, seg.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
        NdArray col = a.get(Index.all(), Index.at(0));
        assertEquals(16, col.asSegment().byteSize(), "a copy's bytes when strided");
    }

    // ------------------------------------------------------------------ astype

    @Test
    void astypeToTheSameDtypeIsTheArrayItself() {
        NdArray a = NdArray.of(new int[] {1});
        assertSame(a, a.astype(DType.INT32));
    }

    @Test
    void astypeOfAStridedBigEndianViewIsCOrderedLittleEndian() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 6; i++) b.putInt(i * 10 - 20);
        NdArray a = NdArray.wrap(MemorySegment.ofArray(b.array()), DType.INT32, ByteOrder.BIG_ENDIAN, 2, 3).transpose();
        NdArray f = a.astype(DType.FLOAT64);
        assertArrayEquals(new long[] {3, 2}, f.shape());
        assertArrayEquals(new double[] {-20, 10, -10, 20, 0, 30}, f.toDoubleArray());
        assertEquals(ByteOrder.LITTLE_ENDIAN, f.byteOrder());
        assertTrue(f.isContiguous());
    }

    // ------------------------------------------------------------------ views

    @Test
    void reshapeIsAViewWhenContiguousAndACopyOtherwise() {
        int[] data = {0, 1, 2, 3, 4, 5};
        NdArray a = NdArray.of(data, 2, 3);
        NdArray r = a.reshape(3, -1);
        assertArrayEquals(new long[] {3, 2}, r.shape());
        data[5] = 50;
        assertEquals(50, r.getLong(2, 1), "a view");
        NdArray t = a.transpose().reshape(6);
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 50}, t.toIntArray());
        data[0] = 7;
        assertEquals(0, t.getLong(0), "a transposed array reshapes into a copy");
    }

    @Test
    void reshapeRefusesWrongSizesAndSeveralUnknowns() {
        NdArray a = NdArray.zeros(DType.INT8, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
        assertTrue(e.getMessage().contains("cannot reshape array of shape [2, 3] into shape [4, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(-2, -3));
        assertThrows(IllegalArgumentException.class, () -> NdArray.zeros(DType.INT8, 0, 3).reshape(0, -1));
    }

    @Test
    void transposeReversesAxes() {
        NdArray a = NdArray.of(new int[24], 2, 3, 4);
        NdArray t = a.transpose();
        assertArrayEquals(new long[] {4, 3, 2}, t.shape());
        assertArrayEquals(new long[] {4, 16, 48}, t.strides());
        assertTrue(t.isFortranContiguous());
        assertFalse(t.isContiguous());
        assertEquals(a, t.transpose());
    }

    @Test
    void transposeWithAxesPermutesThem() {
        NdArray a = NdArray.of(new int[24], 2, 3, 4);
        NdArray t = a.transpose(1, -1, 0);
        assertArrayEquals(new long[] {3, 4, 2}, t.shape());
        assertArrayEquals(new long[] {16, 4, 48}, t.strides());
        assertEquals(a.transpose(), a.transpose(2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 1));
        assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> a.transpose(0, 1, 3));
    }

    @Test
    void squeezeAndExpandDims() {
        NdArray a = NdArray.of(new int[] {1, 2, 3}, 1, 3, 1);
        assertArrayEquals(new long[] {3}, a.squeeze().shape());
        assertArrayEquals(new long[] {3, 1}, a.squeeze(0).shape());
        assertArrayEquals(new long[] {1, 3}, a.squeeze(-1).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.squeeze(1));
        assertTrue(e.getMessage().contains("axis 1 of length 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.squeeze(3));
        NdArray v = NdArray.of(new int[] {1, 2, 3});
        assertArrayEquals(new long[] {1, 3}, v.expandDims(0).shape());
        assertArrayEquals(new long[] {3, 1}, v.expandDims(1).shape());
        assertArrayEquals(new long[] {3, 1}, v.expandDims(-1).shape());
        assertArrayEquals(new long[] {1, 3}, v.expandDims(-2).shape());
        assertThrows(IllegalArgumentException.class, () -> v.expandDims(2));
        assertThrows(IllegalArgumentException.class, () -> v.expandDims(-3));
        assertTrue(v.expandDims(0).isContiguous() && v.expandDims(1).isContiguous());
        assertArrayEquals(new int[] {1, 2, 3}, v.expandDims(1).squeeze().toIntArray());
        assertArrayEquals(new long[0], NdArray.scalar(DType.INT8, 1).expandDims(0).squeeze().shape());
    }

    @Test
    void lengthOneAxesDoNotBreakContiguity() {
        NdArray a = NdArray.of(new int[12], 3, 4);
        NdArray oneRow = a.get(Index.range(0L, null, 2), Index.all()).get(Index.range(0, 1));
        assertArrayEquals(new long[] {1, 4}, oneRow.shape());
        assertTrue(oneRow.isContiguous(), "a single row of a stepped view is contiguous");
        assertTrue(oneRow.isFortranContiguous(), "as numpy says of a[::2][0:1]: one row is both");
        NdArray column = a.get(Index.all(), Index.range(1, 2));
        assertFalse(column.isContiguous());
        assertFalse(column.isFortranContiguous(), "as numpy says of a[:, 1:2]");
        assertTrue(a.transpose().get(Index.all(), Index.range(1, 2)).isFortranContiguous(), "a row of a, seen through .T");
    }

    @Test
    void stepsAndNegativeStepsGiveViews() {
        int[] data = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        NdArray a = NdArray.of(data);
        NdArray rev = a.get(Index.range(null, null, -1));
        assertArrayEquals(new int[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, rev.toIntArray());
        assertArrayEquals(new int[] {8, 5, 2}, a.get(Index.range(-2L, null, -3)).toIntArray());
        assertArrayEquals(new int[] {1, 4, 7}, a.get(Index.range(1L, 8L, 3)).toIntArray());
        assertEquals(0, a.get(Index.range(5L, 2L, 1)).size());
        data[9] = 90;
        assertEquals(90, rev.getLong(0), "a view, not a copy");
        assertArrayEquals(new long[] {-4}, rev.strides());
    }

    @Test
    void listIndicesGatherACopy() {
        int[] data = new int[12];
        for (int i = 0; i < 12; i++) data[i] = i;
        NdArray a = NdArray.of(data, 3, 4);
        NdArray mixed = a.get(Index.of(1), Index.range(null, null, -2));
        assertArrayEquals(new int[] {7, 5}, mixed.toIntArray());
        data[7] = 70;
        assertEquals(7, mixed.getLong(0, 0), "a gather is a copy");
        assertArrayEquals(new long[] {0, 4}, a.get(Index.of()).shape());
        assertArrayEquals(new int[] {4, 6}, a.get(Index.of(1), Index.range(0L, null, 2)).squeeze(0).toIntArray());
    }

    @Test
    void orthogonalIndexingSelectsTheOuterProductOfTheLists() {
        int[] data = new int[12];
        for (int i = 0; i < 12; i++) data[i] = i;
        NdArray a = NdArray.of(data, 3, 4);
        NdArray g = a.getOrthogonal(Index.of(2, 0, -1), Index.of(3, 1));
        assertArrayEquals(new long[] {3, 2}, g.shape());
        assertArrayEquals(new int[] {11, 9, 3, 1, 11, 9}, g.toIntArray());
        NdArray b = NdArray.of(iota(60), 3, 4, 5);
        assertArrayEquals(new long[] {2, 4, 1}, b.getOrthogonal(Index.of(0, 1), Index.all(), Index.of(3)).shape(), "lists keep their axes");
        // zarr's oindex keeps every axis in place, even one list apart from a position (numpy would put it first)
        NdArray inPlace = b.getOrthogonal(Index.at(1), Index.all(), Index.of(0, 2));
        assertArrayEquals(new long[] {4, 2}, inPlace.shape());
        assertArrayEquals(new int[] {20, 22, 25, 27, 30, 32, 35, 37}, inPlace.toIntArray());
        assertEquals(b.get(Index.range(0, 2)), b.getOrthogonal(Index.range(0, 2)), "without lists, the same view as get");
        assertArrayEquals(new long[] {0, 2}, a.getOrthogonal(Index.of(), Index.of(0, 1)).shape(), "lists of any lengths");
        IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class, () -> a.getOrthogonal(Index.of(), Index.of(9)));
        assertTrue(out.getMessage().contains("axis 1") && out.getMessage().contains("index 9"), "every entry is checked: " + out.getMessage());
    }

    @Test
    void aNewaxisIsAViewAxisOfLengthOneWithStrideZero() {
        int[] data = iota(12);
        NdArray a = NdArray.of(data, 3, 4);
        NdArray v = a.get(Index.at(1), Index.newAxis(), Index.range(null, null, -2), Index.newAxis()); // numpy: a[1, None, ::-2, None]
        assertArrayEquals(new long[] {1, 2, 1}, v.shape());
        assertArrayEquals(new long[] {0, -8, 0}, v.strides());
        assertArrayEquals(new int[] {7, 5}, v.toIntArray());
        assertEquals(5, v.getLong(0, 1, 0));
        data[7] = 70;
        assertEquals(70, v.getLong(0, 0, 0), "a view, not a copy");
        assertArrayEquals(new int[] {70, 5}, v.copy().toIntArray(), "its copy walks the stride-0 axes once");
        assertTrue(a.get(Index.newAxis()).isContiguous(), "an axis of length 1 is never stepped: its stride does not matter");
        NdArray empty = a.get(Index.range(0, 0), Index.newAxis());
        assertArrayEquals(new long[] {0, 1, 4}, empty.shape());
        assertEquals(0, empty.copy().size());
        NdArray gathered = a.get(Index.newAxis(), Index.of(2, 0));
        assertArrayEquals(new long[] {1, 2, 4}, gathered.shape());
        data[8] = 80;
        assertEquals(8, gathered.getLong(0, 0, 0), "with a list, a copy");
        NdArray scalar = NdArray.scalar(DType.INT32, 7).get(Index.newAxis(), Index.ellipsis(), Index.newAxis());
        assertArrayEquals(new long[] {1, 1}, scalar.shape());
        assertEquals(7, scalar.getLong(0, 0), "a 0-d array takes newaxes");
    }

    @Test
    void aNewaxisSeparatesAdvancedIndicesAsASliceDoes() {
        NdArray b = NdArray.of(iota(6), 2, 3);
        // numpy: b[[0, 1], None, [0, 1]] and b[0, None, [0, 1]] put the paired axis first: (2, 1)
        NdArray split = b.get(Index.of(0, 1), Index.newAxis(), Index.of(0, 1));
        assertArrayEquals(new long[] {2, 1}, split.shape());
        assertArrayEquals(new int[] {0, 4}, split.toIntArray());
        assertArrayEquals(new long[] {2, 1}, b.get(Index.at(0), Index.newAxis(), Index.of(0, 1)).shape());
        // before or after an unbroken run it stays in place: b[None, 0, [0, 1]] is (1, 2), b[[0, 1], [0, 1], None] (2, 1)
        NdArray before = b.get(Index.newAxis(), Index.at(0), Index.of(0, 1));
        assertArrayEquals(new long[] {1, 2}, before.shape());
        assertArrayEquals(new int[] {0, 1}, before.toIntArray());
        assertArrayEquals(new long[] {2, 1}, b.get(Index.of(0, 1), Index.of(0, 1), Index.newAxis()).shape());
        // b[..., [0, 1], None] is (2, 2, 1); orthogonally every index stays in place: b[[0, 1], None, [0, 2]] is (2, 1, 2)
        assertArrayEquals(new long[] {2, 2, 1}, b.get(Index.ellipsis(), Index.of(0, 1), Index.newAxis()).shape());
        NdArray outer = b.getOrthogonal(Index.of(0, 1), Index.newAxis(), Index.of(0, 2));
        assertArrayEquals(new long[] {2, 1, 2}, outer.shape());
        assertArrayEquals(new int[] {0, 2, 3, 5}, outer.toIntArray());
    }

    @Test
    void severalListsPairUpAsInNumpy() {
        NdArray a = NdArray.of(iota(60), 3, 4, 5); // a[i, j, k] = 20 i + 5 j + k
        // numpy: a[[0, 1], [2, 3]] is (2, 5): rows a[0, 2] and a[1, 3]
        NdArray pairs = a.get(Index.of(0, 1), Index.of(2, 3));
        assertArrayEquals(new long[] {2, 5}, pairs.shape());
        assertArrayEquals(new int[] {10, 11, 12, 13, 14, 35, 36, 37, 38, 39}, pairs.toIntArray());
        assertTrue(pairs.isContiguous(), "one C-ordered copy");
        // positions pair with lists: a[1, [0, 2], [1, 1]] is (2,): a[1, 0, 1], a[1, 2, 1]
        assertArrayEquals(new int[] {21, 31}, a.get(Index.at(1), Index.of(0, 2), Index.of(1, 1)).toIntArray());
        // a list of length 1 repeats: a[[0, 1, 2], [1], [2, 2, 2]] is a[0, 1, 2], a[1, 1, 2], a[2, 1, 2]
        assertArrayEquals(new int[] {7, 27, 47}, a.get(Index.of(0, 1, 2), Index.of(1), Index.of(2, 2, 2)).toIntArray());
        // negative entries count from the end: a[[-1, 0], [-4]] is a[2, 0], a[0, 0]
        assertArrayEquals(new int[] {40, 41, 42, 43, 44, 0, 1, 2, 3, 4}, a.get(Index.of(-1, 0), Index.of(-4)).toIntArray());
        // adjacent lists keep their place: a[:, [0, 1], [1, 2]] is (3, 2)
        NdArray adjacent = a.get(Index.all(), Index.of(0, 1), Index.of(1, 2));
        assertArrayEquals(new long[] {3, 2}, adjacent.shape());
        assertArrayEquals(new int[] {1, 7, 21, 27, 41, 47}, adjacent.toIntArray());
        // a slice between them puts the paired axis first: a[[0, 1], :, [1, 2]] is (2, 4)
        NdArray split = a.get(Index.of(0, 1), Index.all(), Index.of(1, 2));
        assertArrayEquals(new long[] {2, 4}, split.shape());
        assertArrayEquals(new int[] {1, 6, 11, 16, 22, 27, 32, 37}, split.toIntArray());
        assertArrayEquals(new int[] {6, 27}, a.get(Index.of(0, 1), Index.at(1), Index.of(1, 2)).toIntArray(), "a[[0, 1], 1, [1, 2]]");
        assertArrayEquals(new long[] {1, 2}, a.get(Index.range(1, 2), Index.of(0, 2), Index.of(0)).shape(), "a[1:2, [0, 2], [0]]");
    }

    @Test
    void listsThatDoNotBroadcastAreRefusedNamingTheirLengths() {
        NdArray a = NdArray.zeros(DType.INT32, 3, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.get(Index.of(0, 1), Index.of(1), Index.of(2, 2, 2)));
        assertTrue(e.getMessage().contains("index [[0, 1], [1], [2, 2, 2]] for shape [3, 4, 5]"), e.getMessage());
        assertTrue(e.getMessage().contains("shape mismatch") && e.getMessage().contains("lengths 2 (axis 0), 1 (axis 1), 3 (axis 2)"), e.getMessage());
        // numpy: the lengths are checked before the entries (a[[0, 1, 2], [0, 9]] is a shape mismatch) ...
        assertThrows(IllegalArgumentException.class, () -> a.get(Index.of(0, 1, 2), Index.of(0, 9)));
        assertThrows(IllegalArgumentException.class, () -> a.get(Index.of(), Index.of(0, 1)), "0 does not broadcast with 2");
        // ... but positions before the lengths (a[5, [0, 1], [2, 3, 4]] is out of bounds)
        IndexOutOfBoundsException p = assertThrows(IndexOutOfBoundsException.class, () -> a.get(Index.at(5), Index.of(0, 1), Index.of(2, 3, 4)));
        assertTrue(p.getMessage().contains("axis 0: index 5 is out of bounds for axis of length 3"), p.getMessage());
    }

    @Test
    void listEntriesOutOfRangeNameTheAxisTheValueAndTheLength() {
        NdArray a = NdArray.zeros(DType.INT32, 3, 4, 5);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(Index.of(0, 1, 2), Index.of(9)));
        assertTrue(e.getMessage().contains("index [[0, 1, 2], [9]] for shape [3, 4, 5]: axis 1: index 9 is out of bounds for axis of length 4"),
                e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(Index.of(-4)), "-4 wraps to -1 on an axis of 3");
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(Index.range(0, 0), Index.of(9)), "an empty slice beside it reads nothing, numpy checks anyway");
        // numpy reads no entry of lists that broadcast to length 0, and checks none: a[[9], []] is (0, 5)
        assertArrayEquals(new long[] {0, 5}, a.get(Index.of(9), Index.of()).shape());
    }

    @Test
    void emptyListsAndEmptyAxesSelectNothingAsInNumpy() {
        NdArray a = NdArray.of(iota(60), 3, 4, 5);
        assertArrayEquals(new long[] {0, 4, 5}, a.get(Index.of()).shape());
        assertArrayEquals(new long[] {0, 5}, a.get(Index.of(), Index.of(0)).shape(), "length 1 broadcasts to 0");
        assertArrayEquals(new long[] {0, 5}, a.get(Index.of(), Index.at(1)).shape());
        assertArrayEquals(new long[] {0, 4}, a.get(Index.of(), Index.all(), Index.at(1)).shape(), "split: the empty axis first");
        NdArray empty = NdArray.zeros(DType.FLOAT32, 3, 0, 2);
        assertArrayEquals(new long[] {3, 0}, empty.get(Index.all(), Index.of(), Index.of(0)).shape());
        assertArrayEquals(new long[] {2, 0}, empty.get(Index.of(0, 1), Index.all(), Index.of(0, 1)).shape());
        assertThrows(IndexOutOfBoundsException.class, () -> empty.get(Index.all(), Index.of(0), Index.of(0)), "no position 0 on an axis of 0");
        assertArrayEquals(new long[] {0}, NdArray.zeros(DType.INT8, 0).get(Index.of()).shape());
    }

    @Test
    void anEllipsisBetweenAdvancedIndicesSplitsThemEvenWhenItStandsForNoAxis() {
        NdArray a = NdArray.of(iota(60), 3, 4, 5);
        // numpy: a[:, 0, ..., [1]] is (1, 3) though the ellipsis stands for no axis; a[:, 0, [1]] is (3, 1)
        NdArray split = a.get(Index.all(), Index.at(0), Index.ellipsis(), Index.of(1));
        assertArrayEquals(new long[] {1, 3}, split.shape());
        assertArrayEquals(new int[] {1, 21, 41}, split.toIntArray());
        assertArrayEquals(new long[] {3, 1}, a.get(Index.all(), Index.at(0), Index.of(1)).shape());
        assertArrayEquals(new long[] {2, 4}, a.get(Index.of(0, 1), Index.ellipsis(), Index.of(1)).shape(), "a[[0, 1], ..., [1]]");
        assertArrayEquals(new long[] {3, 2}, a.get(Index.ellipsis(), Index.of(0, 1), Index.of(1)).shape(), "a[..., [0, 1], [1]]");
    }

    private static int[] iota(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }

    @Test
    void aListApartFromAPositionPutsItsAxisFirstAsNumpyDoes() {
        int[] data = new int[60];
        for (int i = 0; i < 60; i++) data[i] = i;
        NdArray a = NdArray.of(data, 3, 4, 5);
        // numpy: a[1, :, [0, 2]] has shape (2, 4): the advanced indices (the list and the position) are split by a slice
        NdArray split = a.get(Index.at(1), Index.all(), Index.of(0, 2));
        assertArrayEquals(new long[] {2, 4}, split.shape());
        assertArrayEquals(new int[] {20, 25, 30, 35, 22, 27, 32, 37}, split.toIntArray());
        assertTrue(split.isContiguous(), "gathered in numpy's order, not transposed after");
        assertArrayEquals(new int[] {1, 6, 11, 16}, a.get(Index.at(0), Index.ellipsis(), Index.of(1)).toIntArray(),
                "an ellipsis is slices between them: a[0, ..., [1]] is (1, 4)");
        assertArrayEquals(new long[] {1, 4}, a.get(Index.at(0), Index.ellipsis(), Index.of(1)).shape());
        // Adjacent advanced indices keep the list's axis where it is.
        NdArray adjacent = a.get(Index.all(), Index.at(1), Index.of(0, 2));
        assertArrayEquals(new long[] {3, 2}, adjacent.shape());
        assertArrayEquals(new int[] {5, 7, 25, 27, 45, 47}, adjacent.toIntArray());
        assertArrayEquals(new long[] {2, 5}, a.get(Index.at(1), Index.of(0, 2)).shape());
        assertArrayEquals(new int[] {1, 6, 11, 16, 41, 46, 51, 56}, a.get(Index.of(0, 2), Index.all(), Index.at(1)).toIntArray());
        assertArrayEquals(new long[] {3, 4, 1}, a.get(Index.ellipsis(), Index.of(1)).shape(), "no position: nothing moves");
        // Several lists pair (numpy): a[[0, 1], :, [3]] is (2, 4), the paired axis first since a slice separates them.
        assertArrayEquals(new long[] {2, 4}, a.get(Index.of(0, 1), Index.all(), Index.of(3)).shape());
    }

    // ------------------------------------------------------------------ equality

    @Test
    void equalityIsDtypeShapeAndElementBits() {
        NdArray a = NdArray.of(new int[] {1, 2, 3, 4}, 2, 2);
        assertEquals(a, NdArray.of(new int[] {1, 2, 3, 4}, 2, 2));
        assertEquals(a.hashCode(), NdArray.of(new int[] {1, 2, 3, 4}, 2, 2).hashCode());
        assertNotEquals(a, NdArray.of(new int[] {1, 2, 3, 4}, 4));
        assertNotEquals(a, NdArray.of(new int[] {1, 2, 3, 4}, 2, 2).astype(DType.INT64));
        assertNotEquals(a, NdArray.of(new int[] {1, 2, 3, 5}, 2, 2));
        assertEquals(NdArray.of(new float[] {Float.NaN}), NdArray.of(new float[] {Float.NaN}), "same NaN bits");
        assertNotEquals(NdArray.of(new float[] {0f}), NdArray.of(new float[] {-0f}));
        assertNotEquals(a, "a string");
    }
}
