package io.ninjastore.cli;

import java.io.IOException;

/**
 * Receives the samples {@link SampleReader} reads. An array passed to {@link #accept} may be a view
 * of a mapped file that is unmapped once {@code accept} returns: a sink that keeps it copies it.
 */
interface Sink<T> {
    void accept(T item) throws IOException;

    /** A sink that only lets the reader check everything (append's first pass). */
    static <T> Sink<T> discard() { return item -> { }; }
}
