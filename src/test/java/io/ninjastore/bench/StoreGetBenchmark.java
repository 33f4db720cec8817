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
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Single reads of each store kind (view and copy), bulk {@code get(long[])} of samples and strings, and string decoding,
 * at seeded random indices over warm stores. Reported as operations per second.
 *
 * <p>The {@code *Floor} methods do the same reads with none of the library: the store's files mapped
 * directly, two index loads, one copy (and, for strings, one {@code new String}). On a machine where
 * random reads are bound by memory latency they are what any JVM reader of this layout can reach, so
 * the ratio of a library method to its floor, measured in one run, is the library's own cost. That
 * cost includes the checks the spec requires and the floors skip: bounds, and for a ragged sample the
 * read of its recorded shape (F-16).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class StoreGetBenchmark {
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Param("20000")
    int samples;

    private Path root;
    private RaggedMmap ragged;
    private StringsMmap strings;
    private NumpyMmap dense;
    private long[] idx;
    private long[] bulk;
    private final long[] window = new long[256];
    private int cursor;
    private Arena floorArena;
    private Mapped raggedFiles;
    private Mapped stringFiles;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = BenchData.tempDir("ninjastore-jmh-get");
        ragged = RaggedMmap.open(BenchData.ragged(root.resolve("ragged"), samples));
        strings = StringsMmap.open(BenchData.strings(root.resolve("strings"), samples));
        dense = NumpyMmap.open(BenchData.dense(root.resolve("dense"), samples));
        idx = BenchData.indices(samples, 1 << 16, 7);
        bulk = BenchData.indices(samples, 64, 8);
        floorArena = Arena.ofShared();
        raggedFiles = Mapped.of(root.resolve("ragged"), floorArena);
        stringFiles = Mapped.of(root.resolve("strings"), floorArena);
        System.out.println("StoreGetBenchmark: " + samples + " samples per store under " + root);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ragged.close();
        strings.close();
        dense.close();
        floorArena.close();
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
    public float[] raggedGetCopyFloor() {
        long i = next();
        long s = raggedFiles.start(i), e = raggedFiles.end(i);
        float[] out = new float[(int) (e - s)];
        MemorySegment.copy(raggedFiles.data, FLOAT_LE, s * Float.BYTES, out, 0, out.length);
        return out;
    }

    @Benchmark
    public String stringsGet() {
        return strings.get(next());
    }

    /**
     * 256 strings per call, at the next 256 random indices (not the same ones each call, which would
     * stay in cache): ops/s x 256 against {@link #stringsGet} is what a bulk read gains per string.
     */
    @Benchmark
    public List<String> stringsBulkGet256() {
        int at = (cursor & (idx.length - 1)) & -window.length;
        cursor = at + window.length;
        System.arraycopy(idx, at, window, 0, window.length);
        return strings.get(window);
    }

    @Benchmark
    public String stringsGetFloor() {
        long i = next();
        long s = stringFiles.start(i), e = stringFiles.end(i);
        byte[] b = new byte[(int) (e - s)];
        MemorySegment.copy(stringFiles.data, ValueLayout.JAVA_BYTE, s, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
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

    /** A ragged or strings store's data and offset files, mapped read-only with no checks: the floors' input. */
    private record Mapped(MemorySegment data, MemorySegment starts, MemorySegment ends) {
        static Mapped of(Path dir, Arena arena) throws IOException {
            return new Mapped(map(dir.resolve("data.ninja"), arena), map(dir.resolve("starts/data.ninja"), arena),
                    map(dir.resolve("ends/data.ninja"), arena));
        }

        private static MemorySegment map(Path file, Arena arena) throws IOException {
            try (FileChannel ch = FileChannel.open(file)) {
                return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
        }

        long start(long i) { return starts.get(LONG_LE, i * Long.BYTES); }

        long end(long i) { return ends.get(LONG_LE, i * Long.BYTES); }
    }
}
