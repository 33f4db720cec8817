package io.ninjastore.stream;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.RaggedMmap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Window samplers over a ragged store, alone and under a mux (what the CLI's sample command runs). */
class SamplersTest {
    private static final long SEED = 4242L;

    @TempDir
    Path tmp;

    /** Sample i has rows[i] rows of 3 int32 columns holding (i, row, col) encoded as i*10000 + row*10 + col. */
    private RaggedMmap store(int... rows) throws IOException {
        List<NdArray> samples = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            int[] v = new int[rows[i] * 3];
            for (int r = 0; r < rows[i]; r++) for (int c = 0; c < 3; c++) v[r * 3 + c] = i * 10000 + r * 10 + c;
            samples.add(NdArray.of(v, rows[i], 3));
        }
        return RaggedMmap.fromLists(tmp.resolve("ragged"), samples);
    }

    private static void assertIsWindow(RaggedMmap s, Window w, long length) {
        assertEquals(s.get(w.sample()).rows(w.offset(), w.offset() + length), w.values());
        assertEquals(length, w.values().shape(0));
    }

    @Test
    void windowsAreUniformZeroCopyViewsAndReproducible() throws IOException {
        System.out.println("SamplersTest seed " + SEED);
        NdArray kept;
        try (RaggedMmap s = store(10, 4)) {
            Dataset<Window> w = Samplers.windows(s, 0, 4, SEED);
            List<Window> got = w.take(14_000).list();
            long[] perOffset = new long[7];
            for (Window x : got) {
                assertEquals(0, x.sample());
                assertIsWindow(s, x, 4);
                perOffset[(int) x.offset()]++;
            }
            for (long c : perOffset) assertEquals(2000, c, 6 * Math.sqrt(14_000 * (1 / 7.0) * (6 / 7.0)), "uniform offsets");
            assertEquals(got.stream().map(Window::offset).toList(), w.take(14_000).map(Window::offset).list(), "reproducible");
            assertNotEquals(w.take(50).map(Window::offset).list(), Dataset.from(k -> w.open(1)).take(50).map(Window::offset).list(),
                    "another key gives other windows");
            assertEquals(List.of(0L, 0L, 0L), Samplers.windows(s, 1, 4, SEED).take(3).map(Window::offset).list(), "a window as long as the sample");
            kept = got.getFirst().values();
        }
        assertThrows(IllegalStateException.class, () -> kept.getInt(0, 0), "a window views the store's mapping");
    }

    @Test
    void shortSamplesYieldNothingAndBadArgumentsAreNamed() throws IOException {
        try (RaggedMmap s = store(2, 5)) {
            assertEquals(0, Samplers.windows(s, 0, 3, SEED).take(10).count());
            assertThrows(IndexOutOfBoundsException.class, () -> Samplers.windows(s, 2, 3, SEED));
            assertThrows(IllegalArgumentException.class, () -> Samplers.windows(s, 0, 0, SEED));
        }
    }

    @Test
    void aStochasticMuxOverEverySampleIsPescadorsSamplingFromDisk() throws IOException {
        int[] rows = new int[30];
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < rows.length; i++) rows[i] = 1 + r.nextInt(12); // some shorter than the window
        try (RaggedMmap s = store(rows)) {
            for (Mux.Mode mode : Mux.Mode.values()) {
                Dataset<Window> mux = Mux.stochastic(Samplers.windows(s, 5, SEED), 4, 3.0, mode, Mux.Dist.POISSON, null, SEED);
                List<Window> got = mux.take(3000).list();
                for (Window w : got) {
                    assertTrue(rows[(int) w.sample()] >= 5, "only samples long enough to hold a window");
                    assertIsWindow(s, w, 5);
                }
                assertEquals(got.stream().map(w -> List.of(w.sample(), w.offset())).toList(),
                        mux.take(3000).map(w -> List.of(w.sample(), w.offset())).list(), mode + ": the same seed gives the same windows");
                if (mode == Mux.Mode.EXHAUSTIVE) assertTrue(got.size() < 3000, "an exhaustive mux ends early");
                else assertEquals(3000, got.size());
            }
        }
    }
}
