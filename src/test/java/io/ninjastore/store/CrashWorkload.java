package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.store.CrashSamples.Kind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer workload whose progress is known from outside: it builds a store of one kind from a
 * generator (if the path holds none) and then appends batches of random sizes, keeping
 * {@link #acked} (samples whose commit has returned: the durability guarantee) and
 * {@link #attempted} (samples handed to the store: the most a reader may see). After a crash,
 * {@link #checkRecovered} checks what the issue asks: a correct prefix between the two, a repair on
 * open for write, and appends continuing right after the prefix.
 *
 * <p>Used in this JVM with a fault-injecting file layer, and in a child JVM killed with SIGKILL
 * ({@link CrashChild}). Not thread-safe; the counters are volatile so a watcher may read them.
 */
final class CrashWorkload {
    final Kind kind;
    final Path dir;
    final long nestedFrom;
    final WriteOptions options;
    volatile long acked;
    volatile long attempted;
    /** Told of every change of the counters, before the store is given the samples it counts. */
    Runnable onProgress = () -> { };

    CrashWorkload(Kind kind, Path dir, long nestedFrom, WriteOptions options) {
        this.kind = kind;
        this.dir = dir;
        this.nestedFrom = nestedFrom;
        this.options = options;
    }

    /** Builds (when absent) and appends until the store holds {@code total} samples. */
    void run(long total, RandomGenerator rnd) throws IOException {
        Store s = null;
        try {
            if (Builds.occupied(dir)) {
                s = CrashSamples.openWritable(kind, dir, options);
                acked = attempted = s.length();
                onProgress.run();
            } else {
                int batch = 1 + rnd.nextInt(8);
                long first = Math.min(total, batch * (1L + rnd.nextInt(3)));
                s = build(first, batch);
            }
            while (s.length() < total) {
                long from = s.length(), to = Math.min(total, from + 1 + rnd.nextInt(12));
                attempted = to;
                onProgress.run();
                CrashSamples.append(s, from, to, nestedFrom);
                acked = to;
                onProgress.run();
            }
        } finally {
            if (s != null) s.close();
        }
    }

    /** Builds a store of {@code count} (at least 1) samples from a generator, committing every {@code batch}. */
    private Store build(long count, int batch) throws IOException {
        acked = attempted = 0;
        long n = Math.max(1, count);
        Store s = switch (kind) {
            case RAGGED -> RaggedMmap.fromGenerator(dir, tracked(CrashSamples.arrays(kind, 0, n, nestedFrom), batch), batch, DType.INT64, options);
            case DENSE -> NumpyMmap.fromGenerator(dir, tracked(CrashSamples.arrays(kind, 0, n, nestedFrom), batch), batch, options);
            case STRINGS -> StringsMmap.fromGenerator(dir, tracked(Stream.iterate(0L, i -> i < n, i -> i + 1).map(CrashSamples::string)
                    .iterator(), batch), batch, options);
        };
        acked = attempted = n;
        onProgress.run();
        return s;
    }

    /**
     * Counts what a build has been given. When item {@code j} is asked for, every whole batch before it
     * has been committed: the build appends a batch before it takes the next item.
     */
    private <T> Iterator<T> tracked(Iterator<T> items, int batch) {
        return new Iterator<>() {
            long j;

            @Override public boolean hasNext() { return items.hasNext(); }

            @Override
            public T next() {
                if (!items.hasNext()) throw new NoSuchElementException();
                acked = Math.max(acked, j / batch * batch);
                attempted = ++j;
                onProgress.run();
                return items.next();
            }
        };
    }

    /**
     * After a crash: a reader sees a correct prefix of at least {@code minimum} and at most
     * {@link #attempted} samples; opening for write repairs the store (spec C-10: every file cut back
     * to the prefix, nothing left past it, deep verification clean and fully checksummed); an append
     * lands right after the prefix. Returns the new length (prefix + 1), or 0 when no store exists
     * (allowed only when {@code minimum} is 0).
     */
    long checkRecovered(long minimum, WriteOptions repairOptions) throws IOException {
        if (!Builds.occupied(dir)) {
            assertEquals(0, minimum, dir + " is gone but " + minimum + " samples were committed");
            return 0;
        }
        long n;
        try (Store r = open()) {
            n = r.length();
            assertTrue(n >= minimum && n <= Math.max(attempted, minimum), dir + ": " + n + " samples, expected between " + minimum
                    + " and " + attempted);
            CrashSamples.checkAll(r, nestedFrom);
        }
        try (Store w = CrashSamples.openWritable(kind, dir, repairOptions)) {
            // Opening for write cuts nothing readers saw, and may complete a commit the writer had
            // prepared in shape.ninja.xchg when it was killed (spec C-16): never more than it attempted.
            long repaired = w.length();
            assertTrue(repaired >= n && repaired <= Math.max(attempted, n), dir + ": opening for write went from " + n
                    + " to " + repaired + " samples; attempted " + attempted);
            CrashSamples.checkAll(w, nestedFrom);
            n = repaired;
        }
        VerifyReport report = StoreVerifier.verify(dir, true);
        assertTrue(report.healthy(), () -> "after repair: " + report);
        assertTrue(report.notes().isEmpty(), () -> "the repair left: " + report.notes());
        assertTrue(report.unchecksummed().isEmpty(), () -> "unchecksummed after repair: " + report.unchecksummed());
        try (Store w = CrashSamples.openWritable(kind, dir, repairOptions)) {
            CrashSamples.append(w, n, n + 1, nestedFrom);
        }
        try (Store r = open()) {
            assertEquals(n + 1, r.length());
            CrashSamples.check(r, n, nestedFrom);
        }
        return n + 1;
    }

    Store open() throws IOException { return CrashSamples.openReader(kind, dir); }

    /** Abandoned {@code .NAME.building-*} directories beside the store. */
    long leftoverBuilds() throws IOException {
        String prefix = "." + dir.getFileName() + Builds.BUILDING;
        try (Stream<Path> s = Files.list(dir.toAbsolutePath().getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }
}
