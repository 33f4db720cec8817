package io.ninjastore.cli;

import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.offline.CompileOptions;
import io.ninjastore.offline.Lardon;
import io.ninjastore.offline.LardonParser;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The reference workloads of {@code shared/MMAP_NINJA_FORMAT.md}, each returning its figure. Every
 * read consumes what it returns (into {@link #sink}) so the JIT cannot drop it; nothing is cached
 * between passes except what the OS page cache holds.
 */
final class BenchWorkloads {
    private static final long SEED = 20261121L;
    /** Consumed results; read at the end so that no read is dead code. */
    long sink;

    /**
     * How long a read workload is timed: whole passes over its indices until this much time has passed
     * (at least one pass). One pass of 100k random reads takes tens of milliseconds, where a single
     * scheduler hiccup or GC pause on a shared 2-core machine moves the figure by half; the rate is the
     * reads of every timed pass over their total time, not the best pass.
     */
    static final long MIN_TIMED_NANOS = 1_000_000_000L;
    /** lardon's offline reads are repeated for at least 2 s (the performance issue). */
    static final long OFFLINE_TIMED_NANOS = 2_000_000_000L;

    private static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }

    /** Reads per second over timed passes of {@code pass} (each {@code readsPerPass} reads), after one untimed pass. */
    private static double rate(Runnable pass, long readsPerPass) { return rate(pass, readsPerPass, MIN_TIMED_NANOS); }

    /** As {@link #rate(Runnable, long)}, timing whole passes for at least {@code minNanos}. */
    private static double rate(Runnable pass, long readsPerPass, long minNanos) {
        pass.run(); // warm-up
        long reads = 0;
        long t0 = System.nanoTime();
        do {
            pass.run();
            reads += readsPerPass;
        } while (System.nanoTime() - t0 < minNanos);
        return reads / seconds(t0);
    }

    static int[] raggedLengths(int n) {
        SplittableRandom r = new SplittableRandom(SEED);
        int[] len = new int[n];
        for (int i = 0; i < n; i++) len[i] = r.nextInt(16, 1024);
        return len;
    }

    static long[] randomIndices(long n, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] idx = new long[count];
        for (int i = 0; i < count; i++) idx[i] = r.nextLong(n);
        return idx;
    }

    /** What one timed build wrote, in its figure's unit, and how long it took. */
    record Built(double units, long nanos) {}

    /** {@code ragged_build_mb_s}: data bytes (10^6) per second. */
    Built raggedBuild(Path dir, int n) throws IOException {
        int[] len = raggedLengths(n);
        long bytes = 0;
        for (int l : len) bytes += 4L * l;
        Iterator<NdArray> gen = new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return i < n; }
            @Override public NdArray next() {
                float[] v = new float[len[i++]];
                java.util.Arrays.fill(v, 1.5f);
                return NdArray.of(v);
            }
        };
        long t0 = System.nanoTime();
        try (RaggedMmap s = RaggedMmap.fromGenerator(dir, gen, 1024)) {
            sink += s.length();
        }
        return new Built(bytes / 1e6, System.nanoTime() - t0);
    }

    /** {@code ragged_random_get_per_s}: zero-copy views at seeded random indices. */
    double raggedRandomGet(RaggedMmap s, int count) {
        long[] idx = randomIndices(s.length(), count, SEED + 1);
        return rate(() -> pass(s, idx, false), count);
    }

    /** {@code ragged_random_get_copy_per_s}: each sample copied into a new float[]. */
    double raggedRandomGetCopy(RaggedMmap s, int count) {
        long[] idx = randomIndices(s.length(), count, SEED + 2);
        return rate(() -> pass(s, idx, true), count);
    }

    /** {@code ragged_sequential_get_per_s}. */
    double raggedSequentialGet(RaggedMmap s) {
        long n = s.length();
        long[] idx = new long[(int) n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return rate(() -> pass(s, idx, false), n);
    }

    private void pass(RaggedMmap s, long[] idx, boolean copy) {
        long acc = 0;
        for (long i : idx) {
            NdArray a = s.get(i);
            if (copy) {
                float[] f = a.toFloatArray();
                acc += f.length + Float.floatToRawIntBits(f[f.length - 1]);
            } else {
                acc += a.size() + Float.floatToRawIntBits((float) a.doubleAt(0)); // touch the data
            }
        }
        sink += acc;
    }

    /** {@code ragged_extend10_per_s}: 300 committed extends of 10 samples of 100 float32. */
    double raggedExtend10(RaggedMmap s) throws IOException {
        List<NdArray> ten = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            float[] v = new float[100];
            java.util.Arrays.fill(v, k);
            ten.add(NdArray.of(v));
        }
        long before = s.length();
        long t0 = System.nanoTime();
        for (int c = 0; c < 300; c++) s.extend(ten);
        double rate = 300 / seconds(t0);
        try (RaggedMmap reader = RaggedMmap.open(s.path())) { // each extend was committed: a new reader sees all
            if (reader.length() != before + 3000) throw new IllegalStateException("a reader sees " + reader.length() + " samples");
            sink += reader.length();
        }
        return rate;
    }

    static String benchString(int i) { return "sample-" + i + "-" + "x".repeat(i % 64); }

    /** {@code strings_build_per_s}. */
    Built stringsBuild(Path dir, int m) throws IOException {
        Iterator<String> gen = new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return i < m; }
            @Override public String next() { return benchString(i++); }
        };
        long t0 = System.nanoTime();
        try (StringsMmap s = StringsMmap.fromGenerator(dir, gen, 4096)) {
            sink += s.length();
        }
        return new Built(m, System.nanoTime() - t0);
    }

    /** {@code strings_random_get_per_s}. */
    double stringsRandomGet(StringsMmap s, int count) {
        long[] idx = randomIndices(s.length(), count, SEED + 3);
        return rate(() -> stringsPass(s, idx), count);
    }

    private void stringsPass(StringsMmap s, long[] idx) {
        long acc = 0;
        for (long i : idx) acc += s.get(i).length();
        sink += acc;
    }

    /** {@code dense_build_mb_s}: R rows of 256 float32 (0.25). */
    Built denseBuild(Path dir, int rows) throws IOException {
        Iterator<NdArray> gen = new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return i < rows; }
            @Override public NdArray next() {
                i++;
                float[] v = new float[256];
                java.util.Arrays.fill(v, 0.25f);
                return NdArray.of(v);
            }
        };
        long t0 = System.nanoTime();
        try (NumpyMmap s = NumpyMmap.fromGenerator(dir, gen, 1024)) {
            sink += s.length();
        }
        return new Built(rows * 256L * 4 / 1e6, System.nanoTime() - t0);
    }

    /** {@code dense_random_row_copy_per_s}: rows copied into a new float[256]. */
    double denseRandomRowCopy(NumpyMmap s, int count) {
        long[] idx = randomIndices(s.length(), count, SEED + 4);
        return rate(() -> densePass(s, idx), count);
    }

    private void densePass(NumpyMmap s, long[] idx) {
        long acc = 0;
        for (long i : idx) {
            float[] row = new float[256];
            s.get(i).copyTo(row, 0);
            acc += Float.floatToRawIntBits(row[255]);
        }
        sink += acc;
    }

    /** lardon's workload: 100 entries of shape (10, 10, 10, 10) float32, values from a seeded generator. */
    private static void offlineData(Path dir) throws IOException {
        if (java.nio.file.Files.exists(dir)) return;
        SplittableRandom r = new SplittableRandom(SEED + 5);
        try (LardonParser p = Lardon.parser(null, dir, CompileOptions.defaults())) {
            for (int i = 0; i < 100; i++) {
                float[] v = new float[10_000];
                for (int k = 0; k < v.length; k++) v[k] = (float) r.nextDouble();
                p.register(NdArray.of(v, 10, 10, 10, 10), Map.of());
            }
        }
    }

    /** {@code offline_first_axis_slice_per_s}: {@code x[i, 0:2]} for each entry, repeated for at least 2 s. */
    double offlineFirstAxisSlice(Path dir) throws IOException {
        offlineData(dir);
        return offlineReads(dir, Index.range(0, 2));
    }

    /** {@code offline_deep_slice_per_s}: {@code x[i, :, :, :, 0]}, the slice lardon pays 1000 reads for. */
    double offlineDeepSlice(Path dir) throws IOException {
        offlineData(dir);
        return offlineReads(dir, Index.all(), Index.all(), Index.all(), Index.at(0));
    }

    private double offlineReads(Path dir, Index... inner) throws IOException {
        try (OfflineDataList list = OfflineDataList.open(dir)) {
            Index[] request = new Index[inner.length + 1];
            System.arraycopy(inner, 0, request, 1, inner.length);
            long n = list.length();
            return rate(() -> {
                long acc = 0;
                for (long i = 0; i < n; i++) {
                    request[0] = Index.at(i);
                    NdArray a = list.get(request).arrays().getFirst();
                    acc += Float.floatToRawIntBits((float) a.doubleAt(a.size() - 1));
                }
                sink += acc;
            }, n, OFFLINE_TIMED_NANOS);
        }
    }
}
