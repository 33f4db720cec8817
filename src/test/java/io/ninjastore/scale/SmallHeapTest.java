package io.ninjastore.scale;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.WriteOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data lives in mapped memory, not on the heap: a child JVM with {@code -Xmx64m} reads a 1 GiB store
 * at random, and builds a 512 MiB ragged store from a generator (memory bounded by the batch, not the
 * store). Tag {@code large}: the read needs only a few KiB of disk (a sparse file), the build 512 MiB.
 */
@Tag("large")
class SmallHeapTest {
    @TempDir
    Path tmp;

    private static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), SmallHeapChild.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child timed out");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    @Test
    void aSixtyFourMegabyteHeapReadsAOneGibibyteStoreAtRandom() throws Exception {
        Path dir = tmp.resolve("big");
        try (NumpyMmap s = NumpyMmap.create(dir, DType.FLOAT32, new long[] {256}, WriteOptions.defaults())) {
            s.append(NdArray.of(new float[256]));
        }
        long rows = (1L << 30) / 1024; // 1 GiB of 1 KiB rows, as a sparse file: zeros but for the last row
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("data.ninja").toFile(), "rw")) {
            f.setLength(rows * 1024);
            f.seek((rows - 1) * 1024 + 1020);
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(7f).array());
        }
        Files.write(dir.resolve("shape.ninja"), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(rows).putLong(256).array());
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(7f, s.get(rows - 1).getFloat(255));
        }
        String out = run("read", dir.toString(), "200000");
        assertTrue(out.startsWith("OK "), out);
    }

    @Test
    void aSixtyFourMegabyteHeapBuildsAFiveHundredMegabyteStoreFromAGenerator() throws Exception {
        Path dir = tmp.resolve("built");
        long samples = 32 * 1024; // x 16 KiB = 512 MiB
        String out = run("build", dir.toString(), Long.toString(samples));
        assertEquals("OK " + (samples + samples - 1), out);
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(samples, r.length());
            assertEquals(512L << 20, Files.size(dir.resolve("data.ninja")));
        }
    }
}
