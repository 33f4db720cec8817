package io.ninjastore.bench;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Builds the stores the benchmarks read: the same shapes as the reference workloads, smaller. */
final class BenchData {
    private BenchData() {}

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** {@code n} float32 1-d samples, lengths uniform in [16, 1024) (seed 1), every value 1.5. */
    static Path ragged(Path dir, int n) throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        Iterator<NdArray> it = IntStream.range(0, n).mapToObj(i -> {
            float[] v = new float[r.nextInt(16, 1024)];
            Arrays.fill(v, 1.5f);
            return NdArray.of(v);
        }).iterator();
        RaggedMmap.fromGenerator(dir, it, 1024).close();
        return dir;
    }

    static Path strings(Path dir, int m) throws IOException {
        Iterator<String> it = IntStream.range(0, m).mapToObj(i -> "sample-" + i + "-" + "x".repeat(i % 64)).iterator();
        StringsMmap.fromGenerator(dir, it, 4096).close();
        return dir;
    }

    static Path dense(Path dir, int rows) throws IOException {
        Iterator<NdArray> it = IntStream.range(0, rows).mapToObj(i -> {
            float[] v = new float[256];
            Arrays.fill(v, 0.25f);
            return NdArray.of(v);
        }).iterator();
        NumpyMmap.fromGenerator(dir, it, 1024).close();
        return dir;
    }

    static long[] indices(long n, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] idx = new long[count];
        for (int i = 0; i < count; i++) idx[i] = r.nextLong(n);
        return idx;
    }

    static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
