package io.ninjastore.stream;

import java.util.Iterator;

/**
 * An iterator that may hold resources (open files, background threads, mapped memory) until it is
 * closed or runs to its end.
 *
 * <p>Thread-safety: one consumer thread at a time, like any iterator; {@link #close()} may be called
 * from the consumer thread only. Lifetime: whoever obtained the iterator closes it; closing is
 * idempotent, and an iterator that reached its end (or threw) has already released everything. An
 * iterator abandoned without closing has its background threads stopped once it becomes unreachable,
 * but that waits for the garbage collector: close it (try-with-resources) to stop work at once.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

    /** Stops any background work and releases resources; afterwards {@link #hasNext()} is false. */
    @Override
    void close();
}
