package io.ninjastore.array;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NdArray#wrap(MemorySegment, long, DType, ByteOrder, long...)}: a view at a byte offset, bounds-checked. */
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
}
