package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end, in-process: what scripts rely on (output, exit status, one-line errors). */
class CliTest {
    @TempDir
    Path tmp;

    private CliRun.Result ok(String... args) {
        CliRun.Result r = CliRun.run(args);
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    /** A failure: exit status, one line on stderr starting "ninjastore: ", no stack trace. */
    private static String fails(int status, CliRun.Result r) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.err().startsWith("ninjastore: ") && r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1,
                "one line on stderr: " + r);
        assertFalse(r.err().contains("\tat "), r.toString());
        return r.err();
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private String s(Path p) { return p.toString(); }

    // ------------------------------------------------------------------ import / append / cat / info, each kind

    @Test
    @Spec({"J-1", "J-2", "J-6", "J-7"})
    void denseImportFromJsonLinesAppendAndRead() throws IOException {
        Path in = write("rows.jsonl", "[1,2,3]\n\n[4,5,6]\n");
        Path store = tmp.resolve("dense");
        CliRun.Result r = ok("import", s(store), "--type", "numpy", "--dtype", "int16", s(in));
        assertEquals("imported 2 rows into " + store + "\n", r.out());
        assertEquals("appended 1 row to " + store + " (now 3)\n", ok("append", s(store), s(write("more.jsonl", "[7,8,9]\n"))).out());
        assertEquals("{\"type\":\"numpy\",\"length\":3,\"dtype\":\"int16\",\"shape\":[3,3],\"order\":\"C\"}\n", ok("info", s(store), "--json").out());
        assertEquals("[1,2,3]\n[4,5,6]\n[7,8,9]\n", ok("cat", s(store), "--json").out());
        assertEquals("[4,5,6]\n", ok("cat", s(store), "--start", "1", "--limit", "1").out());
        assertEquals("", ok("cat", s(store), "--start", "9").out());
        assertEquals("type:   numpy\nlength: 3\ndtype:  int16\nshape:  [3, 3]\norder:  C\n", ok("info", s(store)).out());
    }

    @Test
    void denseImportFromNpyFilesAndDirectories() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("npys"));
        Npy.write(dir.resolve("b.npy"), NdArray.of(new float[] {5, 6}, 1, 2));
        Npy.write(dir.resolve("a.npy"), NdArray.of(new float[] {1, 2, 3, 4}, 2, 2));
        Path store = tmp.resolve("d");
        // batch size 1 forces a commit per row: the rows of one file span several batches
        ok("import", s(store), "--type", "numpy", "--batch-size", "1", s(dir));
        assertEquals("[1.0,2.0]\n[3.0,4.0]\n[5.0,6.0]\n", ok("cat", s(store)).out());
        // int8 rows enter a float32 store safely; float64 ones need --cast unsafe
        Npy.write(tmp.resolve("i8.npy"), NdArray.of(new byte[] {7, 8}, 1, 2));
        ok("append", s(store), s(tmp.resolve("i8.npy")));
        Npy.write(tmp.resolve("f8.npy"), NdArray.of(new double[] {0.1, 0.2}, 1, 2));
        String err = fails(1, CliRun.run("append", s(store), s(tmp.resolve("f8.npy"))));
        assertTrue(err.contains("f8.npy") && err.contains("float64") && err.contains("--cast unsafe"), err);
        ok("append", s(store), "--cast", "unsafe", s(tmp.resolve("f8.npy")));
        assertEquals("[7.0,8.0]\n[0.1,0.2]\n", ok("cat", s(store), "--start", "3").out());
    }

    @Test
    void zeroDimensionalNpyMakesAZeroDimensionalStore() throws IOException {
        Npy.write(tmp.resolve("s.npy"), NdArray.scalar(DType.FLOAT64, 2.5));
        Path store = tmp.resolve("z");
        ok("import", s(store), "--type", "numpy", s(tmp.resolve("s.npy")));
        assertEquals("{\"type\":\"numpy\",\"length\":1,\"dtype\":\"float64\",\"shape\":[],\"order\":\"C\"}\n", ok("info", s(store), "--json").out());
        assertEquals("2.5\n", ok("cat", s(store)).out());
        String err = fails(1, CliRun.run("append", s(store), s(tmp.resolve("s.npy"))));
        assertTrue(err.contains("0-d"), err);
        Npy.write(tmp.resolve("row.npy"), NdArray.of(new double[] {1}));
        err = fails(1, CliRun.run("import", s(tmp.resolve("z2")), "--type", "numpy", s(tmp.resolve("s.npy")), s(tmp.resolve("row.npy"))));
        assertTrue(err.contains("nothing can follow the 0-d array"), err);
    }

    @Test
    @Spec("F-8")
    void fortranOrderImportAndTheRefusedAppend() throws IOException {
        Path in = write("rows.jsonl", "[1,2,3]\n[4,5,6]\n");
        Path store = tmp.resolve("f");
        ok("import", s(store), "--type", "numpy", "--dtype", "int32", "--order", "F", s(in));
        assertEquals("F", Files.readString(store.resolve("order.ninja")));
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, NdArray.wrap(java.lang.foreign.MemorySegment.ofArray(Files.readAllBytes(store.resolve("data.ninja"))),
                DType.INT32, java.nio.ByteOrder.LITTLE_ENDIAN, 6).toIntArray(), "column-major bytes");
        assertEquals("[1,2,3]\n[4,5,6]\n", ok("cat", s(store)).out());
        String err = fails(1, CliRun.run("append", s(store), s(in)));
        assertTrue(err.contains("Fortran-ordered"), err);
        assertEquals("[1,2,3]\n[4,5,6]\n", ok("cat", s(store)).out());
    }

    @Test
    @Spec({"J-6", "F-13"})
    void raggedImportFromJsonLinesAndNpy() throws IOException {
        Path in = write("samples.jsonl", "[1,2,3]\n[[1,2],[3,4]]\n7\n[]\n");
        Path store = tmp.resolve("r");
        assertEquals("imported 4 samples into " + store + "\n", ok("import", s(store), "--type", "ragged", "--dtype", "uint8", s(in)).out());
        Npy.write(tmp.resolve("one.npy"), NdArray.ofBits(DType.UINT8, new byte[] {9, 10}, 1, 2));
        ok("append", s(store), s(tmp.resolve("one.npy")), "-");
        assertEquals("{\"type\":\"ragged\",\"length\":5,\"dtype\":\"uint8\"}\n", ok("info", s(store), "--json").out());
        assertEquals("[1,2,3]\n[[1,2],[3,4]]\n7\n[]\n[[9,10]]\n", ok("cat", s(store)).out());
        try (RaggedMmap r = RaggedMmap.open(store)) {
            assertArrayEquals(new long[0], r.get(2).shape());
            assertFalse(r.shapesAreFlat());
        }
        String err = fails(1, CliRun.run("append", s(store), s(write("bad.jsonl", "[300]\n"))));
        assertTrue(err.contains("bad.jsonl: line 1: 300 is out of range for dtype uint8"), err);
    }

    @Test
    @Spec({"J-5", "F-22", "J-8"})
    void stringsFromJsonLinesTextAndStdin() throws IOException {
        Path store = tmp.resolve("s");
        Path txt = tmp.resolve("lines.txt");
        Files.write(txt, "\uFEFFplain\r\n\nhéllo wörld\nlast".getBytes(StandardCharsets.UTF_8));
        ok("import", s(store), "--type", "strings", s(txt));
        CliRun.Result r = CliRun.runWithStdin("\"tab\\there\"\n\"😀\"\n", "append", s(store), "-");
        assertEquals(0, r.status(), r.toString());
        assertEquals("{\"type\":\"string\",\"length\":6}\n", ok("info", s(store), "--json").out());
        assertEquals("\"plain\"\n\"\"\n\"héllo wörld\"\n\"last\"\n\"tab\\there\"\n\"😀\"\n", ok("cat", s(store)).out());
        try (StringsMmap st = StringsMmap.open(store)) {
            assertEquals("tab\there", st.get(4));
        }
    }

    @Test
    void importFromStandardInput() {
        Path store = tmp.resolve("stdin");
        CliRun.Result r = CliRun.runWithStdin("[true,false]\n[false,false]\n", "import", s(store), "--type", "numpy", "--dtype", "bool", "-");
        assertEquals(0, r.status(), r.toString());
        assertEquals("[true,false]\n[false,false]\n", ok("cat", s(store)).out());
    }

    @Test
    void emptyInputMakesAnEmptyStore() throws IOException {
        Path empty = write("empty.jsonl", "\n");
        ok("import", s(tmp.resolve("n")), "--type", "numpy", "--dtype", "float32", s(empty));
        assertEquals("{\"type\":\"numpy\",\"length\":0,\"dtype\":\"float32\",\"shape\":[0],\"order\":\"C\"}\n", ok("info", s(tmp.resolve("n")), "--json").out());
        ok("import", s(tmp.resolve("r")), "--type", "ragged", "--dtype", "int8", s(empty));
        assertEquals("{\"type\":\"ragged\",\"length\":0,\"dtype\":\"int8\"}\n", ok("info", s(tmp.resolve("r")), "--json").out());
        ok("import", s(tmp.resolve("s")), "--type", "strings", s(empty));
        assertEquals("", ok("cat", s(tmp.resolve("s"))).out());
    }

    @Test
    void aNpyWithNoRowsStillGivesTheStoreItsRowShape() throws IOException {
        Npy.write(tmp.resolve("e.npy"), NdArray.zeros(DType.INT16, 0, 3));
        Path store = tmp.resolve("e");
        ok("import", s(store), "--type", "numpy", s(tmp.resolve("e.npy")));
        assertEquals("{\"type\":\"numpy\",\"length\":0,\"dtype\":\"int16\",\"shape\":[0,3],\"order\":\"C\"}\n", ok("info", s(store), "--json").out());
        Npy.write(tmp.resolve("r.npy"), NdArray.of(new short[] {1, 2, 3, 4, 5, 6}, 2, 3));
        ok("append", s(store), s(tmp.resolve("r.npy")));
        assertEquals("[1,2,3]\n[4,5,6]\n", ok("cat", s(store)).out());
        Path fortran = tmp.resolve("ef");
        ok("import", s(fortran), "--type", "numpy", "--order", "F", s(tmp.resolve("e.npy")));
        // no elements are in both orders, and such an array is recorded as C, as mmap_ninja records one (like (1, n))
        assertEquals("{\"type\":\"numpy\",\"length\":0,\"dtype\":\"int16\",\"shape\":[0,3],\"order\":\"C\"}\n", ok("info", s(fortran), "--json").out());
    }

    @Test
    void aRefusedAppendChangesNoFile() throws IOException {
        Path store = tmp.resolve("d");
        ok("import", s(store), "--type", "numpy", "--dtype", "int32", s(write("d.jsonl", "[1,2]\n[3,4]\n")));
        Files.write(store.resolve("shape.ninja"), new byte[0]); // now a 0-d store with 12 bytes past its one element
        byte[] data = Files.readAllBytes(store.resolve("data.ninja"));
        byte[] sums = Files.readAllBytes(store.resolve("data.ninja.crc32c"));
        String err = fails(1, CliRun.run("append", s(store), s(tmp.resolve("d.jsonl"))));
        assertTrue(err.contains("0-d"), err);
        assertArrayEquals(data, Files.readAllBytes(store.resolve("data.ninja")), "a refused append must not repair");
        assertArrayEquals(sums, Files.readAllBytes(store.resolve("data.ninja.crc32c")));
    }

    @Test
    @Spec("J-7")
    void npyFilesAreReadableDirectly() throws IOException {
        Npy.write(tmp.resolve("m.npy"), NdArray.of(new long[] {1, 2, 3, 4, 5, 6}, 3, 2));
        assertEquals("{\"type\":\"numpy\",\"length\":3,\"dtype\":\"int64\",\"shape\":[3,2],\"order\":\"C\"}\n", ok("info", s(tmp.resolve("m.npy")), "--json").out());
        assertEquals("[3,4]\n[5,6]\n", ok("cat", s(tmp.resolve("m.npy")), "--start", "1").out());
    }

    // ------------------------------------------------------------------ bad input loses nothing

    @Test
    @Spec({"C-31", "J-8"})
    void aBadLineLeavesNoStoreBehind() throws IOException {
        Path in = write("bad.jsonl", "[1,2]\n[3,4]\n[5]\n");
        Path store = tmp.resolve("never");
        String err = fails(1, CliRun.run("import", s(store), "--type", "numpy", "--dtype", "int64", "--batch-size", "1", s(in)));
        assertTrue(err.contains("bad.jsonl: line 3: a row of shape [1] does not match the rows of shape [2] (" + in + ": line 1)"), err);
        assertFalse(Files.exists(store));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("bad.jsonl"), s.map(p -> p.getFileName().toString()).toList(), "no staging directory left");
        }
    }

    @Test
    void anArgumentStartingWithAtIsAPathNotAnArgumentFile() throws IOException {
        Path store = tmp.resolve("st");
        ok("import", s(store), "--type", "strings", s(write("a.jsonl", "\"x\"\n")));
        Path list = write("list", s(store) + "\n");
        assertEquals("ninjastore: @" + list + ": no such file or directory (no store directory or .npy file there)\n",
                fails(1, CliRun.run("info", "@" + list)));
        // a directory after the @ made picocli throw out of execute, with its stack trace
        assertEquals("ninjastore: @" + tmp + ": no such file or directory (no store directory or .npy file there)\n",
                fails(1, CliRun.run("info", "@" + tmp)));
    }

    @Test
    void aDeviceIsNeitherAStoreNorANpyFile() throws IOException {
        Path dev = Files.createSymbolicLink(tmp.resolve("zero.npy"), Path.of("/dev/zero"));
        for (String command : List.of("info", "cat")) {
            assertEquals("ninjastore: " + dev + ": a pipe, socket or device, not a store directory or a .npy file\n",
                    fails(1, CliRun.run(command, s(dev))));
        }
    }

    @Test
    @Spec("C-31")
    void runningOutOfMemoryIsOneLineAndLeavesNoStagingDirectory() throws IOException {
        // What a line too long for the heap does (a JSON line of millions of numbers under a small -Xmx, or
        // /dev/zero as input), without needing the memory: picocli's handler never sees an Error.
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() { throw new OutOfMemoryError("Java heap space"); }
        };
        Path store = tmp.resolve("oom");
        CliRun.Result r = CliRun.runWithStdin(endless, "import", s(store), "--type", "numpy", "--dtype", "int8", "-");
        String err = fails(1, r);
        assertTrue(err.startsWith("ninjastore: out of memory (Java heap space): "), err);
        assertTrue(err.contains("NINJASTORE_JAVA_OPTS=-Xmx"), err);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.toList(), "no store, no staging directory left");
        }
    }

    @Test
    @Spec({"F-4", "F-27"})
    void inputsOfMoreAxesThanAStoreHoldsAreRefusedNamingTheInput() throws IOException {
        Path deep = write("deep.jsonl", "[".repeat(64) + "1" + "]".repeat(64) + "\n");
        String err = fails(1, CliRun.run("import", s(tmp.resolve("d")), "--type", "numpy", "--dtype", "int8", s(deep)));
        assertTrue(err.startsWith("ninjastore: " + deep + ": line 1: a row of 64 axes makes a store of 65; a store has at most 64 axes"), err);
        long[] ones = new long[64];
        java.util.Arrays.fill(ones, 1);
        Path npy = tmp.resolve("most.npy");
        Npy.write(npy, NdArray.zeros(DType.INT8, ones)); // numpy's most: as a whole store, or as one sample
        ok("import", s(tmp.resolve("n")), "--type", "numpy", s(npy));
        ok("import", s(tmp.resolve("r")), "--type", "ragged", s(npy));
        // 65 axes, which Npy.write refuses to write: numpy refuses to load it, and so does the import
        String dict = "{'descr': '|i1', 'fortran_order': False, 'shape': (" + "1, ".repeat(65) + "), }";
        dict += " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        java.io.ByteArrayOutputStream img = new java.io.ByteArrayOutputStream();
        img.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) dict.length(), (byte) (dict.length() >> 8)});
        img.write(dict.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        img.write(0);
        Path many = Files.write(tmp.resolve("many.npy"), img.toByteArray());
        for (String type : List.of("numpy", "ragged")) {
            err = fails(1, CliRun.run("import", s(tmp.resolve("m" + type)), "--type", type, s(many)));
            assertTrue(err.startsWith("ninjastore: " + many + ": shape: 65 axes; numpy loads at most 64"), err);
        }
        ok("import", s(tmp.resolve("r64")), "--type", "ragged", "--dtype", "int8", s(deep)); // 64 axes: numpy's most
    }

    @Test
    @Spec("C-31")
    void importForceNeverReplacesADirectoryThatIsNotAStore() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(folder.resolve("precious.txt"), "keep me");
        Path in = write("a.jsonl", "\"new\"\n");
        String err = fails(1, CliRun.run("import", s(folder), "--type", "strings", "--force", s(in)));
        assertTrue(err.contains(folder + ": already exists (is not a store"), err);
        assertEquals("keep me", Files.readString(folder.resolve("precious.txt")));
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(List.of("precious.txt"), s.map(p -> p.getFileName().toString()).toList());
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(2, s.count(), "no staging directory left");
        }
    }

    @Test
    @Spec("C-31")
    void importNamesAFolderItCannotBuildIn() throws IOException {
        Path in = write("a.jsonl", "[1, 2]\n");
        Path file = write("afile", "x");
        String err = fails(1, CliRun.run("import", s(file.resolve("sub/st")), "--type", "numpy", "--dtype", "int8", s(in)));
        assertEquals("ninjastore: " + file + ": a file, not a directory, so no store can be built at " + file.resolve("sub/st") + "\n", err);
        // /proc/1 cannot be written, not even by root: the error names it, not the build's hidden directory
        err = fails(1, CliRun.run("import", "/proc/1/st", "--type", "numpy", "--dtype", "int8", s(in)));
        assertEquals("ninjastore: /proc/1: permission denied: a store is built in a hidden directory beside its name, then renamed"
                + " into place\n", err);
    }

    @Test
    @Spec("C-31")
    void importRefusesAnExistingStoreUnlessForcedAndForceKeepsTheOldOneOnError() throws IOException {
        Path store = tmp.resolve("st");
        ok("import", s(store), "--type", "strings", s(write("a.jsonl", "\"old\"\n")));
        String err = fails(1, CliRun.run("import", s(store), "--type", "strings", s(write("b.jsonl", "\"new\"\n"))));
        assertTrue(err.contains(store + ": already exists") && err.contains("--force"), err);
        fails(1, CliRun.run("import", s(store), "--type", "strings", "--force", s(write("c.jsonl", "\"new\"\n42\n"))));
        assertEquals("\"old\"\n", ok("cat", s(store)).out());
        ok("import", s(store), "--type", "strings", "--force", s(tmp.resolve("b.jsonl")));
        assertEquals("\"new\"\n", ok("cat", s(store)).out());
    }

    @Test
    @Spec("J-8")
    void aBadInputChangesNothingOnAppend() throws IOException {
        Path store = tmp.resolve("r");
        ok("import", s(store), "--type", "ragged", "--dtype", "float32", s(write("a.jsonl", "[1.5]\n")));
        byte[] before = Files.readAllBytes(store.resolve("starts").resolve("shape.ninja"));
        Path bad = write("b.jsonl", "[2.5]\n[\"x\"]\n");
        String err = fails(1, CliRun.run("append", s(store), "--batch-size", "1", s(bad)));
        assertTrue(err.contains("b.jsonl: line 2: expected a number or \"nan\", \"inf\", \"-inf\" for dtype float32, found the string \"x\""), err);
        assertArrayEquals(before, Files.readAllBytes(store.resolve("starts").resolve("shape.ninja")));
        assertEquals("[1.5]\n", ok("cat", s(store)).out());
        CliRun.Result viaStdin = CliRun.runWithStdin("[3]\n[true]\n", "append", s(store), "--batch-size", "1", "-");
        assertTrue(fails(1, viaStdin).contains("<stdin>: line 2"), viaStdin.toString());
        assertEquals("[1.5]\n", ok("cat", s(store)).out());
    }

    @Test
    void invalidUtf8IsReportedWithItsLine() throws IOException {
        Path txt = tmp.resolve("bad.txt");
        Files.write(txt, new byte[] {'o', 'k', '\n', (byte) 0xC3, '(', '\n'});
        String err = fails(1, CliRun.run("import", s(tmp.resolve("s")), "--type", "strings", s(txt)));
        assertTrue(err.contains("bad.txt: line 2: not valid UTF-8"), err);
    }

    @Test
    @Spec("J-8")
    void inputsThatDoNotSuitTheKindAreRefused() throws IOException {
        assertTrue(fails(1, CliRun.run("import", s(tmp.resolve("x")), "--type", "numpy", "--dtype", "int8", s(write("a.txt", "1\n"))))
                .contains("a .txt file holds strings"));
        assertTrue(fails(1, CliRun.run("import", s(tmp.resolve("x")), "--type", "numpy", s(write("a.jsonl", "[1]\n"))))
                .contains("--dtype is required for JSON input"));
        assertTrue(fails(1, CliRun.run("import", s(tmp.resolve("x")), "--type", "ragged", s(write("a.csv", "1\n"))))
                .contains("unknown input kind"));
        assertTrue(fails(1, CliRun.run("import", s(tmp.resolve("x")), "--type", "ragged", "--dtype", "int8", s(tmp.resolve("missing.jsonl"))))
                .contains("missing.jsonl: no such file or directory"));
        assertTrue(fails(1, CliRun.run("import", s(tmp.resolve("x")), "--type", "ragged", s(Files.createDirectories(tmp.resolve("none")))))
                .contains("holds no .npy files"));
        assertTrue(fails(1, CliRun.run("import", s(tmp.resolve("x")), "--type", "strings", s(write("n.jsonl", "[1]\n"))))
                .contains("n.jsonl: line 1: expected a JSON string, found a list"));
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    // ------------------------------------------------------------------ errors and usage

    @Test
    void usageErrorsExitWithTwo() {
        assertTrue(fails(2, CliRun.run("import", s(tmp.resolve("x")), "--type", "tensor", "a.jsonl")).contains("expected numpy, ragged or strings"));
        assertTrue(fails(2, CliRun.run("import", s(tmp.resolve("x")), "--type", "numpy", "--dtype", "float128", "a.jsonl"))
                .contains("unknown dtype 'float128'"));
        assertTrue(fails(2, CliRun.run("import", s(tmp.resolve("x")), "--type", "strings", "--dtype", "int8", "a.jsonl")).contains("--dtype does not apply"));
        assertTrue(fails(2, CliRun.run("import", s(tmp.resolve("x")), "--type", "ragged", "--order", "F", "a.jsonl")).contains("--order applies only"));
        assertTrue(fails(2, CliRun.run("import", s(tmp.resolve("x")), "--type", "numpy", "--batch-size", "0", "a.jsonl")).contains("--batch-size must be positive"));
        assertTrue(fails(2, CliRun.run("cat", s(tmp), "--limit", "-1")).contains("--limit must be >= 0"));
        assertTrue(fails(2, CliRun.run("frobnicate")).contains("frobnicate"));
        assertTrue(fails(2, CliRun.run()).contains("missing command"));
        assertTrue(fails(2, CliRun.run("info")).contains("PATH"));
    }

    @Test
    void runtimeErrorsExitWithOneAndNameTheFile() throws IOException {
        assertEquals("ninjastore: " + tmp.resolve("nope") + ": no such file or directory (no store directory or .npy file there)\n",
                CliRun.run("info", s(tmp.resolve("nope"))).err());
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("type.ninja"), "tensor");
        assertTrue(fails(1, CliRun.run("cat", s(bad))).contains("type.ninja"));
        Path notNpy = write("x.npy", "not numpy");
        assertTrue(fails(1, CliRun.run("info", s(notNpy))).contains("x.npy"));
    }

    @Test
    void verbosePrintsTheStackTrace() {
        CliRun.Result r = CliRun.run("--verbose", "info", s(tmp.resolve("nope")));
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("ninjastore: ") && r.err().contains("\tat "), r.toString());
        CliRun.Result inherited = CliRun.run("cat", s(tmp.resolve("nope")), "--verbose");
        assertTrue(inherited.err().contains("\tat "), inherited.toString());
    }

    @Test
    void anOfflineDataSetWithoutManifestIsRefusedAndOfflineDataSetsTakeNoAppends() throws IOException {
        Path off = Files.createDirectories(tmp.resolve("off"));
        Files.writeString(off.resolve("type.ninja"), "offline");
        assertTrue(fails(1, CliRun.run("info", s(off), "--json")).contains("manifest.json"));
        assertTrue(fails(1, CliRun.run("append", s(off), s(write("a.jsonl", "[1]\n")))).contains("offline"));
    }

    @Test
    @Spec({"C-31", "C-21"})
    void importForceRefusesToSwapAwayAStoreAnotherWriterHasOpen() throws IOException {
        Path store = tmp.resolve("held");
        try (io.ninjastore.store.RaggedMmap w = io.ninjastore.store.RaggedMmap.fromLists(store, List.of(NdArray.of(new int[] {1, 2})))) {
            String err = fails(1, CliRun.run("import", s(store), "--type", "ragged", "--dtype", "int32", "--force",
                    s(write("new.jsonl", "[7]\n"))));
            assertTrue(err.contains("locked by another writer"), err);
            w.append(NdArray.of(new int[] {3})); // the writer's store is still the one at the path
        }
        assertEquals("[1,2]\n[3]\n", ok("cat", s(store)).out());
        try (var l = Files.list(tmp)) {
            assertTrue(l.noneMatch(p -> p.getFileName().toString().contains(".building-")), "the staged build is removed");
        }
    }

    /** mmap_ninja writes an empty strings list as a bare directory: every command takes it for what it is. */
    @Test
    @Spec({"F-23", "F-24"})
    void anEmptyStringsListAsMmapNinjaWritesItIsAnEmptyStringsStore() throws IOException {
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        assertEquals("{\"type\":\"string\",\"length\":0}\n", ok("info", s(bare), "--json").out());
        assertEquals("type:   string\nlength: 0\n", ok("info", s(bare)).out());
        assertEquals("", ok("cat", s(bare), "--json").out());
        assertTrue(ok("verify", s(bare)).out().startsWith(bare + ": string, 0 samples: healthy"));
        assertEquals("ninjastore: sample needs a ragged store; " + bare + " is a strings store\n", fails(1, CliRun.run("sample", s(bare),
                "--window", "1", "--active", "1", "--rate", "1", "--mode", "exhaustive", "--seed", "1", "--count", "1")));
        String slice = fails(1, CliRun.run("slice", s(bare), "0"));
        assertTrue(slice.contains("expected 'offline', found none"), slice);
        assertEquals("appended 1 string to " + bare + " (now 1)\n", ok("append", s(bare), s(write("one.txt", "x\n"))).out());
        assertEquals("\"x\"\n", ok("cat", s(bare), "--json").out());

        Path other = Files.createDirectories(tmp.resolve("other"));
        write("other/notes.txt", "not a store");
        assertTrue(fails(1, CliRun.run("info", s(other))).contains("not a store directory"));
    }

    @Test
    void helpAndVersion() {
        CliRun.Result help = ok("--help");
        assertTrue(help.out().contains("import") && help.out().contains("demo"), help.out());
        assertTrue(ok("import", "--help").out().contains("--batch-size"));
        assertTrue(ok("--version").out().startsWith("ninjastore "));
    }

    @Test
    void aPlainCommandLineRunsTheCommandsToo() throws IOException {
        try (NumpyMmap n = NumpyMmap.fromArray(tmp.resolve("d"), NdArray.of(new double[] {0.5, -0.0}))) {
            assertEquals(2, n.length());
        }
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("cat", s(tmp.resolve("d"))));
        assertEquals("0.5\n-0.0\n", out.toString());
    }

    @Test
    void demoBuildsEveryKindAndCleansUp() throws IOException {
        CliRun.Result r = ok("demo");
        String out = r.out();
        for (String expected : List.of("\"type\":\"numpy\"", "\"type\":\"ragged\"", "\"type\":\"string\"", "imported 3 rows", "[[4,5],[6,7]]", "\"日本語\"",
                "{\"type\":\"offline\",\"length\":3,\"dtype\":\"int32\",\"shape\":[3,2,[3,5]]}\n",
                "\nshape [3, 2, 2]: [[[1,2],[4,5]],[[11,12],[15,16]],[[21,22],[26,27]]]\n")) {
            assertTrue(out.contains(expected), expected + " in\n" + out);
        }
        String folder = out.lines().findFirst().orElseThrow().replaceFirst(".* in ", "");
        assertFalse(Files.exists(Path.of(folder)), folder + " removed");
        assertTrue(Stores.class.getName().length() > 0);
    }

    @Test
    void theSliceTheDemoReadsInJavaIsWhatItsCliCommandPrints() throws IOException {
        String out = ok("demo", "--keep").out();
        Path folder = Path.of(out.lines().reduce((a, b) -> b).orElseThrow().replaceFirst("^kept (.*) \\(remove it when done\\)$", "$1"));
        try {
            String said = "# Java; the CLI: ninjastore slice offline \"0:3, :, 1:3\" --batch crop\nshape [3, 2, 2]: ";
            int at = out.indexOf(said);
            assertTrue(at >= 0, out);
            String printed = out.substring(at + said.length(), out.indexOf('\n', at + said.length()) + 1);
            assertEquals(printed, ok("slice", s(folder.resolve("offline")), "0:3, :, 1:3", "--batch", "crop").out());
        } finally {
            io.ninjastore.io.FileIo.DEFAULT.deleteRecursively(folder);
        }
    }
}
