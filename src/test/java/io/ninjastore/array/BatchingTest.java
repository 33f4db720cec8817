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
        NdArray withEmpty = Batching.pad(List.of(NdArray.of(new float[0]), NdArray.of(new float[] {1.5f})), Batching.PadMode.CONSTANT, 9);
        assertArrayEquals(new float[] {9, 1.5f}, withEmpty.toFloatArray(), "a constant extends an empty array");
        NdArray u = Batching.pad(List.of(NdArray.ofBits(DType.UINT64, new long[] {-1L}), NdArray.ofBits(DType.UINT64, new long[] {1, 2})),
                Batching.PadMode.EDGE, 0);
        assertEquals(new BigInteger("18446744073709551615"), u.getBigInteger(0, 1), "uint64 padded exactly");
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Batching.pad(List.of(NdArray.of(new int[] {1}), NdArray.of(new int[] {1}, 1, 1)), Batching.PadMode.CONSTANT, 0));
        assertTrue(rank.getMessage().contains("different ranks"), rank.getMessage());
    }

    @Test
    void padToAnEmptyShapeGivesAnEmptyStack() {
        List<NdArray> empties = List.of(NdArray.zeros(DType.FLOAT32, 2, 0), NdArray.zeros(DType.FLOAT32, 3, 0));
        for (Batching.PadMode mode : Batching.PadMode.values()) {
            NdArray p = Batching.pad(empties, mode, 1);
            assertArrayEquals(new long[] {2, 3, 0}, p.shape(), "np.stack of np.pad to (3, 0): " + mode);
            assertEquals(0, p.size());
        }
        assertEquals(0, NdArray.zeros(DType.FLOAT32, 2, 3, 0).row(1).asSegment().byteSize(), "an empty row's bytes: none");
    }

    @Test
    void edgePaddingRefusesToExtendAnEmptyAxisAsNumpyDoes() {
        // np.pad(np.zeros(0, np.int32), (0, 2), mode="edge"): "can't extend empty axis 0 using modes other than 'constant' or 'empty'"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batching.pad(List.of(NdArray.of(new int[0]), NdArray.of(new int[] {5, 6})), Batching.PadMode.EDGE, 0));
        assertTrue(e.getMessage().contains("item 0 of shape [0] to [2]") && e.getMessage().contains("axis 0 is empty"), e.getMessage());
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> Batching.pad(List.of(NdArray.zeros(DType.INT8, 2, 0), NdArray.zeros(DType.INT8, 1, 3)), Batching.PadMode.EDGE, 0));
        assertTrue(inner.getMessage().contains("item 0") && inner.getMessage().contains("axis 1 is empty"), inner.getMessage());
        NdArray p = Batching.pad(List.of(NdArray.zeros(DType.INT8, 0, 2), NdArray.zeros(DType.INT8, 0, 3)), Batching.PadMode.EDGE, 0);
        assertArrayEquals(new long[] {2, 0, 3}, p.shape(), "an empty axis that need not grow is no obstacle (numpy pads axis 1 of (0, 2))");
    }

    @Test
    void aConstantTheIntegerDtypeCannotHoldIsRefusedAsNumpyRefusesIt() {
        List<NdArray> ints = List.of(NdArray.of(new int[] {1}), NdArray.of(new int[] {5, 6}));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e10, 0x1p31, -0x1p31 - 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batching.pad(ints, Batching.PadMode.CONSTANT, bad),
                    "np.pad(int32, constant_values=" + bad + ") raises");
            assertTrue(e.getMessage().contains("pad value") && e.getMessage().contains("int32"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Batching.pad(ints, Batching.PadMode.CONSTANT, 1e10))
                .getMessage().contains("[-2147483648, 2147483647]"));
        // Fractions truncate toward zero, as numpy converts them; the range is checked after truncation.
        assertArrayEquals(new int[] {1, 2, 5, 6}, Batching.pad(ints, Batching.PadMode.CONSTANT, 2.7).toIntArray());
        assertArrayEquals(new int[] {1, -2, 5, 6}, Batching.pad(ints, Batching.PadMode.CONSTANT, -2.7).toIntArray());
        assertArrayEquals(new int[] {1, Integer.MAX_VALUE, 5, 6}, Batching.pad(ints, Batching.PadMode.CONSTANT, 2147483647.5).toIntArray());
        assertArrayEquals(new int[] {1, Integer.MIN_VALUE, 5, 6}, Batching.pad(ints, Batching.PadMode.CONSTANT, -2147483648.9).toIntArray());
        List<NdArray> bytes = List.of(NdArray.ofBits(DType.UINT8, new byte[] {1}), NdArray.ofBits(DType.UINT8, new byte[] {5, 6}));
        assertArrayEquals(new byte[] {1, 0, 5, 6}, Batching.pad(bytes, Batching.PadMode.CONSTANT, -0.5).toByteArray());
        assertArrayEquals(new byte[] {1, (byte) 255, 5, 6}, Batching.pad(bytes, Batching.PadMode.CONSTANT, 255.9).toByteArray());
        assertThrows(IllegalArgumentException.class, () -> Batching.pad(bytes, Batching.PadMode.CONSTANT, -1));
        assertThrows(IllegalArgumentException.class, () -> Batching.pad(bytes, Batching.PadMode.CONSTANT, 256));
        List<NdArray> longs = List.of(NdArray.of(new long[] {1}), NdArray.of(new long[] {5, 6}));
        assertEquals(Long.MIN_VALUE, Batching.pad(longs, Batching.PadMode.CONSTANT, -0x1p63).getLong(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Batching.pad(longs, Batching.PadMode.CONSTANT, 0x1p63));
        List<NdArray> ulongs = List.of(NdArray.ofBits(DType.UINT64, new long[] {1}), NdArray.ofBits(DType.UINT64, new long[] {5, 6}));
        assertEquals(new BigInteger("18446744073709549568"), Batching.pad(ulongs, Batching.PadMode.CONSTANT, 0x1p64 - 2048).getBigInteger(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Batching.pad(ulongs, Batching.PadMode.CONSTANT, 0x1p64));
        // numpy converts anything to bool (NaN is true) and lets floats round or overflow: nothing to refuse there.
        List<NdArray> bools = List.of(NdArray.of(new boolean[] {false}), NdArray.of(new boolean[] {false, false}));
        assertArrayEquals(new boolean[] {false, true, false, false}, Batching.pad(bools, Batching.PadMode.CONSTANT, Double.NaN).toBooleanArray());
        List<NdArray> floats = List.of(NdArray.of(new float[] {1}), NdArray.of(new float[] {5, 6}));
        assertEquals(Float.POSITIVE_INFINITY, Batching.pad(floats, Batching.PadMode.CONSTANT, 1e300).getFloat(0, 1));
        assertTrue(Double.isNaN(Batching.pad(floats, Batching.PadMode.CONSTANT, Double.NaN).getDouble(0, 1)));
        NdArray none = Batching.pad(List.of(NdArray.of(new int[] {1}), NdArray.of(new int[] {2})), Batching.PadMode.EDGE, Double.NaN);
        assertArrayEquals(new int[] {1, 2}, none.toIntArray(), "edge padding has no constant to check");
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
