package io.ninjastore.cli;

import io.ninjastore.array.Float16;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shortest round-trip digits in each float type, laid out as Python's repr(float) (J-3). */
@Spec("J-3")
class FloatTextTest {

    @Test
    void layoutFollowsPythonRepr() {
        assertEquals("1.0", FloatText.float64(1));
        assertEquals("0.0", FloatText.float64(0));
        assertEquals("-0.0", FloatText.float64(-0.0));
        assertEquals("0.0001", FloatText.float64(1e-4));
        assertEquals("1e-05", FloatText.float64(1e-5));
        assertEquals("1.5e-05", FloatText.float64(1.5e-5));
        assertEquals("1000000000000000.0", FloatText.float64(1e15));
        assertEquals("1e+16", FloatText.float64(1e16));
        assertEquals("1.2345678901234568e+17", FloatText.float64(123456789012345678.0));
        assertEquals("123.456", FloatText.float64(123.456));
        assertEquals("-2.5e+100", FloatText.float64(-2.5e100));
        assertEquals("1.7976931348623157e+308", FloatText.float64(Double.MAX_VALUE));
        assertEquals("0.1", FloatText.float64(0.1));
        assertEquals("0.30000000000000004", FloatText.float64(0.1 + 0.2));
    }

    @Test
    void nonFiniteValuesAreStrings() {
        assertEquals("\"nan\"", FloatText.float64(Double.NaN));
        assertEquals("\"inf\"", FloatText.float32(Float.POSITIVE_INFINITY));
        assertEquals("\"-inf\"", FloatText.float16((short) 0xFC00));
        assertEquals("\"nan\"", FloatText.float16((short) 0x7E01));
    }

    @Test
    void digitsAreShortestInTheValuesOwnType() {
        assertEquals("0.1", FloatText.float32(0.1f)); // not 0.10000000149011612, its float64 value
        assertEquals("16777216.0", FloatText.float32(16777216f));
        assertEquals("3.4028235e+38", FloatText.float32(Float.MAX_VALUE));
        assertEquals("0.3333", FloatText.float16(Float16.fromDouble(1.0 / 3)));
        assertEquals("65500.0", FloatText.float16((short) 0x7BFF)); // 65504 is the largest float16
        assertEquals("6.104e-05", FloatText.float16((short) 0x0400)); // smallest normal
    }

    @Test
    void oneDigitIsPreferredWhereItSuffices() {
        // Java's toString prints 4.9E-324 and 1.4E-45 (a closer two-digit decimal); Python/numpy print one digit.
        assertEquals("5e-324", FloatText.float64(Double.MIN_VALUE));
        assertEquals("1e-45", FloatText.float32(Float.MIN_VALUE));
        assertEquals("6e-08", FloatText.float16((short) 0x0001));
    }

    @Test
    void everyFloat16TextReadsBackToItsValue() {
        for (int b = 0; b < 1 << 16; b++) {
            short bits = (short) b;
            float v = Float.float16ToFloat(bits);
            String text = FloatText.float16(bits);
            if (Float.isNaN(v)) {
                assertEquals("\"nan\"", text);
                continue;
            }
            if (Float.isInfinite(v)) continue;
            assertEquals(bits, Float16.fromDouble(Double.parseDouble(text)), "float16 0x" + Integer.toHexString(b) + " printed as " + text);
            String digits = text.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
            assertTrue(digits.length() <= 5, text + " has more than the 5 significant digits a float16 ever needs");
        }
    }
}
