package io.ninjastore.stream;

import java.util.NoSuchElementException;

/**
 * The skeleton every operator's iterator shares: {@link #compute()} yields the next element or
 * {@link #end()}; the iterator closes itself (releasing upstream resources) when the end is
 * reached or {@code compute} throws, and {@link #close()} is idempotent. Elements may be null.
 * Not thread-safe.
 */
abstract class Lookahead<T> implements CloseableIterator<T> {
    private static final int UNKNOWN = 0, READY = 1, DONE = 2;
    private int state = UNKNOWN;
    private boolean closed;
    private T next;

    /** The next element, or the value of {@link #end()} when there is none. */
    protected abstract T compute();

    /** Releases what this iterator holds (upstream iterators, files, threads). Called once. */
    protected void release() {}

    /** Marks the end of the elements; return its result from {@link #compute()}. */
    protected final T end() {
        state = DONE;
        return null;
    }

    @Override
    public final boolean hasNext() {
        if (state == READY) return true;
        if (state == DONE) return false;
        T value;
        try {
            value = compute();
        } catch (RuntimeException | Error e) {
            closeAfterFailure(e);
            throw e;
        }
        if (state == DONE) {
            close();
            return false;
        }
        next = value;
        state = READY;
        return true;
    }

    @Override
    public final T next() {
        if (!hasNext()) throw new NoSuchElementException("no more elements");
        T v = next;
        next = null;
        state = UNKNOWN;
        return v;
    }

    @Override
    public final void close() {
        state = DONE;
        next = null;
        if (closed) return;
        closed = true;
        release();
    }

    private void closeAfterFailure(Throwable failure) {
        try {
            close();
        } catch (RuntimeException | Error e) {
            failure.addSuppressed(e);
        }
    }
}
