package io.ninjastore.store;

import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer, many readers (spec C-5, C-40, C-41): reader threads and a reader process refresh
 * while a writer appends, and every sample they see must be whole and right ({@link CrashSamples}
 * content is a function of the index), every length must only grow.
 */
@Tag("crash")
class ConcurrencyTest {
    private static final long SEED = Long.getLong("ninjastore.seed", System.nanoTime());

    static {
        System.out.println("ConcurrencyTest seed: " + SEED);
    }

    @TempDir
    Path tmp;

    private Path start(Kind kind) throws IOException {
        Path dir = tmp.resolve(kind.name());
        CrashSamples.build(kind, dir, 5, 700, 5);
        return dir;
    }

    /**
     * A writer appends batches (for ragged, across the flat-to-nested conversion at sample 700) while
     * three threads each refresh their own reader and two threads share one reader, one refreshing
     * and one reading at random.
     */
    @Test
    @Spec({"C-5", "C-40", "C-41", "C-44"})
    void readerThreadsNeverSeeAPartialSample() throws Exception {
        for (Kind kind : Kind.values()) {
            Path dir = start(kind);
            long total = 1500;
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                threads.add(Thread.ofPlatform().name("reader-" + t).start(() -> {
                    try (Store r = CrashSamples.openReader(kind, dir)) {
                        long seen = 0;
                        while (!done.get() || seen < total) {
                            r.refresh();
                            long n = r.length();
                            if (n < seen) throw new AssertionError("length went back from " + seen + " to " + n);
                            for (long i = seen; i < n; i++) CrashSamples.check(r, i, 700);
                            seen = n;
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            Store shared = CrashSamples.openReader(kind, dir);
            threads.add(Thread.ofPlatform().name("shared-refresher").start(() -> {
                try {
                    while (!done.get()) shared.refresh();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
            threads.add(Thread.ofPlatform().name("shared-reader").start(() -> {
                Random rnd = new Random(SEED);
                try {
                    while (!done.get()) {
                        long n = shared.length();
                        CrashSamples.check(shared, rnd.nextLong(n), 700);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
            Random rnd = new Random(SEED + kind.ordinal());
            try (Store w = CrashSamples.openWritable(kind, dir, WriteOptions.defaults())) {
                for (long n = w.length(); n < total; ) {
                    long to = Math.min(total, n + 1 + rnd.nextInt(40));
                    CrashSamples.append(w, n, to, 700);
                    n = to;
                }
            } finally {
                done.set(true);
                for (Thread t : threads) t.join(60_000);
                shared.close();
            }
            assertTrue(failures.isEmpty(), () -> kind + ": " + failures);
            try (Store r = CrashSamples.openReader(kind, dir)) {
                assertEquals(total, r.length());
            }
        }
    }

    /** A reader in another process follows a writer in this one. */
    @Test
    @Spec({"C-5", "C-40", "C-44"})
    void aReaderProcessNeverSeesAPartialSample() throws Exception {
        Path dir = start(Kind.RAGGED);
        long total = 1200;
        Process reader = CrashChild.start("read", dir.toString(), "700", Long.toString(total));
        try {
            BufferedReader out = CrashChild.stdout(reader);
            assertNotNull(CrashChild.awaitLine(out, "READY"));
            Random rnd = new Random(SEED);
            try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
                for (long n = w.length(); n < total; ) {
                    long to = Math.min(total, n + 1 + rnd.nextInt(30));
                    CrashSamples.append(w, n, to, 700);
                    n = to;
                }
            }
            String verdict = CrashChild.awaitLine(out, "");
            assertNotNull(verdict, "the reader process died");
            assertTrue(verdict.startsWith("OK " + total), verdict);
            assertEquals(0, reader.waitFor());
        } finally {
            reader.destroyForcibly();
        }
    }

    /** Two writers in one JVM: the second is refused while the first appends, and readers carry on. */
    @Test
    @Spec({"C-21"})
    void aSecondWriterThreadIsRefusedWhileTheFirstAppends() throws Exception {
        Path dir = start(Kind.STRINGS);
        try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
            List<Throwable> refused = new ArrayList<>();
            Thread second = Thread.ofPlatform().start(() -> {
                try {
                    StringsMmap.openWritable(dir, WriteOptions.defaults()).close();
                } catch (Throwable e) {
                    refused.add(e);
                }
            });
            CrashSamples.append(w, 5, 50, 0);
            second.join();
            assertEquals(1, refused.size());
            assertTrue(refused.getFirst() instanceof StoreLockedException, refused.toString());
        }
        try (StringsMmap r = StringsMmap.open(dir)) {
            assertEquals(50, r.length());
            CrashSamples.checkAll(r, 0);
        }
    }
}
