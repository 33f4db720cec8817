package io.ninjastore.array;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link NdArray#astype} gives numpy's bytes for every pair of dtypes, on the values of
 * {@code numpy_tables.json}: range edges, wrap-around, rounding, and the double-rounding traps
 * (float64 to float16, int64 to float32) that a cast through an intermediate type gets wrong.
 */
class NdArrayCastTest {
    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicTest> astypeMatchesNumpy() {
        return NumpyTables.casts().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            NdArray le = NdArray.wrap(MemorySegment.ofArray(c.in()), c.from(), ByteOrder.LITTLE_ENDIAN);
            assertEquals(HEX.formatHex(c.out()), HEX.formatHex(le.astype(c.to()).toBytes(ByteOrder.LITTLE_ENDIAN)), c + " (little-endian source)");
            NdArray be = NdArray.wrap(MemorySegment.ofArray(swapUnits(c.in(), c.from())), c.from(), ByteOrder.BIG_ENDIAN);
            assertEquals(HEX.formatHex(c.out()), HEX.formatHex(be.astype(c.to()).toBytes(ByteOrder.LITTLE_ENDIAN)), c + " (big-endian source)");
        }));
    }

    @TestFactory
    Stream<DynamicTest> writingADoubleOrALongConvertsAsNumpyDoes() {
        // fromDoubles/fromLongs are the factories a caller reaches for: they must round like astype.
        return NumpyTables.casts().stream()
                .filter(c -> c.from() == DType.FLOAT64 || c.from() == DType.INT64 || c.from() == DType.UINT64)
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    long bits = MemorySegment.ofArray(c.in()).get(Elements.LONG_LE, 0);
                    NdArray made = c.from() == DType.FLOAT64
                            ? NdArray.fromDoubles(c.to(), new double[] {Double.longBitsToDouble(bits)}, 1)
                            : c.from() == DType.INT64 ? NdArray.fromLongs(c.to(), new long[] {bits}, 1) : null;
                    if (made == null) return; // uint64 bit patterns are only exact for integer targets
                    assertEquals(HEX.formatHex(c.out()), HEX.formatHex(made.toBytes(ByteOrder.LITTLE_ENDIAN)), c.toString());
                }));
    }

    /** The same value's bytes in big-endian order: each component reversed. */
    static byte[] swapUnits(byte[] le, DType t) {
        int unit = t.isComplex() ? t.itemSize() / 2 : t.itemSize();
        byte[] be = new byte[le.length];
        for (int u = 0; u < le.length; u += unit) {
            for (int k = 0; k < unit; k++) be[u + k] = le[u + unit - 1 - k];
        }
        return be;
    }
}
