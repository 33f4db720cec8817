package io.ninjastore.stream;

import java.io.IOException;
import java.util.Iterator;

/**
 * Where {@link Dataset#write(Sink)} sends one iteration: a file, a store. {@link Writers} makes them.
 * A sink may be used for several writes, one at a time.
 *
 * @param <T> the elements it takes
 * @param <R> what a write gives back (the path written, or the new store, which the caller closes)
 */
@FunctionalInterface
public interface Sink<T, R> {

    /** Consumes {@code items} to their end (the caller closes the iteration). */
    R write(Iterator<? extends T> items) throws IOException;
}
