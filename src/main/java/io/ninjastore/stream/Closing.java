package io.ninjastore.stream;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.List;

/** Closing helpers: closing several things so that one failure does not leak the rest. */
final class Closing {
    /** Stops background work of iterators a consumer abandoned without closing them. */
    static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "ninjastore-stream-cleaner");
        t.setDaemon(true);
        return t;
    });

    private Closing() {}

    /** Closes {@code it} when it is {@link AutoCloseable} (a plain iterator holds nothing to close). */
    static void closeIfCloseable(Object it) {
        if (it instanceof CloseableIterator<?> c) {
            c.close();
        } else if (it instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw StreamException.wrap("closing " + it + " failed", e);
            }
        }
    }

    /** Closes an I/O resource of {@code source} (a file name), an I/O failure rethrown unchecked naming it. */
    static void closeResource(java.io.Closeable resource, Object source) {
        if (resource == null) return;
        try {
            resource.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(source + ": close failed: " + e.getMessage(), e);
        }
    }

    /** Closes every element, the first failure thrown with the others suppressed. */
    static void closeAll(List<?> items) {
        RuntimeException first = null;
        for (Object o : items) {
            try {
                closeIfCloseable(o);
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    /** Adapts a plain iterator; closing closes it if it is {@link AutoCloseable}. */
    static <T> CloseableIterator<T> adapt(Iterator<? extends T> it) {
        if (it instanceof CloseableIterator<?> c) {
            @SuppressWarnings("unchecked") CloseableIterator<T> same = (CloseableIterator<T>) c;
            return same;
        }
        return new Lookahead<>() {
            @Override
            protected T compute() { return it.hasNext() ? it.next() : end(); }

            @Override
            protected void release() { closeIfCloseable(it); }
        };
    }
}
