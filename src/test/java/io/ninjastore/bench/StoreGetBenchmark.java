package io.ninjastore.bench;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Single reads of each store kind (view and copy), a bulk {@code get(long[])}, and string decoding,
 * at seeded random indices over warm stores. Reported as operations per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class StoreGetBenchmark {
    @Param("20000")
    int samples;

    private Path root;
    private RaggedMmap ragged;
    private StringsMmap strings;
    private NumpyMmap dense;
    private long[] idx;
    private long[] bulk;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = BenchData.tempDir("ninjastore-jmh-get");
        ragged = RaggedMmap.open(BenchData.ragged(root.resolve("ragged"), samples));
        strings = StringsMmap.open(BenchData.strings(root.resolve("strings"), samples));
        dense = NumpyMmap.open(BenchData.dense(root.resolve("dense"), samples));
        idx = BenchData.indices(samples, 1 << 16, 7);
        bulk = BenchData.indices(samples, 64, 8);
        System.out.println("StoreGetBenchmark: " + samples + " samples per store under " + root);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ragged.close();
        strings.close();
        dense.close();
        BenchData.deleteTree(root);
    }

    private long next() {
        return idx[cursor++ & (idx.length - 1)];
    }

    @Benchmark
    public void raggedGetView(Blackhole bh) {
        NdArray a = ragged.get(next());
        bh.consume(a.doubleAt(0));
    }

    @Benchmark
    public float[] raggedGetCopy() {
        return ragged.get(next()).toFloatArray();
    }

    @Benchmark
    public void raggedBulkGet64(Blackhole bh) {
        List<NdArray> l = ragged.get(bulk);
        bh.consume(l.getLast().doubleAt(0));
    }

    @Benchmark
    public String stringsGet() {
        return strings.get(next());
    }

    @Benchmark
    public byte[] stringsGetBytes() {
        return strings.bytes(next());
    }

    @Benchmark
    public void denseGetView(Blackhole bh) {
        bh.consume(dense.get(next()).doubleAt(255));
    }

    @Benchmark
    public float[] denseRowCopy() {
        float[] row = new float[256];
        dense.get(next()).copyTo(row, 0);
        return row;
    }
}
