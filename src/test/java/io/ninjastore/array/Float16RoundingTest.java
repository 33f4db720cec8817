package io.ninjastore.array;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** float64 to float16 rounds once, to nearest, ties to even, as numpy's cast does. */
class Float16RoundingTest {

    @Test
    void valuesJustOffEveryMidpointRoundToTheNearerNeighbour() {
        for (int b = 0; b < 0x7BFF; b++) { // every finite non-negative float16 and its successor
            double lo = Float.float16ToFloat((short) b);
            double hi = Float.float16ToFloat((short) (b + 1));
            double mid = (lo + hi) / 2; // exact: both have few significant bits
            for (int sign : new int[] {1, -1}) {
                int s = sign < 0 ? 0x8000 : 0;
                assertEquals((short) (b | s), Float16.fromDouble(sign * Math.nextDown(mid)), "below midpoint after " + b);
                assertEquals((short) ((b + 1) | s), Float16.fromDouble(sign * Math.nextUp(mid)), "above midpoint after " + b);
                short even = (short) (((b & 1) == 0 ? b : b + 1) | s);
                assertEquals(even, Float16.fromDouble(sign * mid), "midpoint after " + b + " ties to even");
            }
        }
    }

    @Test
    void overflowUnderflowAndSpecials() {
        assertEquals((short) 0x7BFF, Float16.fromDouble(Math.nextDown(65520.0)));
        assertEquals((short) 0x7C00, Float16.fromDouble(65520.0));
        assertEquals((short) 0xFC00, Float16.fromDouble(-1e300));
        assertEquals((short) 0x0000, Float16.fromDouble(Math.scalb(1.0, -25))); // half the smallest subnormal: tie to 0
        assertEquals((short) 0x0001, Float16.fromDouble(Math.nextUp(Math.scalb(1.0, -25))));
        assertEquals((short) 0x8000, Float16.fromDouble(-0.0));
        assertEquals(true, Float.isNaN(Float.float16ToFloat(Float16.fromDouble(Double.NaN))));
    }

    @Test
    void astypeUsesTheSingleRounding() {
        double d = 1 + Math.scalb(1.0, -11) + Math.scalb(1.0, -40); // just above the midpoint of 1 and 1 + 2^-10
        NdArray h = NdArray.of(new double[] {d}).astype(DType.FLOAT16);
        assertEquals(1 + Math.scalb(1.0, -10), h.doubleAt(0));
    }
}
