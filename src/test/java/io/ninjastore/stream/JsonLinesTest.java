package io.ninjastore.stream;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON lines: one value per line, and NdArrays read and written as numpy and Python's json module see them. */
class JsonLinesTest {
    @TempDir
    Path tmp;

    @Test
    @Spec("S-9")
    void contentAfterALinesValueIsAnErrorNotDropped() throws IOException {
        int n = 0;
        for (String bad : List.of("{\"a\":1}{\"b\":2}", "1 2", "[1,2] x", "[1,2],[3]")) {
            Path p = Files.writeString(tmp.resolve("trailing" + n++ + ".jsonl"), "[0]\n" + bad + "\n[5]\n");
            for (Class<?> type : List.of(com.fasterxml.jackson.databind.JsonNode.class, Object.class, NdArray.class)) {
                if (type == NdArray.class && bad.startsWith("{")) continue;
                CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.jsonLines(p, type).list(),
                        bad + " as " + type.getSimpleName());
                assertEquals(4, e.offset(), bad);
                assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("line 2"), e.getMessage());
            }
        }
        Path spaces = Files.writeString(tmp.resolve("spaces.jsonl"), "{\"a\":1} \t\r\n");
        assertEquals(List.of(Map.of("a", 1)), Readers.jsonLines(spaces, Map.class).list(), "trailing blanks are not content");
    }

    @Test
    @Spec("S-9")
    void stringsAndKeysOfAnyLengthWrittenAreReadBack() throws IOException {
        // Jackson refuses strings over 20M chars and keys over 50k by default; Python's json has no such limits,
        // and the line is in memory already, so a limit guards nothing: what Writers.jsonLines writes reads back
        String value = "x".repeat(20_000_001);
        String key = "k".repeat(50_001);
        Path p = tmp.resolve("long.jsonl");
        Dataset.of(List.<Object>of(Map.of("v", value), Map.of(key, 1))).write(Writers.jsonLines(p));
        List<Map> back = Readers.jsonLines(p, Map.class).list();
        assertEquals(value, back.get(0).get("v"));
        assertEquals(Map.of(key, 1), back.get(1));
    }

    @Test
    @Spec("S-9")
    void booleansAmongNumbersPromoteAsInNumpy() throws IOException {
        Path p = Files.writeString(tmp.resolve("bools.jsonl"), "[1,true]\n[true,false]\n[[false],[2]]\n[1.5,true]\n[true,1e0]\n");
        assertEquals(List.of(
                        NdArray.of(new long[] {1, 1}), // np.array([1, True]) is int64 [1, 1]
                        NdArray.of(new boolean[] {true, false}),
                        NdArray.of(new long[] {0, 2}, 2, 1),
                        NdArray.of(new double[] {1.5, 1}),
                        NdArray.of(new double[] {1, 1})),
                Readers.jsonLines(p, NdArray.class).list());
    }

    @Test
    @Spec("S-9")
    void emptyListsAreFloat64AsInNumpy() throws IOException {
        // np.array([]) and np.array([[], []]) are float64: with no value to type, numpy's default dtype
        Path p = Files.writeString(tmp.resolve("empty.jsonl"), "[]\n[[],[]]\n[[[]]]\n");
        assertEquals(List.of(
                        NdArray.zeros(DType.FLOAT64, 0),
                        NdArray.zeros(DType.FLOAT64, 2, 0),
                        NdArray.zeros(DType.FLOAT64, 1, 1, 0)),
                Readers.jsonLines(p, NdArray.class).list());
    }

    @Test
    @Spec("S-9")
    void raggedListsAreRefusedAsRaggedWhereverTheyDiffer() throws IOException {
        // numpy: "setting an array element with a sequence. The requested array has an inhomogeneous shape"
        List<String> ragged = List.of("[[1,2],[3]]", "[1,[2]]", "[[1],2]", "[[[1]],[2]]", "[[],[1]]", "[[1],[[2]]]");
        for (String line : ragged) {
            Path p = Files.writeString(tmp.resolve("ragged.jsonl"), line + "\n");
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.jsonLines(p, NdArray.class).list(), line);
            assertTrue(e.getMessage().contains("ragged nested lists"), line + ": " + e.getMessage());
        }
    }

    @Test
    @Spec("S-9")
    void aNullLineIsRefusedAsAnArrayButReadAsNullElsewhere() throws IOException {
        Path p = Files.writeString(tmp.resolve("null.jsonl"), "[1]\nnull\n");
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.jsonLines(p, NdArray.class).list());
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("line 2 is null"), e.getMessage());
        assertEquals(java.util.Arrays.asList(List.of(1), null), Readers.jsonLines(p, Object.class).list(), "JSON's null, as Python's json reads it");
    }

    @Test
    @Spec("S-9")
    void listsNestedDeeperThanNumpysSixtyFourAxesAreRefused() throws IOException {
        // numpy: "The requested array would exceed the maximum number of dimension of 64"
        Path ok = Files.writeString(tmp.resolve("deep64.jsonl"), "[".repeat(64) + "7" + "]".repeat(64) + "\n");
        assertEquals(64, Readers.jsonLines(ok, NdArray.class).first().ndim());
        Path deep = Files.writeString(tmp.resolve("deep65.jsonl"), "[0]\n" + "[".repeat(65) + "]".repeat(65) + "\n");
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.jsonLines(deep, NdArray.class).list());
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("lists nested deeper than 64 axes"), e.getMessage());
    }

    @Test
    @Spec("S-9")
    void integersFrom2To63AreUint64AsInNumpy() throws IOException {
        // numpy 2.4: each Python int is int64 below 2^63 and uint64 up to 2^64 - 1; int64 with uint64 is float64
        Path p = Files.writeString(tmp.resolve("big.jsonl"), "[9223372036854775808,18446744073709551615]\n"
                + "[9223372036854775808,true]\n[[9223372036854775808],[0]]\n[9223372036854775808,-1]\n[18446744073709551616]\n"
                + "18446744073709551615\n[-9223372036854775808]\n");
        List<NdArray> read = Readers.jsonLines(p, NdArray.class).list();
        assertEquals(NdArray.ofBits(DType.UINT64, new long[] {Long.MIN_VALUE, -1}), read.get(0));
        assertEquals(NdArray.ofBits(DType.UINT64, new long[] {Long.MIN_VALUE, 1}), read.get(1));
        assertEquals(NdArray.of(new double[] {0x1p63, 0}, 2, 1), read.get(2));
        assertEquals(NdArray.of(new double[] {0x1p63, -1}), read.get(3));
        assertEquals(NdArray.of(new double[] {0x1p64}), read.get(4), "numpy's object array; the nearest float64 here");
        assertEquals(NdArray.ofBits(DType.UINT64, new long[] {-1}).reshape(), read.get(5));
        assertEquals(NdArray.of(new long[] {Long.MIN_VALUE}), read.get(6));
    }

    @Test
    @Spec("S-9")
    void uint64ArraysRoundTripExactly() throws IOException {
        NdArray big = NdArray.ofBits(DType.UINT64, new long[] {Long.MIN_VALUE, -1, Long.MIN_VALUE + 12345}, 3, 1);
        Path p = Dataset.of(List.of(big)).write(Writers.jsonLines(tmp.resolve("u64.jsonl")));
        assertEquals(List.of("[[9223372036854775808],[18446744073709551615],[9223372036854788153]]"), Files.readAllLines(p));
        assertEquals(List.of(big), Readers.jsonLines(p, NdArray.class).list());
    }

    @Test
    @Spec("S-9")
    void zeroDimensionalArraysRoundTripAsBareValues() throws IOException {
        List<NdArray> scalars = List.of(NdArray.scalar(DType.FLOAT64, 2.5), NdArray.scalarLong(DType.INT64, -7),
                NdArray.of(new boolean[] {true}).reshape());
        Path p = Dataset.of(scalars).write(Writers.jsonLines(tmp.resolve("scalars.jsonl")));
        assertEquals(List.of("2.5", "-7", "true"), Files.readAllLines(p));
        List<NdArray> back = Readers.jsonLines(p, NdArray.class).list();
        assertEquals(scalars, back);
        for (NdArray a : back) assertEquals(0, a.ndim(), a.toString());
    }

    @Test
    @Spec("S-9")
    void nonFiniteFloatsAreWrittenAndReadAsPythonsJsonDoes() throws IOException, InterruptedException {
        NdArray f64 = NdArray.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5});
        NdArray f32 = NdArray.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY});
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("loss", Double.NaN);
        record.put("x", f32);
        Path p = Dataset.<Object>of(f64, f32, NdArray.scalar(DType.FLOAT64, Double.POSITIVE_INFINITY), record)
                .write(Writers.jsonLines(tmp.resolve("nonfinite.jsonl")));
        List<String> lines = List.of("[NaN,Infinity,-Infinity,1.5]", "[NaN,-Infinity]", "Infinity", "{\"loss\":NaN,\"x\":[NaN,-Infinity]}");
        assertEquals(lines, Files.readAllLines(p));
        List<NdArray> arrays = Readers.jsonLines(p, NdArray.class).take(3).list();
        assertEquals(List.of(f64, NdArray.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}), NdArray.scalar(DType.FLOAT64, Double.POSITIVE_INFINITY)),
                arrays);
        assertTrue(Double.isNaN((Double) ((Map<?, ?>) Readers.jsonLines(p, Object.class).list().get(3)).get("loss")));

        // Python's json module reads what we wrote, and we read what it writes
        Path fromPython = tmp.resolve("python.jsonl");
        String out = python("import json, sys\n"
                + "print([json.loads(l) for l in open(sys.argv[1])])\n"
                + "open(sys.argv[2], 'w').write(json.dumps([float('nan'), float('-inf'), 2.0]) + '\\n' + json.dumps(float('inf')) + '\\n')",
                p.toString(), fromPython.toString());
        if (out == null) return;
        assertEquals("[[nan, inf, -inf, 1.5], [nan, -inf], inf, {'loss': nan, 'x': [nan, -inf]}]", out);
        assertEquals(List.of(NdArray.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 2}), NdArray.scalar(DType.FLOAT64, Double.POSITIVE_INFINITY)),
                Readers.jsonLines(fromPython, NdArray.class).list());
    }

    /** Runs a Python script with python3 and returns its trimmed output; null (skipping, said on stdout) when there is no python3. */
    private static String python(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process py;
        try {
            py = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException noPython) {
            System.out.println("python3 not found: skipping the check against Python's json module");
            return null;
        }
        String out = new String(py.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, py.waitFor(), out);
        return out;
    }
}
