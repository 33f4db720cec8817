package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad stores give a CorruptStoreException naming the file and the field, before anything is allocated or changed. */
class CorruptionTest {
    @TempDir
    Path tmp;

    private Path ragged(long n, long nestedFrom) throws IOException {
        Path dir = tmp.resolve("r");
        RaggedMmap.fromGenerator(dir, CrashSamples.arrays(Kind.RAGGED, 0, n, nestedFrom), 4, DType.INT64, WriteOptions.defaults()).close();
        return dir;
    }

    private static CorruptStoreException refused(Path dir) {
        return assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(dir).close());
    }

    @Test
    @Spec({"F-4"})
    void aShapeClaiming2To62ElementsIsAnErrorNotAnAllocation() throws IOException {
        Path dir = ragged(10, Long.MAX_VALUE);
        Files.write(dir.resolve("starts/shape.ninja"), NinjaFiles.shapeBytes(new long[] {1L << 62}));
        CorruptStoreException e = refused(dir);
        assertEquals(dir.resolve("starts/shape.ninja"), e.file());
        assertEquals("shape", e.field());
        Files.write(dir.resolve("starts/shape.ninja"), NinjaFiles.shapeBytes(new long[] {1L << 59})); // fits 64 bits, not the file
        assertEquals(dir.resolve("starts/data.ninja"), refused(dir).file());
    }

    @Test
    @Spec({"F-4"})
    void aRowTooLargeForALongIsAnErrorEvenWithNoRows() throws IOException {
        Path dir = tmp.resolve("d");
        NumpyMmap.create(dir, DType.INT64, new long[] {3}, WriteOptions.defaults()).close();
        Files.write(dir.resolve("shape.ninja"), NinjaFiles.shapeBytes(new long[] {0, 1L << 62}));
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> NumpyMmap.open(dir).close());
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        assertTrue(StoreVerifier.verify(dir, false).problems().stream().anyMatch(p -> p.field().equals("shape")));
    }

    @Test
    @Spec({"F-3", "F-2", "F-5"})
    void smallFilesAreNamedWithTheirField() throws IOException {
        Path dir = ragged(6, Long.MAX_VALUE);
        Files.writeString(dir.resolve("ends/dtype.ninja"), "int128");
        CorruptStoreException e = refused(dir);
        assertEquals(dir.resolve("ends/dtype.ninja"), e.file());
        assertEquals("dtype", e.field());
        assertTrue(e.getMessage().contains("int128"), e.getMessage());
        Files.writeString(dir.resolve("ends/dtype.ninja"), "int64");
        Files.writeString(dir.resolve("type.ninja"), "string");
        assertEquals("type", refused(dir).field());
        Files.writeString(dir.resolve("type.ninja"), "ragged");
        Files.write(dir.resolve("shapes_are_flat.ninja"), new byte[] {7, 0, 0, 0});
        assertEquals(dir.resolve("shapes_are_flat.ninja"), refused(dir).file());
        Files.delete(dir.resolve("shapes_are_flat.ninja"));
        CorruptStoreException missing = refused(dir);
        assertEquals("file", missing.field());
        assertTrue(missing.getMessage().contains("missing"));
    }

    /** A store file that is a directory or a named pipe is refused at once: opening a pipe to read would wait forever. */
    @Test
    @Spec({"F-6"})
    void aStoreFileThatIsNoRegularFileIsRefusedWithoutWaiting() throws Exception {
        for (String name : List.of("data.ninja", "starts/data.ninja", "starts/shape.ninja", "dtype.ninja")) {
            for (String kind : List.of("directory", "pipe")) {
                Path dir = ragged(6, Long.MAX_VALUE);
                Path f = dir.resolve(name);
                Files.delete(f);
                if (kind.equals("directory")) Files.createDirectory(f);
                else assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).start().waitFor());
                CorruptStoreException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        java.time.Duration.ofSeconds(20), () -> refused(dir), name + " as a " + kind);
                assertEquals(f, e.file(), e.getMessage());
                assertEquals("file", e.field());
                assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
                VerifyReport report = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        java.time.Duration.ofSeconds(20), () -> StoreVerifier.verify(dir, false), "verify, " + name + " as a " + kind);
                assertTrue(report.problems().stream().anyMatch(p -> p.file().equals(f) && p.field().equals("file")), report.toString());
                deleteTree(dir);
            }
        }
    }

    @Test
    @Spec({"C-45", "F-16"})
    void verifyReportsAnOffsetPastALongOfBytesAsAProblem() throws IOException {
        Path dir = ragged(4, Long.MAX_VALUE);
        byte[] ends = Files.readAllBytes(dir.resolve("ends/data.ninja"));
        java.nio.ByteBuffer.wrap(ends).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(8 * 3, 1L << 62); // int64: 2^65 bytes
        Files.write(dir.resolve("ends/data.ninja"), ends);
        VerifyReport report = StoreVerifier.verify(dir, false);
        assertTrue(report.problems().stream().anyMatch(p -> p.file().equals(dir.resolve("ends/data.ninja")) && p.field().equals("ends[3]")
                && p.message().startsWith((1L << 62) + ", expected at most the ")), report.toString());
        // The sample's count agrees with that end: then the data is what is too short
        long start = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("starts/data.ninja"))).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong(8 * 3);
        VerifyTest.putLong(dir.resolve("flattened_shapes/data.ninja"), 3 * 8, (1L << 62) - start);
        VerifyReport agreed = StoreVerifier.verify(dir, false);
        assertTrue(agreed.problems().stream().anyMatch(p -> p.file().equals(dir.resolve("data.ninja")) && p.field().equals("length")
                && p.message().contains("more than 2^63 bytes")), agreed.toString());
    }

    /**
     * ends[n-1] past the data while the last sample's start (and, ragged, its count) fit: the entry is
     * damaged, and readers, their refreshes and verify name it and say what was expected (F-21, F-29),
     * where they blamed data.ninja. A data file too short for a consistent index is still named itself.
     */
    @Test
    @Spec({"F-29", "F-21"})
    void aDamagedLastEndIsNamedNotTheDataFile() throws IOException {
        Path ragged = tmp.resolve("ragged");
        RaggedMmap.fromLists(ragged, List.of(NdArray.of(new int[] {1, 2}))).close();
        Path strings = tmp.resolve("strings");
        StringsMmap.fromStrings(strings, List.of("ab")).close();
        try (RaggedMmap r = RaggedMmap.open(ragged); StringsMmap s = StringsMmap.open(strings)) {
            try (RaggedMmap w = RaggedMmap.openWritable(ragged, WriteOptions.defaults());
                 StringsMmap ws = StringsMmap.openWritable(strings, WriteOptions.defaults())) {
                w.append(NdArray.of(new int[] {3, 4, 5}));
                ws.append("cde");
            }
            VerifyTest.putLong(ragged.resolve("ends/data.ninja"), 8, 9);
            VerifyTest.putLong(strings.resolve("ends/data.ninja"), 8, 1000);
            assertLastEndNamed(ragged, "9, expected at most the 5 elements " + ragged.resolve("data.ninja")
                    + " holds (starts[1] + flattened_shapes[1] = 5)", assertThrows(CorruptStoreException.class, r::refresh));
            assertLastEndNamed(strings, "1000, expected at most the 5 bytes " + strings.resolve("data.ninja") + " holds",
                    assertThrows(CorruptStoreException.class, s::refresh));
        }
        for (Path dir : List.of(ragged, strings)) {
            String expected = dir == ragged ? "9, expected at most the 5 elements" : "1000, expected at most the 5 bytes";
            assertLastEndNamed(dir, expected, assertThrows(CorruptStoreException.class, () -> Stores.open(dir).close()));
            assertLastEndNamed(dir, expected, assertThrows(CorruptStoreException.class,
                    () -> Stores.openWritable(dir, WriteOptions.defaults()).close()));
            VerifyReport report = StoreVerifier.verify(dir, false);
            assertTrue(report.problems().stream().anyMatch(p -> p.file().equals(dir.resolve("ends/data.ninja")) && p.field().equals("ends[1]")
                    && p.message().startsWith(expected)), report.toString());
        }
        // A strings data file cut before the last string starts is the short one
        VerifyTest.putLong(strings.resolve("ends/data.ninja"), 8, 5);
        try (FileChannel ch = FileChannel.open(strings.resolve("data.ninja"), StandardOpenOption.WRITE)) {
            ch.truncate(1);
        }
        assertEquals(strings.resolve("data.ninja"), assertThrows(CorruptStoreException.class, () -> StringsMmap.open(strings)).file());
    }

    private static void assertLastEndNamed(Path dir, String expected, CorruptStoreException e) {
        assertEquals(dir.resolve("ends/data.ninja"), e.file(), e.getMessage());
        assertEquals("ends[1]", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** A nested shapes store shorter than the commit point is corruption, not an IndexOutOfBoundsException on get. */
    @Test
    @Spec({"F-12", "F-15", "F-26"})
    void aNestedShapesStoreShorterThanTheCommitPointIsRefused() throws IOException {
        Path dir = ragged(12, 3);
        Files.write(dir.resolve("shapes/starts/shape.ninja"), NinjaFiles.shapeBytes(new long[] {5}));
        CorruptStoreException e = refused(dir);
        assertEquals(dir.resolve("shapes/starts/shape.ninja"), e.file());
    }

    @Test
    @Spec({"F-15", "F-26"})
    void aShapesStoreNestedTwiceIsRefused() throws IOException {
        Path dir = ragged(12, 3);
        Path inner = dir.resolve("shapes/shapes");
        CorruptionProperties.deleteTree(inner);
        RaggedMmap.fromLists(inner, List.of(NdArray.of(new long[] {1}))).close();
        assertTrue(refused(dir).getMessage().contains("another ragged level"));
    }

    @Test
    @Spec({"F-16"})
    void aSampleWhoseShapeDisagreesWithItsOffsetsIsRefusedOnAccess() throws IOException {
        Path dir = ragged(12, Long.MAX_VALUE);
        VerifyTest.putLong(dir.resolve("shapes/data.ninja"), 4 * 8, 999);
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> r.get(4));
            assertEquals("shapes[4]", e.field());
            r.get(5); // the others still read
        }
    }

    /**
     * Opening for write cuts the data at ends[n-1]; when that entry's checksum does not match, the
     * store is refused and left exactly as it was (C-10: a repair never truncates on a damaged offset).
     */
    @Test
    @Spec({"C-10", "C-11", "C-15"})
    void aDamagedCommitOffsetIsNeverTheReasonDataIsCut() throws IOException {
        Path dir = ragged(20, Long.MAX_VALUE);
        long n = 20;
        long realEnd = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("ends/data.ninja"))).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong((int) (n - 1) * 8);
        VerifyTest.putLong(dir.resolve("ends/data.ninja"), (n - 1) * 8, realEnd - 3); // still a plausible offset
        Map<String, byte[]> before = snapshot(dir);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> RaggedMmap.openWritable(dir, WriteOptions.defaults()));
        assertEquals(dir.resolve("ends/data.ninja"), e.file());
        assertEquals("checksum", e.field());
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) assertArrayEquals(before.get(k), after.get(k), k);
    }

    @Test
    @Spec({"C-11"})
    void readersNeverWriteEvenToATornStore() throws IOException {
        Path dir = ragged(9, Long.MAX_VALUE);
        Files.write(dir.resolve("data.ninja"), new byte[40], java.nio.file.StandardOpenOption.APPEND); // an interrupted append
        Files.writeString(dir.resolve("starts/shape.ninja.tmp"), "junk");
        Map<String, byte[]> before = snapshot(dir);
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            r.refresh();
            CrashSamples.checkAll(r, Long.MAX_VALUE);
        }
        StoreVerifier.verify(dir, true);
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) assertArrayEquals(before.get(k), after.get(k), k);
    }

    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals(WriterLock.FILE)) {
                    m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    @Test
    void garbageInASmallFileIsBoundedInSize() throws IOException {
        Path dir = ragged(3, Long.MAX_VALUE);
        Files.write(dir.resolve("dtype.ninja"), "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
        CorruptStoreException e = refused(dir);
        assertEquals("size", e.field());
    }
}
