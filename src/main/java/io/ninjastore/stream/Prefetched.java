package io.ninjastore.stream;

import java.lang.ref.Cleaner;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs the upstream iterator on a background producer thread that stays up to {@code capacity}
 * elements ahead. The upstream is opened, iterated and closed on that thread only.
 *
 * <p>Closing (or the consumer abandoning the iterator, via a {@link Cleaner}) stops the producer:
 * it is interrupted, closes the upstream, and has ended when {@link #close()} returns. A failure on
 * the producer reaches the consumer as a {@link StreamException} whose cause is the original.
 */
final class Prefetched<T> implements CloseableIterator<T> {
    private static final Object END = new Object();
    private static final Object NULL = new Object();

    private record Failure(Throwable error) {}

    private final Producer<T> producer;
    private final Cleaner.Cleanable cleanable;
    private Object pending;
    private boolean done;

    Prefetched(Streamer<T> upstream, long key, int capacity) {
        this.producer = new Producer<>(upstream, key, capacity);
        this.cleanable = Closing.CLEANER.register(this, producer);
    }

    @Override
    public boolean hasNext() {
        if (done) return false;
        if (pending == null) {
            producer.startOnce();
            try {
                pending = producer.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw StreamException.wrap("prefetch: interrupted while waiting for the producer", e);
            }
        }
        if (pending == END) {
            close();
            return false;
        }
        if (pending instanceof Failure f) {
            close();
            if (f.error() instanceof Error err) throw err;
            throw StreamException.wrap("prefetch: the producer thread failed", f.error());
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) throw new NoSuchElementException("no more elements");
        Object v = pending;
        pending = null;
        return v == NULL ? null : (T) v;
    }

    @Override
    public void close() {
        done = true;
        pending = null;
        cleanable.clean();
    }

    /** The producer thread's state; it must not reference the consumer-side iterator (Cleaner rule). */
    private static final class Producer<T> implements Runnable {
        final BlockingQueue<Object> queue;
        private final Streamer<T> upstream;
        private final long key;
        private Thread thread;
        private volatile boolean stopped;

        Producer(Streamer<T> upstream, long key, int capacity) {
            this.upstream = upstream;
            this.key = key;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        synchronized void startOnce() {
            if (thread != null || stopped) return;
            thread = new Thread(this::produce, "ninjastore-prefetch");
            thread.setDaemon(true);
            thread.start();
        }

        private void produce() {
            Object last = END;
            try (CloseableIterator<T> it = upstream.open(key)) {
                while (!stopped && it.hasNext()) {
                    T x = it.next();
                    queue.put(x == null ? NULL : x);
                }
            } catch (InterruptedException e) {
                return; // stopped by the consumer
            } catch (Throwable t) {
                last = new Failure(t);
            }
            if (stopped) return;
            try {
                queue.put(last);
            } catch (InterruptedException e) {
                // stopped while handing over the end: nobody is waiting for it
            }
        }

        /** Stops the producer and waits until it has closed the upstream. */
        @Override
        public void run() {
            Thread t;
            synchronized (this) {
                stopped = true;
                t = thread;
            }
            if (t == null || t == Thread.currentThread()) return;
            t.interrupt();
            boolean interrupted = false;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
