package io.ninjastore.array;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NdArray#wrap(MemorySegment, long, DType, ByteOrder, long...)} and {@link NdArray#vector}: views at a
 * byte offset, bounds-checked; and the contiguous fast paths of element access and copies, checked against
 * the strided paths they short-cut.
 */
class NdArrayWrapTest {
    private static final MemorySegment SEG = MemorySegment.ofArray(new float[] {0, 1, 2, 3, 4, 5, 6, 7});

    @Test
    void viewsTheBytesFromTheOffset() {
        NdArray a = NdArray.wrap(SEG, 8, DType.FLOAT32, ByteOrder.nativeOrder(), 2, 3);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, a.toFloatArray());
        assertEquals(7f, a.getFloat(1, 2));
        assertEquals(0, NdArray.wrap(SEG, 32, DType.FLOAT32, ByteOrder.nativeOrder(), 0).size());
    }

    @Test
    void refusesAViewPastTheSegment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.wrap(SEG, 12, DType.FLOAT32, ByteOrder.nativeOrder(), 6));
        assertTrue(e.getMessage().contains("24 bytes at offset 12") && e.getMessage().contains("32 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(SEG, -4, DType.FLOAT32, ByteOrder.nativeOrder(), 1));
        assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(SEG, 0, DType.FLOAT32, ByteOrder.nativeOrder(), Long.MAX_VALUE));
    }

    @Test
    void aVectorIsTheOneDimensionalWrap() {
        NdArray v = NdArray.vector(SEG, 8, DType.FLOAT32, ByteOrder.nativeOrder(), 5);
        NdArray w = NdArray.wrap(SEG, 8, DType.FLOAT32, ByteOrder.nativeOrder(), 5);
        assertArrayEquals(w.shape(), v.shape());
        assertArrayEquals(w.strides(), v.strides());
        assertTrue(v.isContiguous());
        assertArrayEquals(new float[] {2, 3, 4, 5, 6}, v.toFloatArray());
        assertEquals(6.0, v.doubleAt(4));
        assertEquals(0, NdArray.vector(SEG, 32, DType.FLOAT32, ByteOrder.nativeOrder(), 0).toFloatArray().length);
    }

    @Test
    void aVectorIsBoundsCheckedAsAWrapIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArray.vector(SEG, 12, DType.FLOAT32, ByteOrder.nativeOrder(), 6));
        assertTrue(e.getMessage().contains("24 bytes at offset 12") && e.getMessage().contains("32 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.vector(SEG, -4, DType.FLOAT32, ByteOrder.nativeOrder(), 1));
        assertThrows(IllegalArgumentException.class, () -> NdArray.vector(SEG, 0, DType.FLOAT32, ByteOrder.nativeOrder(), -1));
        assertThrows(IllegalArgumentException.class, () -> NdArray.vector(SEG, 0, DType.FLOAT32, ByteOrder.nativeOrder(), Long.MAX_VALUE));
    }

    @Test
    void contiguousFastPathsAgreeWithTheStridedOnes() {
        // The same values big-endian, read contiguously and through a reversed (non-contiguous) view.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < 8; k++) b.putFloat(k);
        MemorySegment be = MemorySegment.ofArray(b.array());
        NdArray forward = NdArray.vector(be, 0, DType.FLOAT32, ByteOrder.BIG_ENDIAN, 8);
        NdArray backward = forward.get(Index.range(null, null, -1));
        assertTrue(forward.isContiguous());
        assertTrue(!backward.isContiguous());
        float[] f = forward.toFloatArray(), r = backward.toFloatArray();
        for (int k = 0; k < 8; k++) {
            assertEquals(k, f[k]);
            assertEquals(7 - k, r[k]);
            assertEquals(k, forward.doubleAt(k));
            assertEquals(7 - k, backward.doubleAt(k));
        }
        float[] dst = new float[10];
        forward.copyTo(dst, 2);
        assertEquals(0f, dst[2]);
        assertEquals(7f, dst[9]);
        assertThrows(IndexOutOfBoundsException.class, () -> forward.copyTo(new float[10], 3));
        // Bytes in the other order: swapped unit by unit, not copied as a run.
        byte[] le = forward.toBytes(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1f, java.nio.ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).getFloat(4));
        assertArrayEquals(b.array(), forward.toBytes(ByteOrder.BIG_ENDIAN));
    }
}
