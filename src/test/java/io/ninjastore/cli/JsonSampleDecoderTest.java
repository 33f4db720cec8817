package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Canonical JSON text back to arrays: the import side of J-2..J-4. */
@Spec({"J-2", "J-3", "J-4", "J-8"})
class JsonSampleDecoderTest {

    private static NdArray decode(DType t, String text) { return new JsonSampleDecoder(t).decode(text, "in.jsonl: line 7"); }

    private static String error(DType t, String text) {
        CliException e = assertThrows(CliException.class, () -> decode(t, text));
        assertTrue(e.getMessage().startsWith("in.jsonl: line 7: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void nestedListsBecomeArraysOfTheirShape() {
        NdArray a = decode(DType.INT16, "[[1,2,3],[4,5,6]]");
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertEquals(DType.INT16, a.dtype());
        assertEquals(6, a.getLong(1, 2));
        assertArrayEquals(new long[0], decode(DType.INT64, "5").shape());
        assertArrayEquals(new long[] {0}, decode(DType.FLOAT32, "[]").shape());
        assertArrayEquals(new long[] {2, 0}, decode(DType.FLOAT32, "[[],[]]").shape());
        assertArrayEquals(new long[] {1, 1, 1}, decode(DType.BOOL, " [[[true]]] ").shape());
    }

    @Test
    void raggedNestingIsRefused() {
        assertTrue(error(DType.INT32, "[[1,2],[3]]").contains("different lengths"));
        assertTrue(error(DType.INT32, "[[1],2]").contains("nested lists must form an array"));
        assertTrue(error(DType.INT32, "[1,[2]]").contains("nested lists must form an array"));
        assertTrue(error(DType.INT32, "[[],[1]]").contains("different lengths"));
        assertTrue(error(DType.INT32, "[".repeat(65) + "1" + "]".repeat(65)).contains("64 axes"));
    }

    @Test
    void integersAreExactAndRangeChecked() {
        assertEquals(new BigInteger("18446744073709551615"), decode(DType.UINT64, "18446744073709551615").getBigInteger());
        assertEquals(new BigInteger("9223372036854775808"), decode(DType.UINT64, "9223372036854775808").getBigInteger());
        assertEquals(Long.MIN_VALUE, decode(DType.INT64, "-9223372036854775808").getLong());
        assertEquals(-128, decode(DType.INT8, "-128").getLong());
        assertEquals(4294967295L, decode(DType.UINT32, "4294967295").getLong());
        assertTrue(error(DType.INT8, "128").contains("128 is out of range for dtype int8"));
        assertTrue(error(DType.UINT8, "-1").contains("out of range for dtype uint8"));
        assertTrue(error(DType.UINT64, "18446744073709551616").contains("out of range"));
        assertTrue(error(DType.INT64, "9223372036854775808").contains("out of range"));
        assertTrue(error(DType.INT32, "1.0").contains("expected an integer for dtype int32, found 1.0"));
        assertTrue(error(DType.INT32, "true").contains("expected an integer"));
        assertTrue(error(DType.BOOL, "1").contains("expected true or false"));
    }

    @Test
    void floatsRoundOnceAndMustNotOverflow() {
        assertEquals(0.1f, decode(DType.FLOAT32, "0.1").getFloat());
        assertEquals(1 + Math.scalb(1.0, -10), decode(DType.FLOAT16, "1.0004882812500002").getDouble()); // just above a midpoint
        assertEquals(65504.0, decode(DType.FLOAT16, "65519.99").getDouble());
        assertEquals(3.0, decode(DType.FLOAT64, "3").getDouble());
        assertTrue(Double.isNaN(decode(DType.FLOAT64, "\"nan\"").getDouble()));
        assertEquals(Float.NEGATIVE_INFINITY, decode(DType.FLOAT32, "\"-inf\"").getFloat());
        assertEquals(0.0, decode(DType.FLOAT32, "1e-50").getDouble()); // underflow is not an error (numpy agrees)
        assertTrue(error(DType.FLOAT16, "65520").contains("out of range for dtype float16"));
        assertTrue(error(DType.FLOAT32, "1e39").contains("out of range for dtype float32"));
        assertTrue(error(DType.FLOAT64, "1e400").contains("out of range for dtype float64"));
        assertTrue(error(DType.FLOAT64, "\"NaN\"").contains("expected a number or \"nan\""));
        assertTrue(error(DType.FLOAT64, "NaN").contains("not valid JSON"));
        assertTrue(error(DType.FLOAT64, "null").contains("found null"));
    }

    @Test
    void complexValuesArePairs() {
        NdArray c = decode(DType.COMPLEX64, "[[1.5,-2],[\"nan\",\"inf\"]]");
        assertArrayEquals(new long[] {2}, c.shape());
        assertArrayEquals(new double[] {1.5, -2}, c.getComplex(0));
        assertTrue(Double.isNaN(c.getComplex(1)[0]));
        NdArray scalar = decode(DType.COMPLEX128, "[0.5,0.25]");
        assertArrayEquals(new long[0], scalar.shape());
        assertArrayEquals(new double[] {0.5, 0.25}, scalar.getComplex());
        assertTrue(error(DType.COMPLEX64, "[1,2,3]").contains("[re, im]"));
        assertTrue(error(DType.COMPLEX64, "1").contains("expected [re, im]"));
        assertTrue(error(DType.COMPLEX64, "[1e39,0]").contains("out of range for dtype complex64"));
    }

    @Test
    void oneValuePerLine() {
        assertTrue(error(DType.INT32, "1 2").contains("more than one JSON value"));
        assertTrue(error(DType.INT32, "[1,2,]").contains("not valid JSON"));
        assertTrue(error(DType.INT32, "{\"a\":1}").contains("found an object"));
    }

    @Test
    void stringsAreJsonStringsWithAUtf8Encoding() {
        assertEquals("a\u0000b\uD83D\uDE00", JsonSampleDecoder.decodeString("\"a\\u0000b\\ud83d\\ude00\"", "s.jsonl: line 1"));
        CliException lone = assertThrows(CliException.class, () -> JsonSampleDecoder.decodeString("\"x\\ud800\"", "s.jsonl: line 2"));
        assertTrue(lone.getMessage().startsWith("s.jsonl: line 2: ") && lone.getMessage().contains("unpaired surrogate U+D800"), lone.getMessage());
        CliException notString = assertThrows(CliException.class, () -> JsonSampleDecoder.decodeString("3", "s.jsonl: line 3"));
        assertTrue(notString.getMessage().contains("expected a JSON string, found 3"), notString.getMessage());
    }

    @Test
    void aStringOfAnyLengthIsRead() {
        // Jackson's default limit is 20,000,000 chars; Python's json and the library's JSON lines reader have none
        String longer = "x".repeat(20_000_001);
        assertEquals(longer, JsonSampleDecoder.decodeString("\"" + longer + "\"", "s.jsonl: line 1"));
    }
}
