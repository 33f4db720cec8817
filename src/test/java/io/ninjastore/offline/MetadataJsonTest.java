package io.ninjastore.offline;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Metadata text is what Python's {@code json.dumps(m, ensure_ascii=False, separators=(',', ':'))}
 * writes, so a data set written in Java is byte for byte the one the reference writes.
 */
@Spec("F-43")
class MetadataJsonTest {

    private static String json(Object value) { return MetadataJson.write(Map.of("v", value), "test"); }

    @Test
    void floatsUsePythonsReprLayout() {
        // Python: json.dumps(x) for each x, e.g. json.dumps(1e16) == '1e+16'.
        assertEquals("{\"v\":1.0}", json(1.0));
        assertEquals("{\"v\":-0.0}", json(-0.0));
        assertEquals("{\"v\":0.0001}", json(1e-4));
        assertEquals("{\"v\":1e-05}", json(1e-5));
        assertEquals("{\"v\":1000000000000000.0}", json(1e15));
        assertEquals("{\"v\":1e+16}", json(1e16));
        assertEquals("{\"v\":1.2345678901234568e+17}", json(123456789012345678.0));
        assertEquals("{\"v\":5e-324}", json(Double.MIN_VALUE));
        assertEquals("{\"v\":1.7976931348623157e+308}", json(Double.MAX_VALUE));
        assertEquals("{\"v\":NaN}", json(Double.NaN));
        assertEquals("{\"v\":-Infinity}", json(Double.NEGATIVE_INFINITY));
        assertEquals("{\"v\":0.1}", json(0.1f), "a Float keeps its own shortest digits");
        assertEquals("{\"v\":1e-45}", json(Float.MIN_VALUE));
    }

    @Test
    void stringsEscapeAsPythonDoes() {
        assertEquals("{\"v\":\"é😀\\u0000\\u001f\\u000b\\b\\f\\n\\r\\t\\\"\\\\/\u007f\u2028\"}", json("é😀\u0000\u001f\u000b\b\f\n\r\t\"\\/\u007f\u2028"));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", java.util.Arrays.asList(1, "b", null, true));
        nested.put("c", Map.of("d", new BigInteger("123456789012345678901234567890")));
        assertEquals("{\"a\":[1,\"b\",null,true],\"c\":{\"d\":123456789012345678901234567890}}", MetadataJson.write(nested, "test"));
        assertThrows(IllegalArgumentException.class, () -> json(new Object()));
        assertThrows(IllegalArgumentException.class, () -> MetadataJson.write(Map.of("v", Map.of(1, 2)), "test"));
    }

    /** Python re-encoding what Java wrote gives the same text, for random values of every kind. */
    @Test
    void pythonReencodesJavasTextToTheSameBytes() throws IOException {
        Python.assumeAvailable();
        long seed = new Random().nextLong();
        System.out.println("pythonReencodesJavasTextToTheSameBytes: seed " + seed);
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(randomString(r), Double.longBitsToDouble(r.nextLong()));
            m.put("f", Float.intBitsToFloat(r.nextInt()));
            m.put("d", r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            m.put("i", r.nextLong());
            m.put("s", randomString(r));
            m.put("l", List.of(r.nextBoolean(), r.nextInt(), Math.scalb(1.0, r.nextInt(2000) - 1000)));
            lines.add(MetadataJson.write(m, "line " + i));
        }
        String script = "import sys, json\n"
                + "for line in sys.stdin.read().split('\\n'):\n"
                + "    if line: print(json.dumps(json.loads(line), ensure_ascii=False, separators=(',', ':')))\n";
        Python.Result res = Python.run(List.of("-c", script), String.join("\n", lines) + "\n");
        assertEquals(0, res.status(), res.err());
        List<String> back = List.of(res.out().split("\n"));
        assertEquals(lines.size(), back.size());
        for (int i = 0; i < lines.size(); i++) assertEquals(lines.get(i), back.get(i), "line " + i + " (seed " + seed + ")");
    }

    /** Code points of every kind: controls, ASCII, Latin, CJK, beyond the BMP (never a lone surrogate). */
    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int cp = switch (r.nextInt(5)) {
                case 0 -> r.nextInt(0x20);
                case 1 -> 0x20 + r.nextInt(0x60);
                case 2 -> 0x80 + r.nextInt(0x700);
                case 3 -> 0x2000 + r.nextInt(0x8000);
                default -> 0x10000 + r.nextInt(0x10000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
