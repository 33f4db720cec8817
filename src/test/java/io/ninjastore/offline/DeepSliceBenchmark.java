package io.ninjastore.offline;

import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * lardon's weak spot: {@code x[:, :, :, 0]} on a 10×10×10×10 entry costs it 1000 memmap calls, and
 * its cost grows with the depth of the sliced axis. Here one entry of {@code side^4} float32 is sliced
 * {@code width} positions wide on axis {@code depth} and whole on the others, which always returns
 * {@code width * side^3} elements: one contiguous run at depth 0, {@code width * side^2} runs of
 * {@code side} elements at depth 2, {@code side^3} runs of {@code width} elements at depth 3. If a read
 * costs what it returns, the time per returned byte stays flat across {@code depth}, and doubles with
 * {@code width}.
 *
 * <p>{@code main} runs a short pass (one fork, 1 s warm-up, 2 × 1 s measurement) and prints
 * nanoseconds per read; JMH's own command line takes the usual options.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class DeepSliceBenchmark {
    /** Entry shape is side^4 float32 (side 32: 4 MiB). */
    @Param("32")
    int side;

    /** The sliced axis (0 = the first: contiguous; 3 = the last: strided). */
    @Param({"0", "1", "2", "3"})
    int depth;

    /** Positions taken on the sliced axis. */
    @Param({"1", "2"})
    int width;

    private Path root;
    private OfflineDataList list;
    private Index[] request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("ninjastore-deep-slice");
        int n = side * side * side * side;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = i;
        try (LardonParser p = Lardon.parser(null, root.resolve("ds"), CompileOptions.defaults())) {
            p.register(NdArray.of(values, side, side, side, side), Map.of());
        }
        list = OfflineDataList.open(root.resolve("ds"));
        request = new Index[depth + 2];
        Arrays.fill(request, Index.all());
        request[0] = Index.at(0); // the entry
        request[depth + 1] = Index.range(side / 2, side / 2 + width);
        System.out.println("DeepSliceBenchmark: entry " + side + "^4 float32, [" + Index.format(request) + "] returns "
                + list.get(request).arrays().getFirst().byteSize() + " bytes per read");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        list.close();
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** {@code width * side^3} elements, sliced on axis {@code depth}. */
    @Benchmark
    public NdArray slice() {
        return list.get(request).arrays().getFirst();
    }

    /** A short run: {@code mvn -B test-compile exec:exec@jmh -Djmh.args=DeepSlice} runs the same with JMH's CLI. */
    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                .include(DeepSliceBenchmark.class.getSimpleName())
                .warmupIterations(1).warmupTime(TimeValue.seconds(1))
                .measurementIterations(2).measurementTime(TimeValue.seconds(1))
                .forks(1)
                .build()).run();
    }
}
