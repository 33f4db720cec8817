package io.ninjastore.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.cli.CliRun;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ninjastore slice}: its lines for one entry, several entries in each batch mode, and its errors. */
class SliceCommandTest {
    @TempDir
    Path tmp;

    /** What one run printed and returned. */
    record Run(int status, String out, String err) {
        List<String> lines() { return out.lines().toList(); }
    }

    static Run slice(String... args) { return run("slice", args); }

    /** Runs {@code ninjastore COMMAND ARGS} in-process, as a user would. */
    static Run run(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun.Result r = CliRun.run(all);
        return new Run(r.status(), r.out(), r.err());
    }

    @Test
    @Spec({"J-1", "J-6"})
    void oneEntryIsOneLineAndAListIsALinePerEntry() throws IOException {
        List<String> cat = catLines("offline");
        String ds = Vectors.store("offline").toString();
        Run one = slice(ds, "1", "--json");
        assertEquals(0, one.status(), one.err());
        assertEquals(List.of(cat.get(1)), one.lines());
        Run all = slice(ds, ":", "--json", "--batch", "list");
        assertEquals(cat, all.lines());
        Run picked = slice(ds, "[2, 0], :1", "--json");
        assertEquals(List.of("[[0.75,-0.25,0.25]]", "[[0.5,-1.5,0.5]]"), picked.lines());
        Run deep = slice(ds, "1, ..., -1", "--json");
        assertEquals(List.of("[0.5,-1.75,1.25,-0.25]"), deep.lines());
    }

    @Test
    void padAndCropPrintOneStackedLine() throws IOException {
        List<String> cat = catLines("offline");
        String ds = Vectors.store("offline").toString();
        // Entries are (2,3), (4,3), (1,3): padding fills the missing rows, cropping keeps the first row of each.
        String minusOnes = "[-1.0,-1.0,-1.0]";
        String padded = "[" + String.join(",",
                cat.get(0).substring(0, cat.get(0).length() - 1) + "," + minusOnes + "," + minusOnes + "]",
                cat.get(1),
                cat.get(2).substring(0, cat.get(2).length() - 1) + "," + minusOnes + "," + minusOnes + "," + minusOnes + "]") + "]";
        assertEquals(List.of(padded), slice(ds, ":", "--json", "--batch", "pad", "--pad-value", "-1").lines());
        assertEquals(List.of("[[[0.5,-1.5,0.5]],[[-2.0,1.25,0.5]],[[0.75,-0.25,0.25]]]"), slice(ds, ":", "--json", "--batch", "crop").lines());
        String edge = slice(ds, "::2", "--json", "--batch", "pad", "--pad-mode", "edge").lines().getFirst();
        assertEquals("[[[0.5,-1.5,0.5],[-0.5,1.5,-0.25]],[[0.75,-0.25,0.25],[0.75,-0.25,0.25]]]", edge);
    }

    /**
     * The canonical text of every float, integer, bool and complex vector: each row of the reference's
     * dense store becomes an entry, and slicing it prints what the reference's {@code cat} prints.
     */
    @TestFactory
    @Spec({"J-2", "J-3", "J-4"})
    Stream<DynamicTest> printsWhatTheReferencePrintsForEveryDtype() {
        List<String> names = List.of("dense_bool", "dense_int8", "dense_int16", "dense_int32", "dense_int64", "dense_uint8", "dense_uint16",
                "dense_uint32", "dense_uint64", "dense_float16", "dense_float32", "dense_float64", "dense_complex64", "dense_complex128",
                "dense_int32_3d", "dense_float64_f_order", "dense_0d");
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path ds = tmp.resolve(name);
            try (NumpyMmap dense = NumpyMmap.open(Vectors.store(name));
                 LardonParser p = Lardon.parser(null, ds, CompileOptions.defaults())) {
                NdArray all = dense.array();
                if (all.ndim() == 0) p.register(all, Map.of());
                else for (long i = 0; i < dense.length(); i++) p.register(dense.get(i), Map.of());
            }
            List<String> want = catLines(name);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < want.size(); i++) {
                Run r = slice(ds.toString(), Integer.toString(i), "--json");
                assertEquals(0, r.status(), r.err());
                got.addAll(r.lines());
            }
            assertEquals(want, got);
        }));
    }

    @Test
    void badRequestsFailWithOneLineAndStatusOne() {
        String ds = Vectors.store("offline").toString();
        Run outOfRange = slice(ds, "5", "--json");
        assertEquals(1, outOfRange.status());
        assertTrue(outOfRange.err().startsWith("ninjastore: index [5]"), outOfRange.err());
        assertTrue(outOfRange.err().contains("[3, [1,4], 3]"), outOfRange.err());
        Run inner = slice(ds, "0, 7", "--json");
        assertEquals(1, inner.status());
        assertTrue(inner.err().contains("entry 0 (train/a.npy)") && inner.err().contains("[2, 3]"), inner.err());
        Run tooMany = slice(ds, "0, 0, 0, 0", "--json");
        assertEquals(1, tooMany.status());
        assertTrue(tooMany.err().contains("too many indices"), tooMany.err());
        Run noEntries = slice(ds, "3:", "--json", "--batch", "crop");
        assertEquals(1, noEntries.status());
        assertTrue(noEntries.err().contains("selects no entries"), noEntries.err());
        Run missing = slice(tmp.resolve("nothing").toString(), "0", "--json");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("nothing"), missing.err());
        assertEquals("", outOfRange.out() + inner.out() + noEntries.out());
    }

    @Test
    void textWrongWhateverTheDataSetIsAUsageError() {
        String ds = Vectors.store("offline").toString();
        Run zeroStep = slice(ds, "::0", "--json");
        assertEquals(2, zeroStep.status());
        assertTrue(zeroStep.err().contains("EXPR: ") && zeroStep.err().contains("step cannot be zero"), zeroStep.err());
        Run malformed = slice(ds, "0,,1", "--json");
        assertEquals(2, malformed.status());
        assertTrue(malformed.err().contains("empty item"), malformed.err());
        Run badPad = slice(ds, ":", "--batch", "pad", "--pad-value", "x");
        assertEquals(2, badPad.status());
        assertTrue(badPad.err().contains("--pad-value") && badPad.err().contains("'x' is not a number"), badPad.err());
        Run ignoredMode = slice(ds, ":", "--pad-mode", "edge");
        assertEquals(2, ignoredMode.status());
        assertTrue(ignoredMode.err().contains("--pad-mode applies only with --batch pad, not --batch list"), ignoredMode.err());
        Run ignoredValue = slice(ds, ":", "--batch", "crop", "--pad-value", "1");
        assertEquals(2, ignoredValue.status());
        assertTrue(ignoredValue.err().contains("--pad-value applies only with --batch pad, not --batch crop"), ignoredValue.err());
        Run edgeValue = slice(ds, ":", "--batch", "pad", "--pad-mode", "edge", "--pad-value", "1");
        assertEquals(2, edgeValue.status());
        assertTrue(edgeValue.err().contains("--pad-value applies only with --pad-mode constant"), edgeValue.err());
        Run unknown = slice(ds, "0", "--json", "--bogus");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.err());
    }

    @Test
    void anExpressionStartingWithAMinusIsTheExpressionNotAnOption() {
        String ds = Vectors.store("offline").toString();
        List<String> cat = List.of(slice(ds, ":", "--json").out().split("\n"));
        // picocli took "-1, 0" for an unknown option and reported EXPR missing; a bare "-1" always worked.
        Run row = slice(ds, "-1, 0", "--json");
        assertEquals(0, row.status(), row.err());
        assertEquals(List.of("[0.75,-0.25,0.25]"), row.lines());
        assertEquals(cat.subList(1, 3), slice(ds, "-2:", "--json").lines());
        Run first = slice(ds, "--json", "-1, ::-1", "--batch", "list");
        assertEquals(0, first.status(), first.err());
        assertEquals(List.of("[[0.75,-0.25,0.25]]"), first.lines(), "options may come first; entry 2 has one row");
        assertEquals(List.of(cat.get(2)), slice(ds, "-1", "--json").lines());
    }

    /** Entries of the given shapes and dtype, all zeros, written without a source folder. */
    private Path dataSet(String name, NdArray... entries) throws IOException {
        Path ds = tmp.resolve(name);
        try (LardonParser p = Lardon.parser(null, ds, CompileOptions.defaults())) {
            for (NdArray e : entries) p.register(e, Map.of());
        }
        return ds;
    }

    @Test
    void severalListsPairAsInNumpy() throws IOException {
        String ds = dataSet("grid", NdArray.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4)).toString();
        // numpy: e[[0, 1], [2, 3]] is [e[0, 2], e[1, 3]]; e[[0, 2], :] pairs nothing, e[1, [0, 3]] pairs the position
        assertEquals(List.of("[2,7]"), slice(ds, "0, [0, 1], [2, 3]", "--json").lines());
        assertEquals(List.of("[6,6,10]"), slice(ds, "0, [1, 1, 2], [2]", "--json").lines(), "a list of one broadcasts");
        assertEquals(List.of("[4,7]"), slice(ds, "0, 1, [0, 3]", "--json").lines());
        Run mismatch = slice(ds, "0, [0, 1], [0, 1, 2]", "--json");
        assertEquals(1, mismatch.status(), "the data set's shape decides, not the text");
        assertTrue(mismatch.err().contains("shape mismatch") && mismatch.err().contains("lengths 2 (axis 0), 3 (axis 1)"), mismatch.err());
    }

    @Test
    void orthogonalListsSelectTheirOuterProduct() throws IOException {
        String ds = dataSet("oindex", NdArray.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4)).toString();
        // zarr: e.oindex[[0, 1], [2, 3]] is the block of rows 0, 1 and columns 2, 3; lengths need not match
        assertEquals(List.of("[[2,3],[6,7]]"), slice(ds, "0, [0, 1], [2, 3]", "--json", "--orthogonal").lines());
        assertEquals(List.of("[[0,1,2],[8,9,10]]"), slice(ds, "0, [0, 2], [0, 1, 2]", "--json", "--orthogonal").lines());
        assertEquals(List.of("[[4,7]]", "[[4,7]]"), slice(ds, "[0, 0], [1], [0, 3]", "--json", "--orthogonal").lines(),
                "the first index still picks entries, one line each");
    }

    @Test
    void aNewaxisAfterTheEntryIndexMakesAnAxisOfLengthOne() throws IOException {
        String ds = dataSet("newaxis", NdArray.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4), NdArray.of(new int[] {7, 8}, 1, 2))
                .toString();
        // numpy: e[None, 1:3] of entry 0 is (1, 2, 4); np.newaxis is None
        Run r = slice(ds, "0, None, 1:3", "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("[[[4,5,6,7],[8,9,10,11]]]"), r.lines());
        assertEquals(r.lines(), slice(ds, "0, np.newaxis, 1:3", "--json").lines());
        assertEquals(List.of("[[[0],[4],[8]]]", "[[[7]]]"), slice(ds, ":, None, :, 0, newaxis", "--json").lines(), "each entry: e[None, :, 0, None]");
        assertEquals(List.of("[[[2,3]],[[6,7]]]"), slice(ds, "0, [0, 1], None, [2, 3]", "--json", "--orthogonal").lines());
        Run before = slice(ds, "None, 0", "--json");
        assertEquals(1, before.status(), "valid text, but no axis precedes the entries");
        assertTrue(before.err().contains("a newaxis (None) cannot stand before it"), before.err());
        Run misspelt = slice(ds, "0, none", "--json");
        assertEquals(2, misspelt.status());
        assertTrue(misspelt.err().contains("EXPR: ") && misspelt.err().contains("'none': expected an integer, a slice, a list, ..., None or np.newaxis"),
                misspelt.err());
    }

    @Test
    void paddingToAnEmptyShapePrintsTheEmptyStack() throws IOException {
        String empty = dataSet("empty", NdArray.zeros(DType.FLOAT32, 2, 0), NdArray.zeros(DType.FLOAT32, 3, 0)).toString();
        String narrow = dataSet("narrow", NdArray.zeros(DType.FLOAT32, 2, 1), NdArray.zeros(DType.FLOAT32, 3, 1)).toString();
        for (String[] request : List.of(new String[] {empty, ":"}, new String[] {narrow, ":, :, []"}, new String[] {narrow, ":, :, 0:2:-1"})) {
            String ds = request[0], expr = request[1];
            for (String mode : List.of("constant", "edge")) {
                Run r = slice(ds, expr, "--json", "--batch", "pad", "--pad-mode", mode);
                assertEquals(0, r.status(), expr + " " + r.err());
                assertEquals(List.of("[[[],[],[]],[[],[],[]]]"), r.lines(), "numpy: shape (2, 3, 0) for " + expr);
            }
        }
    }

    @Test
    void padRefusesWhatNumpyRefusesNamingTheEntries() throws IOException {
        String ds = dataSet("ints", NdArray.of(new int[0]), NdArray.of(new int[] {5, 6})).toString();
        Run edge = slice(ds, ":", "--json", "--batch", "pad", "--pad-mode", "edge");
        assertEquals(1, edge.status(), "the data, not the command line, is at fault");
        assertTrue(edge.err().contains("items being the entries [0, 1]") && edge.err().contains("cannot pad item 0 of shape [0] to [2]")
                && edge.err().contains("axis 0 is empty"), edge.err());
        for (String bad : List.of("nan", "inf", "1e10")) {
            Run r = slice(ds, ":", "--json", "--batch", "pad", "--pad-value", bad);
            assertEquals(1, r.status(), bad);
            assertTrue(r.err().contains("the pad value") && r.err().contains("int32"), r.err());
        }
        assertEquals(List.of("[[-2,-2],[5,6]]"), slice(ds, ":", "--json", "--batch", "pad", "--pad-value", "-2.7").lines(), "truncated");
        assertEquals("", edge.out());
    }

    static List<String> catLines(String vector) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode line : Vectors.expected(vector).get("cat_lines")) out.add(line.asText());
        return out;
    }
}
