package io.ninjastore.stream;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * A re-startable generator (pescador's {@code Streamer}): a factory of iterators with its arguments
 * bound. Each {@link #open(long)} starts a fresh, independent iteration.
 *
 * <p><b>Keys.</b> {@code open(key)} takes a 64-bit key from which every random choice of that
 * iteration is derived (shuffle buffers, window offsets, mux draws); {@link #iterate()} is
 * {@code open(0)}. The same key gives the same sequence on every run and machine. A {@link Mux}
 * opens each activation of a sub-streamer with a fresh key drawn from its own seeded generator, and
 * {@link Dataset#repeat()} gives every repetition after the first its own key, so random streamers
 * do not replay the same numbers. Streamers that draw nothing ignore the key.
 *
 * <p>Thread-safety: a streamer must allow several iterations at once, from different threads; each
 * iterator is single-threaded. Lifetime: the caller closes each iterator it opens.
 */
@FunctionalInterface
public interface Streamer<T> {

    /** Starts an iteration whose randomness derives from {@code key}. */
    CloseableIterator<T> open(long key);

    /** {@code open(0)}. */
    default CloseableIterator<T> iterate() { return open(0); }

    /** At most {@code max} elements of {@code open(0)}; the iteration is closed when the limit is reached. */
    default CloseableIterator<T> iterate(long max) { return dataset().take(max).iterator(); }

    /**
     * Restarts forever: when an iteration ends, the next starts with a new key. Ends only if an
     * iteration yields nothing (restarting it again would spin).
     */
    default Dataset<T> cycle() { return dataset().repeat(); }

    /** This streamer as a {@link Dataset}, to apply operators. */
    default Dataset<T> dataset() { return Dataset.from(this); }

    /**
     * A streamer over {@code items}; each iteration calls {@code items.iterator()} anew, at its first
     * {@code hasNext}. A generator lambda {@code () -> iterator} is an {@link Iterable}; an
     * {@link AutoCloseable} iterator is closed when the iteration ends.
     */
    static <T> Streamer<T> of(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        return key -> Sources.deferred(items::iterator);
    }

    /** A streamer whose generator receives the iteration's key, to seed its own randomness. */
    static <T> Streamer<T> seeded(LongFunction<? extends Iterator<? extends T>> generator) {
        Objects.requireNonNull(generator, "generator");
        return key -> Sources.deferred(() -> generator.apply(key));
    }
}
