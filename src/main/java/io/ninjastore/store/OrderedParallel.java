package io.ninjastore.store;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * {@code f(0), f(1), ...} computed on a fixed pool, yielded in index order, with at most
 * {@code window} results computed ahead: bounded memory whatever the count. Closing stops the pool.
 * Not thread-safe: one consumer.
 */
final class OrderedParallel<T> implements Iterator<T>, AutoCloseable {
    private final LongFunction<T> f;
    private final long count;
    private final int window;
    private final ExecutorService pool;
    private final ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
    private long submitted;
    private long taken;

    OrderedParallel(LongFunction<T> f, long count, int threads, int window) {
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive, got " + threads);
        this.f = f;
        this.count = count;
        this.window = Math.max(1, window);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ninjastore-producer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean hasNext() { return taken < count; }

    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        while (submitted < count && inFlight.size() < window) {
            long i = submitted++;
            inFlight.add(pool.submit(() -> f.apply(i)));
        }
        Future<T> fut = inFlight.poll();
        taken++;
        try {
            return fut.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException("producer failed at index " + (taken - 1), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for sample " + (taken - 1));
        }
    }

    @Override
    public void close() {
        for (Future<T> fu : inFlight) fu.cancel(true);
        pool.shutdownNow();
    }
}
