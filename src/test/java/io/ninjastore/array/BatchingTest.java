package io.ninjastore.array;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Batching}: stacking equal shapes, padding and cropping ragged ones, with numpy's dtype promotion. */
class BatchingTest {

    @Test
    void stackAddsALeadingAxisAndPromotesAsNumpy() {
        NdArray a = NdArray.of(new byte[] {-1, 2});
        NdArray b = NdArray.ofBits(DType.UINT8, new byte[] {(byte) 200, 3});
        NdArray s = Batching.stack(List.of(a, b));
        assertEquals(DType.INT16, s.dtype(), "np.stack([int8, uint8]) is int16");
        assertArrayEquals(new long[] {2, 2}, s.shape());
        assertArrayEquals(new short[] {-1, 2, 200, 3}, s.toShortArray());
        NdArray big = Batching.stack(List.of(NdArray.ofBits(DType.UINT64, new long[] {-1L}), NdArray.of(new long[] {-2})));
        assertEquals(DType.FLOAT64, big.dtype(), "int64 with uint64 has no integer home");
        assertArrayEquals(new double[] {0x1p64, -2}, big.toDoubleArray());
        NdArray strided = NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3).get(Index.all(), Index.range(null, null, -2));
        assertArrayEquals(new int[] {3, 1, 6, 4, 3, 1, 6, 4}, Batching.stack(List.of(strided, strided)).toIntArray());
    }

    @Test
    void stackRefusesDifferentShapesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batching.stack(List.of(NdArray.of(new int[] {1, 2}), NdArray.of(new int[] {1, 2}), NdArray.of(new int[] {1}))));
        assertTrue(e.getMessage().contains("[2] and [1] (item 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batching.stack(List.of()));
    }

    @Test
    void padFillsToTheLargestExtentWithAConstantOrTheEdge() {
        List<NdArray> ragged = List.of(NdArray.of(new int[] {1, 2}, 1, 2), NdArray.of(new int[] {3, 4, 5, 6, 7, 8}, 2, 3));
        NdArray c = Batching.pad(ragged, Batching.PadMode.CONSTANT, -1);
        assertArrayEquals(new long[] {2, 2, 3}, c.shape());
        assertArrayEquals(new int[] {1, 2, -1, -1, -1, -1, 3, 4, 5, 6, 7, 8}, c.toIntArray());
        NdArray e = Batching.pad(ragged, Batching.PadMode.EDGE, 0);
        assertArrayEquals(new int[] {1, 2, 2, 1, 2, 2, 3, 4, 5, 6, 7, 8}, e.toIntArray());
        NdArray withEmpty = Batching.pad(List.of(NdArray.of(new float[0]), NdArray.of(new float[] {1.5f})), Batching.PadMode.EDGE, 9);
        assertArrayEquals(new float[] {9, 1.5f}, withEmpty.toFloatArray(), "an empty array has no edge: the value fills it");
        NdArray u = Batching.pad(List.of(NdArray.ofBits(DType.UINT64, new long[] {-1L}), NdArray.ofBits(DType.UINT64, new long[] {1, 2})),
                Batching.PadMode.EDGE, 0);
        assertEquals(new BigInteger("18446744073709551615"), u.getBigInteger(0, 1), "uint64 padded exactly");
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Batching.pad(List.of(NdArray.of(new int[] {1}), NdArray.of(new int[] {1}, 1, 1)), Batching.PadMode.CONSTANT, 0));
        assertTrue(rank.getMessage().contains("different ranks"), rank.getMessage());
    }

    @Test
    void cropKeepsTheLeadingPartOfTheSmallestExtent() {
        NdArray c = Batching.crop(List.of(NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3), NdArray.of(new int[] {7, 8, 9, 10}, 4, 1)));
        assertArrayEquals(new long[] {2, 2, 1}, c.shape());
        assertArrayEquals(new int[] {1, 4, 7, 8}, c.toIntArray());
    }

    @Test
    void promotedDtypeFoldsPromote() {
        assertEquals(DType.FLOAT32, Batching.promotedDtype(List.of(NdArray.of(new short[] {1}), NdArray.zeros(DType.FLOAT16, 1))));
        assertEquals(DType.COMPLEX128, Batching.promotedDtype(List.of(NdArray.of(new long[] {1}), NdArray.zeros(DType.COMPLEX64, 1))));
        assertThrows(IllegalArgumentException.class, () -> Batching.promotedDtype(List.of()));
    }
}
