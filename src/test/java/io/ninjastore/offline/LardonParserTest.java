package io.ninjastore.offline;

import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LardonParser}: writing entry by entry, with or without a source folder. */
class LardonParserTest {
    @TempDir
    Path tmp;

    @Test
    void dataMadeOnTheFlyNeedsNoSourceFolder() throws IOException {
        Path dst = tmp.resolve("ds");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            assertEquals(List.of(), p.files());
            for (int i = 0; i < 3; i++) p.register(NdArray.of(new int[] {i, i * i}), Map.of("i", i));
            p.register(NdArray.of(new int[] {7, 7}), null, "named/seven");
            assertEquals(4, p.count());
            assertThrows(IllegalStateException.class, () -> p.name(tmp.resolve("x.npy")));
        }
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(List.of("data_0", "data_1", "data_2", "named/seven"), list.entries().stream().map(OfflineEntry::name).toList());
            assertArrayEquals(new int[] {2, 4}, list.get(2).toIntArray());
            assertEquals(Map.of(), list.entry(3).metadata());
        }
    }

    @Test
    void aSourceFolderListsItsFilesAndNamesThem() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Npy.write(src.resolve("b.npy"), NdArray.of(new float[] {2}));
        Npy.write(tmp.resolve("src/a.npy"), NdArray.of(new float[] {1}));
        Files.writeString(src.resolve("skip.txt"), "x");
        Path dst = tmp.resolve("ds");
        try (LardonParser p = Lardon.parser(tmp.resolve("src"), dst, CompileOptions.defaults())) {
            assertEquals(List.of(tmp.resolve("src/a.npy"), src.resolve("b.npy")), p.files());
            for (Path f : p.files()) {
                NdArray x = Npy.read(f);
                p.register(x, Map.of("twice", x.getDouble(0) * 2), p.name(f));
            }
            assertThrows(IllegalArgumentException.class, () -> p.name(tmp.resolve("elsewhere.npy")));
        }
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(List.of("a.npy", "sub/b.npy"), list.entries().stream().map(OfflineEntry::name).toList());
            assertEquals(Map.of("twice", 4.0), list.entry(1).metadata());
        }
    }

    @Test
    void theDataIsCopiedWhenRegistered() throws IOException {
        float[] buffer = {1, 2, 3};
        Path dst = tmp.resolve("ds");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(buffer), Map.of());
            buffer[0] = 99; // reused by the caller at once
            p.register(NdArray.of(buffer), Map.of());
        }
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertArrayEquals(new float[] {1, 2, 3}, list.get(0).toFloatArray());
            assertArrayEquals(new float[] {99, 2, 3}, list.get(1).toFloatArray());
        }
    }

    @ParameterizedTest
    @Spec({"F-40", "F-44"})
    @ValueSource(strings = {"", "/abs", "a//b", "./a", "a/../b", "a/", "a\\b", "bad\uD800"})
    void badNamesAreRefusedAndTheParserStaysUsable(String name) throws IOException {
        Path dst = tmp.resolve("ds");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1}), Map.of(), "ok");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.register(NdArray.of(new float[] {2}), Map.of(), name));
            assertTrue(e.getMessage().contains("entry 1") && e.getMessage().contains("name"), e.getMessage());
            assertEquals(1, p.count());
            p.register(NdArray.of(new float[] {3}), Map.of(), "also/ok");
        }
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(2, list.length());
            assertArrayEquals(new float[] {3}, list.get(1).toFloatArray());
        }
    }

    @Test
    @Spec({"F-44", "F-43"})
    void duplicateNamesAndUnsupportedMetadataAreRefused() throws IOException {
        try (LardonParser p = Lardon.parser(null, tmp.resolve("ds"), CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1}), Map.of(), "x");
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> p.register(NdArray.of(new float[] {1}), Map.of(), "x"));
            assertTrue(dup.getMessage().contains("'x' is already taken"), dup.getMessage());
            IllegalArgumentException meta = assertThrows(IllegalArgumentException.class,
                    () -> p.register(NdArray.of(new float[] {1}), Map.of("shape", Map.of("dims", new long[] {2, 3})), "y"));
            assertTrue(meta.getMessage().contains("metadata.shape.dims is a [J"), meta.getMessage());
            IllegalArgumentException lone = assertThrows(IllegalArgumentException.class,
                    () -> p.register(NdArray.of(new float[] {1}), Map.of("s", List.of("ok", "\uDC00")), "z"));
            assertTrue(lone.getMessage().contains("metadata.s[1] holds a lone surrogate U+DC00"), lone.getMessage());
            assertEquals(1, p.count());
        }
    }

    @Test
    void abortWritesNothingAndCloseIsIdempotent() throws IOException {
        Path dst = tmp.resolve("ds");
        LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults());
        p.register(NdArray.of(new float[] {1}), Map.of());
        p.abort();
        p.close();
        assertTrue(Files.notExists(dst));
        assertThrows(IllegalStateException.class, () -> p.register(NdArray.of(new float[] {1}), Map.of()));
        LardonParser q = Lardon.parser(null, dst, CompileOptions.defaults());
        q.register(NdArray.of(new float[] {1}), Map.of());
        q.close();
        q.close();
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(1, list.length());
        }
    }

    @Test
    void manyEntriesAreWrittenInSeveralBatches() throws IOException {
        Path dst = tmp.resolve("ds");
        int n = 10_000; // more than one batch of entries
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            for (int i = 0; i < n; i++) p.register(NdArray.of(new short[] {(short) i}), i % 1000 == 0 ? Map.of("k", i) : Map.of());
        }
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(n, list.length());
            for (int i = 0; i < n; i += 997) assertEquals((short) i, list.get(i).toShortArray()[0]);
            assertEquals(Map.of("k", 9000), list.entry(9000).metadata());
            assertEquals("data_9999", list.entry(n - 1).name());
        }
    }
}
