package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.CorruptStoreException;
import io.ninjastore.store.Durability;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a data set is written and replaced (spec C-60..C-62): whole or not at all. */
class OfflineCommitTest {
    @TempDir
    Path tmp;

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void write(Path dst, CompileOptions options, double... values) throws IOException {
        try (LardonParser p = Lardon.parser(null, dst, options)) {
            for (double v : values) p.register(NdArray.of(new double[] {v, v}), Map.of("v", v));
        }
    }

    @Test
    @Spec({"C-60", "C-61"})
    void theDestinationAppearsOnlyWhenTheParserCommits() throws IOException {
        Path dst = tmp.resolve("ds");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1, 2}), Map.of());
            assertFalse(Files.exists(dst), "nothing at the destination before the commit");
            List<String> names = siblings();
            assertEquals(1, names.size());
            assertTrue(names.getFirst().startsWith(".ds.building-"), names.toString());
            Path build = tmp.resolve(names.getFirst());
            assertTrue(Files.exists(build.resolve("type.ninja")));
            assertFalse(Files.exists(build.resolve("manifest.json")), "the commit point comes last");
        }
        assertEquals(List.of("ds"), siblings());
        assertEquals("{\"type\":\"offline\",\"version\":1,\"length\":1}", Files.readString(dst.resolve("manifest.json")));
    }

    @Test
    @Spec("C-60")
    void anAbortedOrRefusedBuildLeavesNothing() throws IOException {
        Path dst = tmp.resolve("ds");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1, 2}), Map.of());
            p.abort();
        }
        assertEquals(List.of(), siblings());
        // The empty data set without a dtype is refused at commit: the build is deleted too.
        LardonParser empty = Lardon.parser(null, dst, CompileOptions.defaults());
        assertThrows(IllegalArgumentException.class, empty::close);
        assertEquals(List.of(), siblings());
    }

    @Test
    @Spec("C-61")
    void aDataSetWithoutManifestIsAnUnfinishedBuild() throws IOException {
        Path dst = tmp.resolve("ds");
        write(dst, CompileOptions.defaults(), 1, 2);
        Files.delete(dst.resolve("manifest.json"));
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> OfflineDataList.open(dst));
        assertEquals(dst.resolve("manifest.json"), e.file());
        assertTrue(e.getMessage().contains("never committed"), e.getMessage());
    }

    @Test
    @Spec("C-62")
    void forceReplacesADataSetWholeAndLeavesNothingAside() throws IOException {
        Path dst = tmp.resolve("ds");
        write(dst, CompileOptions.defaults(), 1, 2, 3);
        assertThrows(FileAlreadyExistsException.class, () -> write(dst, CompileOptions.defaults(), 9));
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(3, list.length(), "a refused build leaves the old data set");
        }
        write(dst, CompileOptions.defaults().withForce(true), 7);
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(1, list.length());
            assertArrayEquals(new double[] {7, 7}, list.get(0).toDoubleArray());
        }
        assertEquals(List.of("ds"), siblings());
    }

    @Test
    @Spec("C-62")
    void forceNeverDeletesWhatIsNotADataSet() throws IOException {
        Path dst = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(dst.resolve("holiday.jpg"), "not a data set");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> write(dst, CompileOptions.defaults().withForce(true), 1));
        assertTrue(e.getMessage().contains("not an offline data set"), e.getMessage());
        assertEquals("not a data set", Files.readString(dst.resolve("holiday.jpg")));
        assertEquals(List.of("photos"), siblings());
        // An empty directory counts as absent.
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        write(empty, CompileOptions.defaults(), 1);
        try (OfflineDataList list = OfflineDataList.open(empty)) {
            assertEquals(1, list.length());
        }
    }

    @Test
    @Spec("C-62")
    void aCrashBetweenTheRenamesIsReportedWithTheParkedDataSet() throws IOException {
        Path dst = tmp.resolve("ds");
        write(dst, CompileOptions.defaults(), 1, 2);
        Path parked = tmp.resolve(".ds.replaced-1f2e3d");
        Files.move(dst, parked); // what a crash after the first rename of a --force swap leaves
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> OfflineDataList.open(dst));
        assertTrue(e.getMessage().contains(".ds.replaced-1f2e3d") && e.getMessage().contains("rename it back"), e.getMessage());
        Files.move(parked, dst);
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(2, list.length());
        }
    }

    @Test
    @Spec({"C-60", "C-61"})
    void syncDurabilityWritesTheSameDataSet() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        write(a, CompileOptions.defaults(), 1, 2, 3);
        write(b, CompileOptions.defaults().withDurability(Durability.SYNC), 1, 2, 3);
        Vectors.assertSameFiles(a, b);
        try (OfflineDataList list = OfflineDataList.open(b)) {
            assertEquals(DType.FLOAT64, list.dtype());
            assertEquals(3, list.length());
        }
    }
}
