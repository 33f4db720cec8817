package io.ninjastore.offline;

import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lardon's {@code randslice}: a fresh window on every read, within its bounds, reproducible by seed. */
class RandomWindowTest {
    private static final long SEED = 0x5eed_2026L;

    @TempDir
    Path tmp;
    private OfflineDataList list;

    /** Entry i is {@code [1000 i + 0, ..., 1000 i + 99]} as a (100, 2) int64 array: row r holds 2 copies of r. */
    @BeforeEach
    void writeDataSet() throws IOException {
        System.out.println("RandomWindowTest: seed " + SEED);
        try (LardonParser p = Lardon.parser(null, tmp.resolve("ds"), CompileOptions.defaults())) {
            for (int i = 0; i < 20; i++) {
                long[] v = new long[200];
                for (int r = 0; r < 100; r++) v[2 * r] = v[2 * r + 1] = 1000L * i + r;
                p.register(NdArray.of(v, 100, 2), Map.of());
            }
        }
        list = OfflineDataList.open(tmp.resolve("ds"));
    }

    @AfterEach
    void close() throws IOException {
        list.close();
    }

    /** The first row of a window read from entry 0: its start. */
    private static long start(NdArray window) { return window.getLong(0, 0); }

    @Test
    void everyReadDrawsAWindowWithinItsBounds() {
        OfflineEntry e = list.entry(0).select(Index.random(10, 20, 60, new Random(SEED)));
        assertArrayEquals(new long[] {10, 2}, e.shape());
        Set<Long> starts = new HashSet<>();
        for (int k = 0; k < 2000; k++) {
            NdArray w = e.get();
            long s = start(w);
            assertTrue(s >= 20 && s + 10 <= 60, "window [" + s + ", " + (s + 10) + ") leaves [20, 60)");
            for (int r = 0; r < 10; r++) assertEquals(s + r, w.getLong(r, 1), "a window is contiguous");
            starts.add(s);
        }
        assertEquals(31, starts.size(), "every start in [20, 50] is drawn: " + starts);
    }

    @Test
    void theSameSeedGivesTheSameWindows() {
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        OfflineEntry ea = list.entry(3).select(Index.random(5, new Random(SEED)));
        OfflineEntry eb = list.entry(3).select(Index.random(5, new Random(SEED)));
        for (int k = 0; k < 50; k++) {
            a.add(start(ea.get()));
            eb.shape(); // computing a shape draws nothing
            b.add(start(eb.get()));
        }
        assertEquals(a, b);
        OfflineEntry other = list.entry(3).select(Index.random(5, new Random(SEED + 1)));
        List<Long> c = new ArrayList<>();
        for (int k = 0; k < 50; k++) c.add(start(other.get()));
        assertNotEquals(a, c);
    }

    @Test
    void aWindowAcrossEntriesDrawsEntriesTooAndNarrowsFurther() {
        Random rng = new Random(SEED);
        for (int k = 0; k < 200; k++) {
            Batch b = list.get(Index.random(3, rng), Index.random(4, 90, 100, rng), Index.at(1));
            List<NdArray> arrays = b.arrays();
            assertEquals(3, arrays.size());
            long firstEntry = arrays.getFirst().getLong(0) / 1000;
            for (int j = 0; j < 3; j++) {
                NdArray w = arrays.get(j);
                assertEquals(firstEntry + j, w.getLong(0) / 1000, "consecutive entries");
                long s = w.getLong(0) % 1000;
                assertTrue(s >= 90 && s <= 96, "start " + s);
                assertArrayEquals(new long[] {4}, w.shape());
            }
        }
        // A window narrowed again: every other row of the window.
        OfflineEntry e = list.entry(0).select(Index.random(6, new Random(SEED))).select(Index.range(null, null, 2), Index.at(0));
        assertArrayEquals(new long[] {3}, e.shape());
        NdArray w = e.get();
        assertEquals(w.getLong(0) + 2, w.getLong(1));
        assertEquals(w.getLong(0) + 4, w.getLong(2));
    }

    @Test
    void aWindowThatDoesNotFitIsRefusedWithTheShape() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> list.entry(0).select(Index.random(50, 60, 100, new Random(SEED))));
        assertTrue(e.getMessage().contains("random window of 50") && e.getMessage().contains("[100, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Index.random(-1, new Random(SEED)));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(Index.random(21, new Random(SEED))));
    }
}
