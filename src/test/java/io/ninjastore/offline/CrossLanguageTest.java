package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java writes, the Python reference reads; the reference writes, Java reads and writes the same bytes
 * back (skipped where python3 with numpy is missing).
 */
class CrossLanguageTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsPython() {
        Python.assumeAvailable();
    }

    @Test
    @Spec({"F-40", "F-41", "F-42", "J-7"})
    void theReferenceReadsWhatJavaWrites() throws IOException {
        long seed = new Random().nextLong();
        System.out.println("theReferenceReadsWhatJavaWrites: seed " + seed);
        Random r = new Random(seed);
        Path dst = tmp.resolve("java");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            for (int i = 0; i < 12; i++) {
                int rows = r.nextInt(4), cols = 1 + r.nextInt(3);
                double[] v = new double[rows * cols];
                for (int k = 0; k < v.length; k++) v[k] = r.nextInt(10) == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextGaussian();
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("i", i);
                meta.put("name", "é/" + i + "\u0001");
                p.register(NdArray.of(v, rows, cols), meta, "dir " + (i % 3) + "/ü" + i + ".npy");
            }
        }
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            String shape = list.shape().toString().replace(" ", "");
            assertEquals(List.of("{\"type\":\"offline\",\"length\":12,\"dtype\":\"float64\",\"shape\":" + shape + "}"),
                    Python.ref("info", dst.toString()));
            List<String> javaLines = new ArrayList<>();
            for (int i = 0; i < 12; i++) javaLines.addAll(SliceCommandTest.slice(dst.toString(), Integer.toString(i), "--json").lines());
            assertEquals(javaLines, Python.ref("cat", dst.toString()));
        }
        // The reference reads names and metadata back as Java wrote them.
        String script = "import json, sys, ninja_ref\n"
                + "r = ninja_ref.read(sys.argv[1])\n"
                + "for n, m in zip(r['names'], r['metadata']): print(n + '\\t' + json.dumps(m, ensure_ascii=False, separators=(',', ':')))\n";
        Python.Result res = Python.run(List.of("-c", script, dst.toString()), "");
        assertEquals(0, res.status(), res.err());
        List<String> lines = List.of(res.out().split("\n"));
        assertEquals("dir 1/ü4.npy\t{\"i\":4,\"name\":\"é/4\\u0001\"}", lines.get(4));
    }

    /**
     * Every float16 value, and random float32 and float64 bit patterns, print as the reference prints
     * them: shortest digits in their own dtype, ties to the even digit, Python's layout.
     */
    @Test
    @Spec({"J-3", "J-4"})
    void everyFloatPrintsAsTheReferencePrintsIt() throws IOException {
        long seed = new Random().nextLong();
        System.out.println("everyFloatPrintsAsTheReferencePrintsIt: seed " + seed);
        Random r = new Random(seed);
        short[] halves = new short[1 << 16];
        for (int i = 0; i < halves.length; i++) halves[i] = (short) i;
        int[] singles = new int[20_000];
        for (int i = 0; i < singles.length; i++) singles[i] = r.nextInt();
        long[] doubles = new long[20_000];
        for (int i = 0; i < doubles.length; i++) doubles[i] = r.nextLong();
        List<NdArray> arrays = List.of(NdArray.ofBits(DType.FLOAT16, halves), NdArray.ofBits(DType.FLOAT32, singles),
                NdArray.ofBits(DType.FLOAT64, doubles), NdArray.ofBits(DType.COMPLEX64, singles, singles.length / 2));
        for (int k = 0; k < arrays.size(); k++) {
            Path dst = tmp.resolve("floats" + k);
            try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
                p.register(arrays.get(k), Map.of());
            }
            assertSameText(Python.ref("cat", dst.toString()), SliceCommandTest.slice(dst.toString(), "0", "--json").lines(),
                    arrays.get(k).dtype() + " (seed " + seed + ")");
        }
    }

    /** Equal lines, or a failure that quotes where the first difference is, not two huge lines. */
    private static void assertSameText(List<String> want, List<String> got, String what) {
        assertEquals(want.size(), got.size(), what + ": line count");
        for (int i = 0; i < want.size(); i++) {
            String a = want.get(i), b = got.get(i);
            int at = 0;
            while (at < Math.min(a.length(), b.length()) && a.charAt(at) == b.charAt(at)) at++;
            if (at == a.length() && at == b.length()) continue;
            int from = Math.max(0, a.lastIndexOf(',', Math.max(0, at - 1)));
            assertEquals(a.substring(from, Math.min(a.length(), at + 30)), b.substring(from, Math.min(b.length(), at + 30)),
                    what + ": line " + i + " differs at character " + at);
        }
    }

    @Test
    @Spec({"F-40", "F-41"})
    void javaReadsAndRewritesWhatTheReferenceWrites() throws IOException {
        Path py = tmp.resolve("python");
        String script = "import sys, numpy as np, ninja_ref\n"
                + "rng = np.random.default_rng(7)\n"
                + "arrays = [rng.standard_normal((n, 2, 3)).astype(np.float16) for n in (3, 0, 1, 2)]\n"
                + "arrays[0][0, 0, 0] = np.nan; arrays[0][0, 0, 1] = -np.inf; arrays[0][0, 0, 2] = -0.0\n"
                + "names = ['a/b.npy', 'ü.npy', 'x y/z', 'last']\n"
                + "meta = [{'k': [1, 2.5, None, True]}, {}, {'nan': float('nan'), 'big': 2**70, 's': 'tab\\tquote\"'}, {'e': 1e-7}]\n"
                + "ninja_ref.write_offline(sys.argv[1], arrays, names, meta)\n";
        Python.Result res = Python.run(List.of("-c", script, py.toString()), "");
        assertEquals(0, res.status(), res.err());
        List<NdArray> arrays = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> meta = new ArrayList<>();
        try (OfflineDataList list = OfflineDataList.open(py)) {
            assertEquals(DType.FLOAT16, list.dtype());
            assertEquals(List.of(Extent.of(4), new Extent(0, 3), Extent.of(2), Extent.of(3)), list.shape());
            assertEquals(Double.NEGATIVE_INFINITY, list.get(0).getDouble(0, 0, 1));
            for (OfflineEntry e : list.entries()) {
                arrays.add(e.get());
                names.add(e.name());
                meta.add(e.metadata());
            }
        }
        assertEquals(new java.math.BigInteger("1180591620717411303424"), meta.get(2).get("big"));
        Path java = tmp.resolve("java");
        try (LardonParser p = Lardon.parser(null, java, CompileOptions.defaults())) {
            for (int i = 0; i < arrays.size(); i++) p.register(arrays.get(i), meta.get(i), names.get(i));
        }
        Vectors.assertSameFiles(py, java);
    }
}
