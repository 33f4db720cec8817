package io.ninjastore.store;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store closed while other threads read it (spec C-42): they get "already closed", never a crash or garbage. */
class ClosedReaderTest {
    @TempDir
    Path tmp;

    private Path build(Kind kind) throws IOException {
        Path dir = tmp.resolve(kind.name());
        CrashSamples.build(kind, dir, 3000, 1000, 300);
        return dir;
    }

    @Test
    @Spec({"C-42"})
    void readersRacingACloseGetAlreadyClosed() throws Exception {
        for (Kind kind : Kind.values()) {
            Path dir = build(kind);
            for (int round = 0; round < 30; round++) {
                Store s = CrashSamples.openReader(kind, dir);
                int readers = 3;
                CountDownLatch started = new CountDownLatch(readers);
                List<AtomicReference<Throwable>> ends = Stream.generate(() -> new AtomicReference<Throwable>()).limit(readers).toList();
                List<Thread> threads = ends.stream().map(end -> Thread.ofPlatform().start(() -> {
                    started.countDown();
                    try {
                        for (long i = 0; ; i = (i + 7) % s.length()) {
                            CrashSamples.check(s, i, 1000); // a wrong value would be an AssertionError
                            if (i % 5 == 0) s.refresh();
                        }
                    } catch (Throwable e) {
                        end.set(e);
                    }
                })).toList();
                started.await();
                Thread.sleep(round % 3);
                s.close();
                for (Thread t : threads) t.join(10_000);
                for (AtomicReference<Throwable> end : ends) {
                    Throwable e = end.get();
                    assertNotNull(e, "a reader was still running");
                    assertTrue(e instanceof IllegalStateException && e.getMessage().toLowerCase().contains("closed"),
                            () -> kind + ": expected 'already closed', got " + e);
                }
            }
        }
    }

    @Test
    @Spec({"C-41", "C-42"})
    void everyAccessAfterCloseSaysSo() throws IOException {
        Path dir = build(Kind.RAGGED);
        RaggedMmap r = RaggedMmap.open(dir);
        NdArray view = r.get(10);
        r.close();
        r.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.get(1));
        assertTrue(e.getMessage().contains(dir + " is already closed"), e.getMessage());
        assertThrows(IllegalStateException.class, r::length);
        assertThrows(IllegalStateException.class, r::refresh);
        assertThrows(IllegalStateException.class, view::copy, "views die with their store");
    }

    @Test
    @Spec({"C-41"})
    void viewsStayValidAcrossRefreshesUntilClose() throws IOException {
        Path dir = build(Kind.RAGGED);
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            NdArray early = r.get(2999);
            long[] before = early.copy().toLongArray();
            try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
                for (long n = 3000; n < 3600; n += 50) CrashSamples.append(w, n, n + 50, 1000); // grows past every mapping
            }
            r.refresh();
            assertEquals(3600, r.length());
            assertArrayEquals(before, early.copy().toLongArray(), "a view from before the store grew");
            CrashSamples.checkAll(r, 1000);
        }
    }
}
