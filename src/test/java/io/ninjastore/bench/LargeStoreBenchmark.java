package io.ninjastore.bench;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
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
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Random row copies (1 KiB rows) from a dense store whose data file is {@code gib} GiB: 5 GiB against
 * a 1/16 GiB one shows that reads past 4 GiB cost what reads of a small store cost. The large file is
 * sparse (almost no disk); rows are read within a 64 MiB window at a random place, the same working
 * set in both, so the figure compares addressing, not the page cache.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class LargeStoreBenchmark {
    @Param({"0.0625", "5"})
    double gib;

    private Path root;
    private NumpyMmap store;
    private long[] idx;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = BenchData.tempDir("ninjastore-jmh-large");
        Path dir = root.resolve("d");
        try (NumpyMmap s = NumpyMmap.create(dir, DType.FLOAT32, new long[] {256}, WriteOptions.defaults())) {
            s.append(NdArray.of(new float[256]));
        }
        long rows = (long) (gib * (1L << 30)) / 1024;
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data.ninja").toFile(), "rw")) {
            f.setLength(rows * 1024);
        }
        Files.write(dir.resolve("shape.ninja"), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(rows).putLong(256).array());
        store = NumpyMmap.open(dir);
        long window = 64 * 1024; // 64 MiB of rows, placed at the end of the file (past 4 GiB for the large one)
        long base = rows - window;
        idx = BenchData.indices(window, 1 << 16, 11);
        for (int i = 0; i < idx.length; i++) idx[i] += base;
        System.out.println("LargeStoreBenchmark: " + rows + " rows (" + gib + " GiB), reading rows from " + base);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        BenchData.deleteTree(root);
    }

    @Benchmark
    public float[] randomRowCopy() {
        float[] row = new float[256];
        store.get(idx[cursor++ & (idx.length - 1)]).copyTo(row, 0);
        return row;
    }
}
