package io.ninjastore.store;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer (spec C-20..C-22): a second one, in this JVM or another process, is refused; a dead one blocks nobody. */
@Tag("crash")
class LockTest {
    @TempDir
    Path tmp;

    private Path store() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("a", "b")).close();
        return dir;
    }

    private static String tryInChild(Path dir) throws Exception {
        Process p = CrashChild.start("try", dir.toString());
        String line = CrashChild.awaitLine(CrashChild.stdout(p), "");
        p.waitFor();
        return line;
    }

    /**
     * The refused writer must not release the holder's OS lock: on Linux the lock belongs to the
     * process and closing any descriptor of the file drops it, so a refused writer that had opened
     * the lock file would let another process in.
     */
    @Test
    @Spec({"C-20", "C-21"})
    void aSecondWriterInThisJvmIsRefusedAndTheLockStaysHeld() throws Exception {
        Path dir = store();
        try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> StringsMmap.openWritable(dir, WriteOptions.defaults()));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()) && e.getMessage().contains("in this JVM"), e.getMessage());
            assertThrows(StoreLockedException.class, () -> Stores.openWritable(dir, WriteOptions.defaults()));
            String child = tryInChild(dir);
            assertNotNull(child);
            assertTrue(child.startsWith("REFUSED") && child.contains("pid " + ProcessHandle.current().pid()), child);
            w.append("c"); // still the writer
        }
        assertTrue(tryInChild(dir).startsWith("ACQUIRED 3"), "closing released the lock");
    }

    @Test
    @Spec({"C-21", "F-35"})
    void aWriterInAnotherProcessIsRefusedByName() throws Exception {
        Path dir = store();
        Process holder = CrashChild.start("hold", dir.toString());
        try {
            BufferedReader out = CrashChild.stdout(holder);
            assertNotNull(CrashChild.awaitLine(out, "HOLDING"));
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> StringsMmap.openWritable(dir, WriteOptions.defaults()));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
            try (StringsMmap r = StringsMmap.open(dir)) { // readers take no lock
                assertEquals(2, r.length());
            }
            holder.getOutputStream().close(); // lets it close the store and exit
            assertEquals(0, holder.waitFor());
        } finally {
            holder.destroyForcibly();
        }
        StringsMmap.openWritable(dir, WriteOptions.defaults()).close();
    }

    @Test
    @Spec({"C-22"})
    void aKilledWritersLockDoesNotBlock() throws Exception {
        Path dir = store();
        Process holder = CrashChild.start("hold", dir.toString());
        assertNotNull(CrashChild.awaitLine(CrashChild.stdout(holder), "HOLDING"));
        assertThrows(StoreLockedException.class, () -> StringsMmap.openWritable(dir, WriteOptions.defaults()));
        CrashChild.kill(holder);
        try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
            w.append("after the crash");
            assertEquals(3, w.length());
        }
    }

    @Test
    @Spec({"C-20", "C-21"})
    void ofManyThreadsRacingExactlyOneWrites() throws Exception {
        Path dir = store();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1), done = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
                        done.await(); // hold it until every other thread has tried
                        return true;
                    } catch (StoreLockedException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            Thread.sleep(200);
            done.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) winners += f.get() ? 1 : 0;
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A build that would replace a store another writer has open is refused, not swapped in under it. */
    @Test
    @Spec({"C-21", "C-30"})
    void replacingAStoreAWriterHasOpenIsRefused() throws Exception {
        Path dir = store();
        try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
            assertThrows(StoreLockedException.class, () -> StringsMmap.fromStrings(dir, List.of("x"),
                    WriteOptions.defaults().withReplaceExisting(true)));
            w.append("kept");
        }
        try (StringsMmap r = StringsMmap.open(dir)) {
            assertEquals(List.of("a", "b", "kept"), List.copyOf(r));
        }
        StringsMmap.fromStrings(dir, List.of("x"), WriteOptions.defaults().withReplaceExisting(true)).close();
        try (StringsMmap r = StringsMmap.open(dir)) {
            assertEquals(List.of("x"), List.copyOf(r));
        }
    }
}
