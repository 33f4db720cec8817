package io.ninjastore.stream;

import java.util.Iterator;
import java.util.function.Supplier;

/** Iterators over plain sources, opened lazily: nothing is called before the first {@code hasNext}. */
final class Sources {
    private Sources() {}

    /** An iterator that calls {@code generator} at its first {@code hasNext}, then delegates. */
    static <T> CloseableIterator<T> deferred(Supplier<? extends Iterator<? extends T>> generator) {
        return new Lookahead<>() {
            private Iterator<? extends T> it;

            @Override
            protected T compute() {
                if (it == null) {
                    it = generator.get();
                    if (it == null) throw new NullPointerException("the generator returned a null iterator");
                }
                return it.hasNext() ? it.next() : end();
            }

            @Override
            protected void release() {
                if (it != null) Closing.closeIfCloseable(it);
            }
        };
    }

    /**
     * {@code start, ..., end - 1}, counted by comparison: {@code end - start} overflows for spans
     * past {@code Long.MAX_VALUE} (e.g. from -1), and {@code next < end} keeps {@code next + 1} in range.
     */
    static CloseableIterator<Long> range(long start, long end) {
        return new Lookahead<>() {
            private long next = start;

            @Override
            protected Long compute() {
                if (next < end) return next++;
                return end();
            }
        };
    }

    /** {@code get.apply(start)}, ..., up to {@code end} (exclusive), read at the first {@code hasNext}. */
    static <T> CloseableIterator<T> indexed(java.util.function.LongSupplier length, java.util.function.LongFunction<T> get) {
        return new Lookahead<>() {
            private long n = -1;
            private long i;

            @Override
            protected T compute() {
                if (n < 0) n = length.getAsLong();
                return i < n ? get.apply(i++) : end();
            }
        };
    }
}
