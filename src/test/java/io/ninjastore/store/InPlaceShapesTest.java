package io.ninjastore.store;

import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code shape.ninja} files that are not a store's commit point are overwritten in place (spec
 * C-9), so readers take lengths from the commit point and check only the data files' lengths (F-29),
 * and an opening writer rewrites a lagging one (C-10).
 */
class InPlaceShapesTest {
    /** The shape files of a ragged store with flat shapes that follow {@code starts/}, relative to the store. */
    private static final List<String> RAGGED_FOLLOWERS = List.of("shape.ninja", "ends/shape.ninja", "flattened_shapes/shape.ninja",
            "shapes/shape.ninja");

    @TempDir
    Path tmp;

    private static NdArray floats(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return NdArray.of(a);
    }

    private static List<NdArray> samples(int from, int to) {
        List<NdArray> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(floats(1 + i % 4, i));
        return out;
    }

    /** Every {@code shape.ninja} named, as bytes. */
    private static Map<String, byte[]> read(Path store, List<String> files) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        for (String f : files) out.put(f, Files.readAllBytes(store.resolve(f)));
        return out;
    }

    private static void write(Path store, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) Files.write(store.resolve(e.getKey()), e.getValue());
    }

    /**
     * A ragged store of 3 samples extended to 7, whose non-commit shape files are then set back to
     * what they said at 3: what a reader racing the in-place writes, or a power loss that lost them,
     * may see.
     */
    private Path raggedWithLaggingShapes(String name, List<String> lagging) throws IOException {
        Path dir = tmp.resolve(name);
        RaggedMmap.fromLists(dir, samples(0, 3)).close();
        Map<String, byte[]> old = read(dir, lagging);
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            w.extend(samples(3, 7));
        }
        write(dir, old);
        return dir;
    }

    @Test
    @Spec({"F-29", "F-12"})
    void aReaderTakesLengthsFromTheCommitPointWhenTheOtherShapesLag() throws IOException {
        Path dir = raggedWithLaggingShapes("r", RAGGED_FOLLOWERS);
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(7, r.length());
            assertEquals(samples(0, 7), new ArrayList<>(r));
        }
        VerifyReport report = StoreVerifier.verify(dir, true);
        assertTrue(report.healthy(), "a lagging shape is not a problem: " + report.problems());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("ends/shape.ninja") && n.contains("C-9")), report.notes().toString());
    }

    @Test
    @Spec({"F-29", "F-26"})
    void aNestedShapesStoreFollowsTheCommitPointToo() throws IOException {
        Path dir = tmp.resolve("n");
        RaggedMmap.fromLists(dir, List.of(NdArray.of(new int[] {1, 2, 3, 4}, 2, 2))).close();
        List<String> lagging = List.of("shape.ninja", "ends/shape.ninja", "shapes/shape.ninja", "shapes/ends/shape.ninja",
                "shapes/flattened_shapes/shape.ninja", "shapes/shapes/shape.ninja");
        Map<String, byte[]> old = read(dir, lagging);
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            w.extend(List.of(NdArray.of(new int[] {5, 6, 7, 8, 9, 10}, 2, 3), NdArray.of(new int[] {11}, 1, 1)));
        }
        write(dir, old);
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(3, r.length());
            assertEquals(NdArray.of(new int[] {5, 6, 7, 8, 9, 10}, 2, 3), r.get(1));
            assertArrayEquals(new long[] {1, 1}, r.shape(2));
        }
    }

    @Test
    @Spec("F-29")
    void aStringsReaderTakesTheLengthOfEndsFromStarts() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("a", "bc")).close();
        byte[] old = Files.readAllBytes(dir.resolve("ends/shape.ninja"));
        try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
            w.extend(List.of("def", "é"));
        }
        Files.write(dir.resolve("ends/shape.ninja"), old);
        try (StringsMmap r = StringsMmap.open(dir)) {
            assertEquals(List.of("a", "bc", "def", "é"), new ArrayList<>(r));
        }
        assertTrue(StoreVerifier.verify(dir, false).healthy());
        // ... and refuses, naming the file, when the file cannot hold them
        truncate(dir.resolve("ends/data.ninja"), 3 * 8);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> StringsMmap.open(dir));
        assertEquals(dir.resolve("ends/data.ninja"), e.file());
        assertEquals("length", e.field());
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    @Spec("F-29")
    void aFollowingFileTooShortForTheCommitPointIsCorruptionNamingIt() throws IOException {
        Path dir = raggedWithLaggingShapes("short", RAGGED_FOLLOWERS);
        truncate(dir.resolve("ends/data.ninja"), 6 * 8); // 7 entries are needed
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(dir));
        assertEquals(dir.resolve("ends/data.ninja"), e.file(), e.getMessage());
        assertEquals("length", e.field());
        assertTrue(e.getMessage().contains("need 56"), e.getMessage());
        assertThrows(CorruptStoreException.class, () -> RaggedMmap.openWritable(dir, WriteOptions.defaults()));
        VerifyReport report = StoreVerifier.verify(dir, false);
        assertTrue(report.problems().stream().anyMatch(p -> p.file().equals(dir.resolve("ends/data.ninja")) && p.field().equals("length")),
                report.problems().toString());

        Path data = raggedWithLaggingShapes("shortData", RAGGED_FOLLOWERS);
        long elements = 0;
        for (NdArray s : samples(0, 7)) elements += s.size();
        truncate(data.resolve("data.ninja"), (elements - 1) * 4);
        CorruptStoreException d = assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(data));
        assertEquals(data.resolve("data.ninja"), d.file(), d.getMessage());
        assertTrue(d.getMessage().contains("need " + elements * 4), d.getMessage());
    }

    @Test
    @Spec({"F-29", "F-25"})
    void theAxesOfAFollowingShapeAreStillChecked() throws IOException {
        Path dir = raggedWithLaggingShapes("axes", List.of());
        Files.write(dir.resolve("ends/shape.ninja"), NinjaFiles.shapeBytes(new long[] {2, 1}));
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(dir));
        assertEquals(dir.resolve("ends/shape.ninja"), e.file(), e.getMessage());
    }

    @Test
    @Spec({"C-10", "C-9"})
    void openingForWriteRewritesALaggingShape() throws IOException {
        Path ragged = tmp.resolve("expected");
        RaggedMmap.fromLists(ragged, samples(0, 7)).close();
        Map<String, byte[]> expected = read(ragged, RAGGED_FOLLOWERS);
        Path dir = raggedWithLaggingShapes("repair", RAGGED_FOLLOWERS);
        for (String f : RAGGED_FOLLOWERS) {
            assertFalse(java.util.Arrays.equals(expected.get(f), Files.readAllBytes(dir.resolve(f))), f + " lags before the repair");
        }
        RaggedMmap.openWritable(dir, WriteOptions.defaults().withDurability(Durability.SYNC)).close();
        for (String f : RAGGED_FOLLOWERS) {
            assertArrayEquals(expected.get(f), Files.readAllBytes(dir.resolve(f)), f + " is what mmap_ninja expects again");
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(samples(0, 7), new ArrayList<>(r));
        }

        Path strings = tmp.resolve("strings");
        StringsMmap.fromStrings(strings, List.of("a")).close();
        byte[] old = Files.readAllBytes(strings.resolve("ends/shape.ninja"));
        try (StringsMmap w = StringsMmap.openWritable(strings, WriteOptions.defaults())) {
            w.extend(List.of("b", "c"));
        }
        Files.write(strings.resolve("ends/shape.ninja"), old);
        StringsMmap.openWritable(strings, WriteOptions.defaults()).close();
        assertArrayEquals(NinjaFiles.shapeBytes(new long[] {3}), Files.readAllBytes(strings.resolve("ends/shape.ninja")));
    }

    private static Object inode(Path p) throws IOException { return Files.getAttribute(p, "unix:ino"); }

    @Test
    @Spec("C-9")
    void onlyTheCommitPointIsReplacedTheOthersAreOverwrittenInPlace() throws IOException {
        Path dir = tmp.resolve("ino");
        RaggedMmap.fromLists(dir, samples(0, 2)).close();
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            Map<String, Object> before = new TreeMap<>();
            for (String f : RAGGED_FOLLOWERS) before.put(f, inode(dir.resolve(f)));
            for (int i = 2; i < 12; i += 2) {
                // An exchange swaps two inodes, so the commit point's changes at every commit (and comes back every other one)
                Object startsBefore = inode(dir.resolve("starts/shape.ninja"));
                w.extend(samples(i, i + 2));
                for (String f : RAGGED_FOLLOWERS) assertEquals(before.get(f), inode(dir.resolve(f)), f + " keeps its inode");
                assertNotEquals(startsBefore, inode(dir.resolve("starts/shape.ninja")), "the commit point is exchanged or renamed");
            }
            for (String f : RAGGED_FOLLOWERS) {
                Path parent = dir.resolve(f).getParent();
                try (var s = Files.list(parent)) {
                    assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("shape.ninja.")), parent + " has no spare shape file");
                }
            }
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(samples(0, 12), new ArrayList<>(r));
        }

        Path strings = tmp.resolve("inoStrings");
        StringsMmap.fromStrings(strings, List.of("a")).close();
        try (StringsMmap w = StringsMmap.openWritable(strings, WriteOptions.defaults())) {
            Object ends = inode(strings.resolve("ends/shape.ninja"));
            for (String x : List.of("b", "c", "d")) {
                Object starts = inode(strings.resolve("starts/shape.ninja"));
                w.extend(List.of(x));
                assertEquals(ends, inode(strings.resolve("ends/shape.ninja")), "ends/shape.ninja keeps its inode");
                assertNotEquals(starts, inode(strings.resolve("starts/shape.ninja")), "the commit point is exchanged or renamed");
            }
        }
    }
}
