package io.ninjastore.stream;

import io.ninjastore.array.NdArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Laziness, re-iteration, closing and background work, exceptions. */
class DatasetBehaviourTest {

    /** An endless source that counts how often it was opened, read and closed. */
    static final class Probe implements Iterable<Long> {
        final AtomicInteger opened = new AtomicInteger(), closed = new AtomicInteger(), read = new AtomicInteger();

        @Override
        public Iterator<Long> iterator() {
            opened.incrementAndGet();
            return new CloseableIterator<>() {
                long i;
                boolean done;

                @Override public boolean hasNext() { return !done; }

                @Override
                public Long next() {
                    read.incrementAndGet();
                    return i++;
                }

                @Override
                public void close() {
                    if (!done) closed.incrementAndGet();
                    done = true;
                }
            };
        }

        boolean balanced() { return opened.get() == closed.get(); }
    }

    @Test
    void buildingAndOpeningReadNothing() {
        Probe p = new Probe();
        Dataset<Long> ds = Dataset.of(p).map(x -> x + 1).filter(x -> true).shuffle(4, 1).batch(2, Remainder.KEEP, Collate.list())
                .flatMap(l -> l).skip(1).prefetch(2).mapParallel(2, x -> x).take(3);
        assertEquals(0, p.opened.get());
        try (CloseableIterator<Long> it = ds.iterator()) {
            assertEquals(0, p.opened.get(), "opening an iterator reads nothing either");
            assertTrue(it.hasNext());
        }
        assertEquals(1, p.opened.get());
        assertTrue(p.balanced(), "closed");
    }

    @Test
    void takeOfAnEndlessDatasetEndsAndClosesTheSource() {
        Probe p = new Probe();
        assertEquals(List.of(0L, 1L, 2L), Dataset.of(p).take(3).list());
        assertEquals(3, p.read.get());
        assertTrue(p.balanced());
        assertEquals(List.of(0L, 1L, 2L), Dataset.range(0, Long.MAX_VALUE).repeat().take(3).list());
    }

    @Test
    void reIterationReopensTheSourceAndGivesTheSameElements() {
        Probe p = new Probe();
        Dataset<Long> ds = Dataset.of(p).take(5).shuffle(3, 9);
        assertEquals(ds.list(), ds.list());
        assertEquals(2, p.opened.get(), "re-opened, not buffered");
        assertTrue(p.balanced());
    }

    @Test
    void terminalOperationsCloseTheIteration() {
        Probe p = new Probe();
        Dataset<Long> ds = Dataset.of(p);
        assertEquals(0L, ds.first());
        ds.take(4).forEach(x -> {});
        assertThrows(IllegalStateException.class, () -> ds.forEach(x -> { throw new IllegalStateException("stop"); }));
        try (Stream<Long> s = ds.stream()) {
            assertEquals(List.of(0L, 1L), s.limit(2).collect(Collectors.toList()));
        }
        assertEquals(4, p.opened.get());
        assertTrue(p.balanced());
        assertThrows(NoSuchElementException.class, () -> Dataset.of(List.of()).first());
    }

    @Test
    void userExceptionsOnTheConsumerThreadPropagateUnchanged() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Probe p = new Probe();
        Dataset<Long> ds = Dataset.of(p).map(x -> { if (x == 2) throw boom; return x; });
        try (CloseableIterator<Long> it = ds.iterator()) {
            it.next();
            it.next();
            assertSame(boom, assertThrows(IllegalArgumentException.class, it::next));
            assertFalse(it.hasNext(), "a failed iterator is finished");
        }
        assertTrue(p.balanced(), "and has closed its source");
    }

    @Test
    void userExceptionsFromBackgroundThreadsArriveWithTheOriginalCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        Probe p = new Probe();
        StreamException viaPool = assertThrows(StreamException.class,
                () -> Dataset.of(p).mapParallel(3, x -> { if (x == 5) throw boom; return x; }).list());
        assertSame(boom, viaPool.getCause());
        assertTrue(viaPool.getMessage().contains("element 5"), viaPool.getMessage());
        Probe q = new Probe();
        StreamException viaPrefetch = assertThrows(StreamException.class,
                () -> Dataset.of(q).map(x -> { if (x == 5) throw boom; return x; }).prefetch(2).list());
        assertSame(boom, viaPrefetch.getCause());
        assertTrue(p.balanced() && q.balanced(), "sources closed after failures");
        AssertionError err = new AssertionError("error");
        assertSame(err, assertThrows(AssertionError.class, () -> Dataset.range(3).mapParallel(2, x -> { throw err; }).list()));
    }

    @Test
    void anUpstreamFailureReachesMapParallelsConsumerAfterTheElementsBeforeIt() {
        // the upstream is read ahead of the consumer: its failure must wait for the elements in flight, as through map
        IllegalStateException boom = new IllegalStateException("boom");
        Probe p = new Probe();
        List<Long> got = new ArrayList<>();
        Dataset<Long> ds = Dataset.of(p).map(x -> { if (x == 10) throw boom; return x; }).mapParallel(2, 8, x -> x);
        try (CloseableIterator<Long> it = ds.iterator()) {
            assertSame(boom, assertThrows(IllegalStateException.class, () -> { while (it.hasNext()) got.add(it.next()); }));
            assertFalse(it.hasNext(), "a failed iterator is finished");
        }
        assertEquals(Dataset.range(10).list(), got);
        assertTrue(p.balanced());
    }

    @Test
    void aUserExceptionCrossingSeveralBackgroundStagesIsWrappedOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        Dataset<Long> failing = Dataset.range(10).map(x -> { if (x == 5) throw boom; return x; });
        for (Dataset<Long> ds : List.of(failing.prefetch(2).mapParallel(2, x -> x).prefetch(2),
                failing.mapParallel(2, x -> x).prefetch(3).prefetch(1),
                Dataset.range(2).mapParallel(2, i -> failing.prefetch(2).list().size()).map(n -> (long) n).prefetch(2))) {
            StreamException e = assertThrows(StreamException.class, ds::list, ds.toString());
            assertSame(boom, e.getCause(), ds + ": " + e);
        }
        // a StreamException a user function throws is the user's exception: it is the cause, not passed off as a wrapper
        StreamException own = new StreamException("mine", boom);
        StreamException e = assertThrows(StreamException.class, () -> Dataset.range(3).map(x -> { throw own; }).prefetch(2).list());
        assertSame(own, e.getCause());
    }

    @Test
    void rangesWiderThanLongMaxValueDoNotOverflow() {
        assertEquals(List.of(-1L, 0L, 1L), Dataset.range(-1, Long.MAX_VALUE).take(3).list());
        assertEquals(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1), Dataset.range(Long.MIN_VALUE, 0).take(2).list());
        assertEquals(List.of(Long.MIN_VALUE), Dataset.range(Long.MIN_VALUE, Long.MAX_VALUE).take(1).list());
        assertEquals(List.of(Long.MAX_VALUE - 2, Long.MAX_VALUE - 1), Dataset.range(Long.MAX_VALUE - 2, Long.MAX_VALUE).list(),
                "ends at the last long without wrapping round");
        assertEquals(List.of(), Dataset.range(Long.MAX_VALUE, Long.MIN_VALUE).list());
        assertEquals(List.of(), Dataset.range(5, 5).list());
    }

    @Test
    void closingEarlyStopsThePrefetchProducer() throws InterruptedException {
        Probe p = new Probe();
        Set<Thread> producers = ConcurrentHashMap.newKeySet(); // this iterator's, not those other tests left to the GC
        Dataset<Long> ds = Dataset.of(p).map(x -> {
            producers.add(Thread.currentThread());
            return x;
        }).prefetch(3);
        try (CloseableIterator<Long> it = ds.iterator()) {
            assertEquals(0L, it.next());
            assertEquals(1, producers.size());
            assertTrue(producers.iterator().next().getName().startsWith("ninjastore-prefetch"));
        }
        assertTrue(producers.stream().noneMatch(Thread::isAlive), "the producer has ended when close() returns");
        assertTrue(p.balanced(), "and closed the source on its way out");
        int readAtClose = p.read.get();
        Thread.sleep(50);
        assertEquals(readAtClose, p.read.get(), "nothing is read after close");
        assertTrue(readAtClose <= 1 + 3 + 1, "the producer ran at most its capacity ahead: " + readAtClose);
    }

    @Test
    void closingEarlyStopsMapParallelWorkersEvenMidTask() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        Probe p = new Probe();
        Set<Thread> workers = ConcurrentHashMap.newKeySet(); // this iterator's, not those other tests left to the GC
        Dataset<Long> ds = Dataset.of(p).mapParallel(2, 2, x -> {
            workers.add(Thread.currentThread());
            if (x == 1) {
                started.countDown();
                try {
                    Thread.sleep(60_000); // a slow task in flight when the consumer stops
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            }
            return x;
        });
        try (CloseableIterator<Long> it = ds.iterator()) {
            assertEquals(0L, it.next());
            assertTrue(started.await(30, TimeUnit.SECONDS));
        }
        assertEquals(1, interrupted.get(), "the in-flight task was interrupted");
        assertFalse(workers.isEmpty());
        assertTrue(workers.stream().noneMatch(Thread::isAlive), "the workers have ended when close() returns");
        assertTrue(p.balanced());
    }

    @Test
    void mapParallelBoundsTheWorkInFlight() {
        AtomicInteger running = new AtomicInteger(), maxSeen = new AtomicInteger();
        Probe p = new Probe();
        List<Long> got = Dataset.of(p).take(200).mapParallel(4, 6, x -> {
            maxSeen.accumulateAndGet(running.incrementAndGet(), Math::max);
            running.decrementAndGet();
            return x;
        }).list();
        assertEquals(200, got.size());
        assertTrue(maxSeen.get() <= 4, "never more tasks at once than threads: " + maxSeen.get());
        try (CloseableIterator<Long> it = Dataset.of(p).mapParallel(2, 6, x -> x).iterator()) {
            int before = p.read.get();
            it.next();
            assertTrue(p.read.get() - before <= 6, "read ahead at most maxInFlight: " + (p.read.get() - before));
        }
    }

    @Test
    void anAbandonedPrefetchIteratorIsStoppedOnceUnreachable() throws InterruptedException {
        Probe p = new Probe();
        abandon(Dataset.of(p).prefetch(2));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!p.balanced() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(p.balanced(), "the Cleaner stopped the producer and closed the source");
    }

    private static void abandon(Dataset<Long> ds) {
        Iterator<Long> it = ds.iterator();
        it.next(); // a for-each loop that breaks out leaves the iterator like this
    }

    @Test
    void batchOfUnbatchableElementsNamesTheType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.range(4).batch(2).first());
        assertTrue(e.getMessage().contains("java.lang.Long") && e.getMessage().contains("Collate.list()"), e.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(NdArray.of(new int[] {1}), NdArray.of(new int[] {1, 2})).batch(2).first());
        assertTrue(shapes.getMessage().contains("pad or crop"), shapes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).batch(0));
        assertThrows(IllegalArgumentException.class, () -> Dataset.range(3).shuffle(0, 1));
    }

    @Test
    void describesItsChain() {
        assertEquals("range(0, 10).map().shuffle(16, 7).take(3)", Dataset.range(10).map(x -> x).shuffle(16, 7).take(3).toString());
    }

    @Test
    void repeatOfAnEmptyDatasetEnds() {
        assertEquals(0, Dataset.of(List.of()).repeat().count());
        assertEquals(List.of(1, 2, 1, 2), Streamer.of(List.of(1, 2)).cycle().take(4).list());
    }
}
