package io.ninjastore.store;

import java.io.IOException;
import java.io.UncheckedIOException;

/** What the stores that are {@link java.util.List}s ({@link RaggedMmap}, {@link StringsMmap}) do alike as Lists. */
final class StoreLists {
    private StoreLists() {}

    /**
     * {@link java.util.List#set}, which cannot throw {@link IOException}: runs {@code write} (the store's
     * own {@code set(long, E)}), rethrowing its IOException as an {@link UncheckedIOException}, and returns
     * {@code old}, the element read before it.
     */
    static <E> E set(E old, StoreHandle.Step write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return old;
    }
}
