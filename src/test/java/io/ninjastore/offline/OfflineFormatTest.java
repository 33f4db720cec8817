package io.ninjastore.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ninjastore.store.CorruptStoreException;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StoreVerifier;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.VerifyReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline layout of spec F-40..F-42: read what the Python reference wrote, write the same bytes. */
class OfflineFormatTest {
    @TempDir
    Path tmp;

    @Test
    @Spec({"F-40", "F-41"})
    void readsTheReferenceDataSet() throws IOException {
        JsonNode exp = Vectors.expected("offline");
        try (OfflineDataList list = OfflineDataList.open(Vectors.store("offline"))) {
            assertEquals(3, list.length());
            assertEquals(DType.FLOAT32, list.dtype());
            assertEquals(List.of(Extent.of(3), new Extent(1, 4), Extent.of(3)), list.shape());
            assertEquals(List.of("train/a.npy", "train/b.npy", "test/c.npy"), list.entries().stream().map(OfflineEntry::name).toList());
            assertEquals(Map.of("label", 1), list.entry(0).metadata());
            assertEquals(Map.of(), list.entry(1).metadata());
            assertEquals(Map.of("label", 0, "note", "é"), list.entry(2).metadata());
            for (int i = 0; i < 3; i++) {
                JsonNode values = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exp.get("cat_lines").get(i).asText());
                Fixtures.assertMatches(values, list.get(i), "entry " + i);
            }
        }
    }

    @Test
    @Spec({"F-40", "F-41", "F-43", "F-45"})
    void writesTheBytesTheReferenceWrites() throws IOException {
        List<NdArray> arrays = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> metadata = new ArrayList<>();
        try (OfflineDataList ref = OfflineDataList.open(Vectors.store("offline"))) {
            for (OfflineEntry e : ref.entries()) {
                arrays.add(e.get());
                names.add(e.name());
                metadata.add(e.metadata());
            }
        }
        Path dst = tmp.resolve("offline");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            for (int i = 0; i < arrays.size(); i++) p.register(arrays.get(i), metadata.get(i), names.get(i));
        }
        Vectors.assertSameFiles(Vectors.store("offline"), dst);
    }

    @Test
    @Spec({"F-40", "F-41", "F-45"})
    void anEmptyDataSetMatchesTheReferenceToo() throws IOException {
        Path dst = tmp.resolve("empty");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults().withDtype(DType.UINT8))) {
            assertEquals(0, p.count());
        }
        Vectors.assertSameFiles(Vectors.store("offline_empty"), dst);
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(0, list.length());
            assertEquals(DType.UINT8, list.dtype());
            assertEquals(List.of(Extent.of(0)), list.shape());
        }
    }

    /** A small data set of three rank-2 float32 entries to break in various ways. */
    private Path threeEntries() throws IOException {
        Path dst = tmp.resolve("three");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            for (int i = 0; i < 3; i++) p.register(NdArray.of(new float[] {i, i, i, i}, 2, 2), Map.of("i", i), "e" + i);
        }
        return dst;
    }

    @Test
    @Spec("F-41")
    void entriesPastTheManifestLengthDoNotExist() throws IOException {
        Path dst = threeEntries();
        Files.writeString(dst.resolve("manifest.json"), "{\"type\":\"offline\",\"version\":1,\"length\":2,\"writer\":\"future\"}");
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(2, list.length());
            assertEquals(List.of(Extent.of(2), Extent.of(2), Extent.of(2)), list.shape());
            assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
            assertTrue(list.entries().stream().noneMatch(e -> e.name().equals("e2")));
        }
    }

    @Test
    @Spec("F-41")
    void aManifestLongerThanTheStoresIsCorrupt() throws IOException {
        Path dst = threeEntries();
        Files.writeString(dst.resolve("manifest.json"), "{\"type\":\"offline\",\"version\":1,\"length\":4}");
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> OfflineDataList.open(dst));
        assertEquals(dst.resolve("data"), e.file());
        assertTrue(e.getMessage().contains("holds 3 entries but manifest.json commits 4"), e.getMessage());
    }

    @ParameterizedTest
    @Spec({"F-41", "F-52", "F-45"})
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"offline\",\"version\":2,\"length\":3}   | version | knows version 1 only",
            "{\"type\":\"offline\",\"length\":3}                 | version | knows version 1 only",
            "{\"type\":\"ragged\",\"version\":1,\"length\":3}    | type    | expected \"offline\"",
            "{\"type\":\"offline\",\"version\":1,\"length\":-1}  | length  | non-negative integer",
            "{\"type\":\"offline\",\"version\":1,\"length\":\"3\"} | length  | non-negative integer",
            "{\"type\":\"offline\",\"version\":1,\"length\":1.5} | length  | non-negative integer",
            "[1, 2, 3]                                              | json    | expected a JSON object",
            "{\"type\": \"offline\",                                | json    | not valid JSON",
    })
    void aBadManifestIsRefusedNamingTheField(String manifest, String field, String message) throws IOException {
        Path dst = threeEntries();
        byte[] before = Files.readAllBytes(dst.resolve("data/data.ninja"));
        Files.writeString(dst.resolve("manifest.json"), manifest);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> OfflineDataList.open(dst));
        assertEquals(dst.resolve("manifest.json"), e.file());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dst.resolve("data/data.ninja")), "a reader never modifies");
    }

    /** A file where the data set should be is said to be no directory, not to be missing. */
    @Test
    @Spec("F-40")
    void aFileInPlaceOfTheDataSetIsNoDirectoryNotMissing() throws IOException {
        Path file = tmp.resolve("afile");
        Files.writeString(file, "hi");
        java.nio.file.NotDirectoryException e = assertThrows(java.nio.file.NotDirectoryException.class, () -> OfflineDataList.open(file));
        assertEquals(file.toString(), e.getFile());
    }

    /** Reading a pipe waits for a writer and /dev/zero never ends: a manifest that is no regular file is refused unread. */
    @Test
    @Spec("F-45")
    void aManifestThatIsNoRegularFileIsRefusedWithoutReadingIt() throws Exception {
        for (String kind : List.of("pipe", "device", "directory")) {
            Path dst = threeEntries();
            Path manifest = dst.resolve("manifest.json");
            Files.delete(manifest);
            switch (kind) {
                case "pipe" -> assertEquals(0, new ProcessBuilder("mkfifo", manifest.toString()).start().waitFor());
                case "device" -> Files.createSymbolicLink(manifest, Path.of("/dev/zero"));
                default -> Files.createDirectory(manifest);
            }
            CorruptStoreException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(CorruptStoreException.class, () -> OfflineDataList.open(dst)), kind);
            assertEquals(manifest, e.file(), e.getMessage());
            assertEquals("file", e.field());
            assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
            VerifyReport report = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> StoreVerifier.verify(dst, false), "verify, " + kind);
            assertTrue(report.problems().stream().anyMatch(p -> p.file().equals(manifest) && p.field().equals("file")), report.toString());
            Files.delete(manifest);
            Files.move(dst, tmp.resolve("done-" + kind));
        }
    }

    @Test
    @Spec({"F-40", "F-50"})
    void unknownFilesAreIgnoredAndAMissingStoreIsCorrupt() throws IOException {
        Path dst = threeEntries();
        Files.writeString(dst.resolve("README.txt"), "added by someone");
        Files.createDirectories(dst.resolve("thumbnails"));
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(3, list.length());
        }
        Files.writeString(dst.resolve("type.ninja"), "ragged");
        CorruptStoreException wrongType = assertThrows(CorruptStoreException.class, () -> OfflineDataList.open(dst));
        assertEquals("type", wrongType.field());
        Files.writeString(dst.resolve("type.ninja"), "offline");
        Files.move(dst.resolve("names"), dst.resolve("names.old"));
        CorruptStoreException missing = assertThrows(CorruptStoreException.class, () -> OfflineDataList.open(dst));
        assertTrue(missing.file().startsWith(dst.resolve("names")), missing.getMessage());
    }

    @Test
    @Spec("F-42")
    void entriesOfDifferentRanksAreCorrupt() throws IOException {
        Path dst = threeEntries();
        // Replace the entries with a ragged store whose third sample has one axis instead of two.
        Path data = dst.resolve("data");
        try (var io = Files.walk(data)) {
            for (Path p : io.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        RaggedMmap.fromLists(data, List.of(NdArray.of(new float[] {0, 0, 0, 0}, 2, 2), NdArray.of(new float[] {1, 1, 1, 1}, 2, 2),
                NdArray.of(new float[] {2, 2}))).close();
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertArrayEquals(new float[] {1, 1, 1, 1}, list.get(1).toFloatArray());
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> list.get(2));
            assertEquals(data, e.file());
            assertTrue(e.getMessage().contains("entry 2 has 1 axes but entry 0 has 2"), e.getMessage());
            assertThrows(CorruptStoreException.class, list::shape);
        }
    }

    @Test
    @Spec("F-40")
    void metadataThatIsNotAJsonObjectIsCorrupt() throws IOException {
        Path dst = tmp.resolve("meta");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1}), Map.of("ok", true), "a");
        }
        Path meta = dst.resolve("metadata");
        try (var io = Files.walk(meta)) {
            for (Path p : io.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        StringsMmap.fromStrings(meta, List.of("[1,2]")).close();
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertArrayEquals(new float[] {1}, list.get(0).toFloatArray(), "the data still reads");
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> list.entry(0).metadata());
            assertEquals(meta, e.file());
            assertEquals("entry 0", e.field());
        }
    }
}
