package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds from a generator, batch by batch (spec C-30): the generator finds every whole batch before the
 * item it is asked for committed, and a failure in the generator or in a batch keeps exactly the whole
 * batches before it and ends the build at once.
 */
class GeneratorBuildTest {
    private static final int BATCH = 100;

    @TempDir
    Path tmp;

    /** Items 0..n-1, calling {@code onNext} before each is made. */
    private static <T> Iterator<T> items(int n, IntFunction<T> make, IntConsumerIo onNext) {
        return new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return i < n; }
            @Override public T next() {
                try {
                    onNext.accept(i);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return make.apply(i++);
            }
        };
    }

    private interface IntConsumerIo {
        void accept(int i) throws IOException;
    }

    private static NdArray sample(int i) {
        float[] v = new float[1 + i % 7];
        java.util.Arrays.fill(v, i);
        return NdArray.of(v);
    }

    /** C-30: asked for the first item of batch k, the generator finds the k whole batches before it committed. */
    @Test
    @Spec("C-30")
    void theGeneratorAskedForItemJFindsEveryWholeBatchBeforeItCommitted() throws IOException {
        Path dir = tmp.resolve("promise");
        List<Long> seen = new ArrayList<>();
        Iterator<NdArray> gen = items(1050, GeneratorBuildTest::sample, i -> {
            if (i > 0 && i % BATCH == 0) {
                try (RaggedMmap reader = RaggedMmap.open(dir)) {
                    seen.add(reader.length());
                }
            }
        });
        try (RaggedMmap s = RaggedMmap.fromGenerator(dir, gen, BATCH)) {
            assertEquals(1050, s.length());
        }
        assertEquals(10, seen.size());
        for (int k = 0; k < seen.size(); k++) assertEquals((k + 1L) * BATCH, seen.get(k), "asked for item " + (k + 1) * BATCH);
    }

    @Test
    @Timeout(60)
    void aGeneratorFailingMidBatchKeepsOnlyTheWholeBatchesBeforeIt() throws IOException {
        Path dir = tmp.resolve("generator-fails");
        RuntimeException boom = new RuntimeException("generator failed at item 250");
        Iterator<NdArray> gen = items(1000, GeneratorBuildTest::sample, i -> {
            if (i == 250) throw boom;
        });
        RuntimeException e = assertThrows(RuntimeException.class, () -> RaggedMmap.fromGenerator(dir, gen, BATCH));
        assertSame(boom, e);
        try (RaggedMmap s = RaggedMmap.open(dir)) {
            assertEquals(200, s.length()); // batches 0 and 1; batch 2 was rolled back
            assertArrayEquals(sample(199).toFloatArray(), s.get(199).toFloatArray());
        }
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) { // the lock was released
            w.append(sample(200));
            assertEquals(201, w.length());
        }
    }

    @Test
    @Timeout(60)
    void aBatchFailingMidWayStopsAnEndlessGenerator() throws IOException {
        Path dir = tmp.resolve("writer-fails");
        // Item 130 is float64, which does not cast safely to the store's float32: its batch fails while
        // the generator would go on for ever.
        Iterator<NdArray> endless = new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return true; }
            @Override public NdArray next() {
                int k = i++;
                return k == 130 ? NdArray.of(new double[] {1, 2}) : sample(k);
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RaggedMmap.fromGenerator(dir, endless, BATCH));
        assertTrue(e.getMessage().contains("float64"), e.getMessage());
        try (RaggedMmap s = RaggedMmap.open(dir)) {
            assertEquals(BATCH, s.length());
        }
    }

    @Test
    @Timeout(60)
    void aFailingFirstBatchLeavesNothingAtThePath() {
        Path dir = tmp.resolve("first-fails");
        Iterator<NdArray> gen = items(1000, GeneratorBuildTest::sample, i -> {
            if (i == 50) throw new IOException("source unreadable");
        });
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RaggedMmap.fromGenerator(dir, gen, BATCH));
        assertEquals("source unreadable", e.getCause().getMessage());
        assertFalse(Files.exists(dir));
        try (var siblings = Files.list(tmp)) {
            assertEquals(0, siblings.count(), "no build directory left behind");
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    @Test
    void aDenseBuildFromAGeneratorHoldsEveryRow() throws IOException {
        Iterator<NdArray> rows = items(BATCH * 3, i -> NdArray.of(new float[] {i, -i}), i -> { });
        try (NumpyMmap d = NumpyMmap.fromGenerator(tmp.resolve("dense"), rows, BATCH)) {
            assertEquals(BATCH * 3, d.length());
            assertEquals(-299f, d.get(299).getFloat(1));
            assertEquals(DType.FLOAT32, d.dtype());
        }
    }
}
