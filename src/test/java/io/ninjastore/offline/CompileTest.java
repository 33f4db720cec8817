package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.store.Casting;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Lardon#compile}: which files, in which order, through which callback, and what failures leave. */
class CompileTest {
    @TempDir
    Path tmp;

    /** Writes {@code name} under src as a .npy of one float32 row holding {@code value}. */
    private Path npy(String name, float value) throws IOException {
        Path f = tmp.resolve("src").resolve(name);
        Files.createDirectories(f.getParent());
        Npy.write(f, NdArray.of(new float[] {value, value}));
        return f;
    }

    private List<String> names(OfflineDataList list) {
        return list.entries().stream().map(OfflineEntry::name).toList();
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    @Test
    @Spec("F-44")
    void walksRecursivelyKeepsNpyFilesAndOrdersThemByRelativePath() throws IOException {
        npy("b/y.npy", 2);
        npy("a/z.npy", 3);
        npy("a/x.npy", 1);
        npy("B/q.npy", 0);
        npy("c/d/w.npy", 4);
        npy("top.npy", 5);
        Files.writeString(tmp.resolve("src/a/notes.txt"), "ignored");
        Files.writeString(tmp.resolve("src/a/x.npy.bak"), "ignored");
        try (OfflineDataList list = Lardon.compile(tmp.resolve("src"), tmp.resolve("dst"))) {
            assertEquals(List.of("B/q.npy", "a/x.npy", "a/z.npy", "b/y.npy", "c/d/w.npy", "top.npy"), names(list));
            assertArrayEquals(new float[] {3, 3}, list.get(2).toFloatArray());
            assertEquals(DType.FLOAT32, list.dtype());
        }
    }

    @Test
    void extensionsAndRegexSelectFilesTogether() throws IOException {
        npy("one.npy", 1);
        npy("two.data", 2);
        npy("three.bin", 3);
        npy("sample_4.raw", 4);
        Callback anyFile = f -> new Parsed(Npy.read(f), Map.of("file", f.getFileName().toString()));
        CompileOptions extsOnly = CompileOptions.defaults().withValidExts(List.of("data", ".bin"));
        try (OfflineDataList list = Lardon.compile(tmp.resolve("src"), tmp.resolve("exts"), anyFile, extsOnly)) {
            assertEquals(List.of("three.bin", "two.data"), names(list));
            assertEquals(Map.of("file", "three.bin"), list.entry(0).metadata());
        }
        CompileOptions regexOnly = CompileOptions.defaults().withRegex(Pattern.compile("sample_\\d+\\.raw"));
        try (OfflineDataList list = Lardon.compile(tmp.resolve("src"), tmp.resolve("regex"), anyFile, regexOnly)) {
            assertEquals(List.of("sample_4.raw"), names(list), "a regex alone does not add the default .npy");
        }
        CompileOptions both = regexOnly.withValidExts(List.of(".npy"));
        try (OfflineDataList list = Lardon.compile(tmp.resolve("src"), tmp.resolve("both"), anyFile, both)) {
            assertEquals(List.of("one.npy", "sample_4.raw"), names(list));
        }
        CompileOptions partial = CompileOptions.defaults().withRegex(Pattern.compile("sample"));
        try (OfflineDataList list = Lardon.compile(tmp.resolve("src"), tmp.resolve("partial"), anyFile, partial.withDtype(DType.FLOAT32))) {
            assertEquals(0, list.length(), "the regex must match the whole name");
        }
    }

    @Test
    void threadsKeepTheOrderAndWriteTheSameBytes() throws IOException {
        long seed = ThreadLocalRandom.current().nextLong();
        System.out.println("threadsKeepTheOrderAndWriteTheSameBytes: seed " + seed);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < 60; i++) npy(String.format("d%d/f%03d.npy", i % 4, i), i);
        // A callback whose duration varies, so that parallel results finish out of order.
        Callback slowly = f -> {
            Thread.sleep(r.nextInt(3));
            NdArray a = Npy.read(f);
            return new Parsed(a, Map.of("sum", a.getDouble(0) * 2));
        };
        try (OfflineDataList one = Lardon.compile(tmp.resolve("src"), tmp.resolve("one"), slowly, CompileOptions.defaults());
             OfflineDataList four = Lardon.compile(tmp.resolve("src"), tmp.resolve("four"), slowly, CompileOptions.defaults().withThreads(4))) {
            assertEquals(names(one), names(four));
        }
        Vectors.assertSameFiles(tmp.resolve("one"), tmp.resolve("four"));
    }

    @Test
    void aCallbackFailureNamesTheFileAndLeavesNoDestination() throws IOException {
        npy("a.npy", 1);
        Path bad = npy("b.npy", 2);
        npy("c.npy", 3);
        Callback failing = f -> {
            if (f.equals(bad)) throw new IOException("unreadable");
            return new Parsed(Npy.read(f), null);
        };
        for (int threads : new int[] {1, 3}) {
            CompileException e = assertThrows(CompileException.class,
                    () -> Lardon.compile(tmp.resolve("src"), tmp.resolve("dst"), failing, CompileOptions.defaults().withThreads(threads)));
            assertEquals(bad, e.file());
            assertTrue(e.getMessage().contains("b.npy") && e.getMessage().contains("unreadable"), e.getMessage());
            assertTrue(Files.notExists(tmp.resolve("dst")));
            assertEquals(List.of(), leftovers());
        }
        // Replacing: a failure keeps the data set that was there.
        Lardon.compile(tmp.resolve("src"), tmp.resolve("dst"), f -> new Parsed(NdArray.of(new float[] {9}), null), CompileOptions.defaults()).close();
        assertThrows(CompileException.class,
                () -> Lardon.compile(tmp.resolve("src"), tmp.resolve("dst"), failing, CompileOptions.defaults().withForce(true)));
        try (OfflineDataList kept = OfflineDataList.open(tmp.resolve("dst"))) {
            assertArrayEquals(new float[] {9}, kept.get(0).toFloatArray());
        }
        assertEquals(List.of(), leftovers());
        CompileException nothing = assertThrows(CompileException.class,
                () -> Lardon.compile(tmp.resolve("src"), tmp.resolve("other"), f -> null, CompileOptions.defaults()));
        assertTrue(nothing.getMessage().contains("returned null"), nothing.getMessage());
    }

    @Test
    @Spec("F-42")
    void entriesThatDoNotFitAreRefusedNamingTheFile() throws IOException {
        npy("a.npy", 1);
        Path flat = tmp.resolve("src/b.npy");
        Npy.write(flat, NdArray.of(new float[] {1, 2, 3, 4}, 2, 2));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> Lardon.compile(tmp.resolve("src"), tmp.resolve("dst")));
        assertTrue(rank.getMessage().startsWith(flat.toString()) && rank.getMessage().contains("same number of axes"), rank.getMessage());
        assertTrue(Files.notExists(tmp.resolve("dst")));
        Npy.write(flat, NdArray.of(new double[] {0.1, 2}));
        IllegalArgumentException lossy = assertThrows(IllegalArgumentException.class, () -> Lardon.compile(tmp.resolve("src"), tmp.resolve("dst")));
        assertTrue(lossy.getMessage().contains("cannot store float64 data in a float32 data set"), lossy.getMessage());
        try (OfflineDataList widened = Lardon.compile(tmp.resolve("src"), tmp.resolve("wide"), Callback.npy(),
                CompileOptions.defaults().withDtype(DType.FLOAT64))) {
            assertArrayEquals(new double[] {0.1, 2}, widened.get(1).toDoubleArray());
        }
        try (OfflineDataList narrowed = Lardon.compile(tmp.resolve("src"), tmp.resolve("narrow"), Callback.npy(),
                CompileOptions.defaults().withDtype(DType.INT8).withCasting(Casting.UNSAFE))) {
            assertArrayEquals(new long[] {0, 2}, narrowed.get(1).toLongArray());
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void sourceAndDestinationMustBeApartAndTheSourceMustExist() throws IOException {
        npy("a.npy", 1);
        assertThrows(IllegalArgumentException.class, () -> Lardon.compile(tmp.resolve("src"), tmp.resolve("src/inner")));
        assertThrows(IllegalArgumentException.class, () -> Lardon.compile(tmp.resolve("src"), tmp));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Lardon.compile(tmp.resolve("missing"), tmp.resolve("dst")));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Lardon.compile(tmp.resolve("src"), tmp.resolve("dst"),
                Callback.npy(), CompileOptions.defaults().withValidExts(List.of(".none"))));
        assertTrue(empty.getMessage().contains("no file below " + tmp.resolve("src") + " is kept (extensions [.none])"), empty.getMessage());
        assertTrue(Files.notExists(tmp.resolve("dst")));
        assertEquals(List.of(), leftovers());
        assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withThreads(0));
        assertThrows(IllegalArgumentException.class, () -> CompileOptions.defaults().withValidExts(List.of("")));
    }

    @Test
    void aProgressBarDoesNotChangeTheResult() throws IOException {
        npy("a.npy", 1);
        npy("b.npy", 2);
        try (OfflineDataList list = Lardon.compile(tmp.resolve("src"), tmp.resolve("dst"), Callback.npy(),
                CompileOptions.defaults().withProgress(true))) {
            assertEquals(List.of("a.npy", "b.npy"), names(list));
        }
    }
}
