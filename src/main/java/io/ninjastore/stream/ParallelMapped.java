package io.ninjastore.stream;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code fn} applied on a pool of {@code threads} worker threads, results handed out in input order,
 * with at most {@code maxInFlight} elements read ahead of the consumer. The upstream is read on the
 * consumer's thread; what it throws reaches the consumer unchanged, after the elements read before
 * it, at the same position as through {@code map}.
 *
 * <p>Closing (or abandoning, via a {@link Cleaner}) cancels the work in flight, interrupts the
 * workers and waits for their threads to end. A failure of {@code fn} reaches the consumer as a
 * {@link StreamException} naming the element's position, whose cause is the original exception.
 */
final class ParallelMapped<T, R> implements CloseableIterator<R> {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Workers<T, R> workers;
    private final Cleaner.Cleanable cleanable;
    private final Function<? super T, ? extends R> fn;
    private final int maxInFlight;
    private long handedOut;
    private boolean done;

    ParallelMapped(CloseableIterator<T> up, int threads, int maxInFlight, Function<? super T, ? extends R> fn) {
        this.fn = fn;
        this.maxInFlight = maxInFlight;
        this.workers = new Workers<>(up, threads);
        this.cleanable = Closing.CLEANER.register(this, workers);
    }

    @Override
    public boolean hasNext() {
        if (done) return false;
        workers.fill(fn, maxInFlight);
        if (workers.inFlight.isEmpty()) {
            Throwable failure = workers.upstreamFailure;
            close();
            if (failure instanceof Error err) throw err;
            if (failure != null) throw (RuntimeException) failure;
            return false;
        }
        return true;
    }

    @Override
    public R next() {
        if (!hasNext()) throw new NoSuchElementException("no more elements");
        Future<R> f = workers.inFlight.poll();
        long position = handedOut++;
        try {
            return f.get();
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof Error err) throw err;
            throw StreamException.wrap("mapParallel: the function failed on element " + position, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw StreamException.wrap("mapParallel: interrupted while waiting for element " + position, e);
        } catch (CancellationException e) {
            close();
            throw StreamException.wrap("mapParallel: element " + position + " was cancelled", e);
        }
    }

    @Override
    public void close() {
        done = true;
        cleanable.clean();
    }

    /** The pool and the work in flight; must not reference the consumer-side iterator (Cleaner rule). */
    private static final class Workers<T, R> implements Runnable {
        final ArrayDeque<Future<R>> inFlight = new ArrayDeque<>();
        /** What reading the upstream threw: rethrown once the elements read before it are handed out. */
        Throwable upstreamFailure;
        private final CloseableIterator<T> up;
        private final int threads;
        private ExecutorService pool;
        /** Every thread the pool made: joined on close, since the pool ends its tasks before its threads die. */
        private final List<Thread> made = new CopyOnWriteArrayList<>();
        private boolean stopped;

        Workers(CloseableIterator<T> up, int threads) {
            this.up = up;
            this.threads = threads;
        }

        void fill(Function<? super T, ? extends R> fn, int maxInFlight) {
            try {
                while (upstreamFailure == null && inFlight.size() < maxInFlight && up.hasNext()) {
                    T x = up.next();
                    inFlight.add(pool().submit(() -> fn.apply(x)));
                }
            } catch (RuntimeException | Error e) {
                upstreamFailure = e; // read ahead of the consumer: it comes after the elements in flight, as in map
            }
        }

        private ExecutorService pool() {
            if (pool == null) {
                int id = POOLS.incrementAndGet();
                AtomicInteger n = new AtomicInteger();
                pool = Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "ninjastore-mapParallel-" + id + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    made.add(t);
                    return t;
                });
            }
            return pool;
        }

        /** Cancels everything and waits for the worker threads to end, then closes the upstream. */
        @Override
        public void run() {
            if (stopped) return;
            stopped = true;
            for (Future<R> f : inFlight) f.cancel(true);
            inFlight.clear();
            try {
                if (pool != null) {
                    pool.shutdownNow();
                    pool.close(); // waits for running tasks to observe the interrupt and end
                    joinWorkers(); // their threads outlive the pool's termination by a moment
                }
            } finally {
                up.close();
            }
        }

        /** Waits for every worker thread to die; an interrupt of the closing thread is kept for its caller. */
        private void joinWorkers() {
            boolean interrupted = false;
            for (Thread t : made) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
