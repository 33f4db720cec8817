package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ninjastore compile SRC DST [--ext ...] [--regex R] [--force] [--threads N]}. */
class CompileCommandTest {
    @TempDir
    Path tmp;
    private Path src;

    @BeforeEach
    void sourceFolder() throws IOException {
        src = Files.createDirectories(tmp.resolve("src/sub"));
        Npy.write(tmp.resolve("src/a.npy"), NdArray.of(new short[] {1, 2}));
        Npy.write(src.resolve("b.npy"), NdArray.of(new short[] {3, 4, 5}));
        Npy.write(src.resolve("c.arr"), NdArray.of(new short[] {6}));
        src = tmp.resolve("src");
    }

    private static SliceCommandTest.Run compile(String... args) {
        return SliceCommandTest.run("compile", args);
    }

    private static List<String> names(Path dst) throws IOException {
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            return list.entries().stream().map(OfflineEntry::name).toList();
        }
    }

    @Test
    void compilesTheNpyFilesInPathOrder() throws IOException {
        Path dst = tmp.resolve("dst");
        SliceCommandTest.Run r = compile(src.toString(), dst.toString(), "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertEquals("compiled 2 entries from " + src + " into " + dst, r.out().strip());
        assertEquals(List.of("a.npy", "sub/b.npy"), names(dst));
        List<String> sliced = SliceCommandTest.slice(dst.toString(), "1, 1:", "--json").lines();
        assertEquals(List.of("[4,5]"), sliced);
    }

    @Test
    void extAndRegexChooseTheFiles() throws IOException {
        assertEquals(0, compile(src.toString(), tmp.resolve("arr").toString(), "--ext", ".arr").status());
        assertEquals(List.of("sub/c.arr"), names(tmp.resolve("arr")));
        assertEquals(0, compile(src.toString(), tmp.resolve("both").toString(), "--ext", "npy", "--regex", "c\\..*").status());
        assertEquals(List.of("a.npy", "sub/b.npy", "sub/c.arr"), names(tmp.resolve("both")));
        SliceCommandTest.Run wide = compile(src.toString(), tmp.resolve("wide").toString(), "--dtype", "int64");
        assertEquals(0, wide.status(), wide.err());
        try (OfflineDataList list = OfflineDataList.open(tmp.resolve("wide"))) {
            assertEquals(DType.INT64, list.dtype());
        }
    }

    @Test
    void anExistingDataSetNeedsForce() throws IOException {
        Path dst = tmp.resolve("dst");
        assertEquals(0, compile(src.toString(), dst.toString(), "--ext", ".arr").status());
        SliceCommandTest.Run refused = compile(src.toString(), dst.toString());
        assertEquals(1, refused.status());
        assertTrue(refused.err().startsWith("ninjastore: " + dst) && refused.err().contains("--force"), refused.err());
        assertEquals(List.of("sub/c.arr"), names(dst));
        assertEquals(0, compile(src.toString(), dst.toString(), "--force", "--sync").status());
        assertEquals(List.of("a.npy", "sub/b.npy"), names(dst));
    }

    @Test
    void badArgumentsFailWithOneLine() throws IOException {
        Path dst = tmp.resolve("dst");
        // Values wrong whatever the files hold are usage errors (status 2); what the files do not fit, errors (1).
        SliceCommandTest.Run regex = compile(src.toString(), dst.toString(), "--regex", "(");
        assertEquals(2, regex.status());
        assertTrue(regex.err().startsWith("ninjastore: --regex:"), regex.err());
        SliceCommandTest.Run threads = compile(src.toString(), dst.toString(), "--threads", "0");
        assertEquals(2, threads.status());
        assertTrue(threads.err().contains("--threads must be positive"), threads.err());
        SliceCommandTest.Run dtype = compile(src.toString(), dst.toString(), "--dtype", "float128");
        assertEquals(2, dtype.status());
        assertTrue(dtype.err().contains("unknown dtype 'float128'"), dtype.err());
        SliceCommandTest.Run emptyExt = compile(src.toString(), dst.toString(), "--ext", "");
        assertEquals(2, emptyExt.status());
        assertTrue(emptyExt.err().contains("empty extension"), emptyExt.err());
        SliceCommandTest.Run lossy = compile(src.toString(), dst.toString(), "--dtype", "int8");
        assertEquals(1, lossy.status());
        assertTrue(lossy.err().contains("a.npy: cannot store int16 data in a data set of int8 without losing information; pass --unsafe"),
                lossy.err());
        SliceCommandTest.Run none = compile(src.toString(), dst.toString(), "--ext", ".none");
        assertEquals(1, none.status());
        assertTrue(none.err().contains("needs an explicit dtype"), none.err());
        SliceCommandTest.Run missing = compile(tmp.resolve("nope").toString(), dst.toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("nope"), missing.err());
        assertTrue(Files.notExists(dst));
        assertEquals(2, compile(src.toString()).status(), "usage error");
    }

    @Test
    void aMalformedNpyFileIsNamedWithWhatIsWrongAndNoClassName() throws IOException {
        Path bad = src.resolve("sub/bad.npy");
        byte[] whole = Npy.toBytes(NdArray.of(new short[] {1, 2, 3}));
        Files.write(bad, java.util.Arrays.copyOf(whole, whole.length - 2)); // one element short
        Path dst = tmp.resolve("dst");
        SliceCommandTest.Run r = compile(src.toString(), dst.toString());
        assertEquals(1, r.status());
        assertEquals("ninjastore: " + bad + ": data: header promises 6 bytes of int16[3] but only 4 follow\n", r.err());
        assertTrue(Files.notExists(dst));
    }

    @Test
    void aDtypeConflictNamesTheFlagsThatResolveIt() throws IOException {
        Npy.write(src.resolve("sub/d.npy"), NdArray.of(new double[] {0.5}));
        Path dst = tmp.resolve("dst");
        SliceCommandTest.Run mixed = compile(src.toString(), dst.toString());
        assertEquals(1, mixed.status());
        assertEquals("ninjastore: " + src.resolve("sub/d.npy") + ": cannot store float64 data in a data set of int16 (the first entry's dtype)"
                + " without losing information; pass --dtype float64 to store every entry as that, or --dtype D --unsafe to convert with loss",
                mixed.err().strip());
        assertFalse(mixed.err().contains("Casting"), "no Java API names on the command line");
        assertTrue(Files.notExists(dst));
        assertEquals(0, compile(src.toString(), dst.toString(), "--dtype", "float64").status(), "the suggested flag works");
        SliceCommandTest.Run unsafe = compile(src.toString(), tmp.resolve("narrow").toString(), "--dtype", "int8", "--unsafe");
        assertEquals(0, unsafe.status(), unsafe.err());
    }
}
