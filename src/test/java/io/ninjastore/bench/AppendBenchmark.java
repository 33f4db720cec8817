package io.ninjastore.bench;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.Durability;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.WriteOptions;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Committed appends to a ragged store by batch size and durability: each operation is one
 * {@code extend} of {@code batch} samples of 100 float32, visible to readers when it returns.
 * Reported as samples per second (operations × batch).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Thread)
public class AppendBenchmark {
    @Param({"1", "10", "100", "1000"})
    int batch;

    @Param({"NONE", "SYNC"})
    Durability durability;

    private Path root;
    private RaggedMmap store;
    private List<NdArray> samples;

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
        root = BenchData.tempDir("ninjastore-jmh-append");
        WriteOptions o = WriteOptions.defaults().withDurability(durability);
        store = RaggedMmap.create(root.resolve("s"), io.ninjastore.array.DType.FLOAT32, o);
        samples = new ArrayList<>();
        for (int i = 0; i < batch; i++) samples.add(NdArray.of(new float[100]));
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        store.close();
        BenchData.deleteTree(root);
    }

    @Benchmark
    public long extend() throws IOException {
        store.extend(samples);
        return store.length();
    }
}
