package io.ninjastore.stream;

import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Predicate;

/** Element-wise operators run on the consumer's thread: map, filter, flatMap. */
final class Transforms {
    private Transforms() {}

    static <T, R> CloseableIterator<R> map(CloseableIterator<T> up, Function<? super T, ? extends R> fn) {
        return new Lookahead<>() {
            @Override
            protected R compute() { return up.hasNext() ? fn.apply(up.next()) : end(); }

            @Override
            protected void release() { up.close(); }
        };
    }

    static <T> CloseableIterator<T> filter(CloseableIterator<T> up, Predicate<? super T> keep) {
        return new Lookahead<>() {
            @Override
            protected T compute() {
                while (up.hasNext()) {
                    T x = up.next();
                    if (keep.test(x)) return x;
                }
                return end();
            }

            @Override
            protected void release() { up.close(); }
        };
    }

    /** Each element's iterable is iterated (and closed, if it is closeable) before the next element is read. */
    static <T, R> CloseableIterator<R> flatMap(CloseableIterator<T> up, Function<? super T, ? extends Iterable<? extends R>> fn) {
        return new Lookahead<>() {
            private Iterator<? extends R> inner;

            @Override
            protected R compute() {
                while (true) {
                    if (inner != null && inner.hasNext()) return inner.next();
                    closeInner();
                    if (!up.hasNext()) return end();
                    Iterable<? extends R> items = fn.apply(up.next());
                    inner = items == null ? null : items.iterator();
                }
            }

            private void closeInner() {
                Iterator<? extends R> it = inner;
                inner = null;
                if (it != null) Closing.closeIfCloseable(it);
            }

            @Override
            protected void release() {
                try {
                    closeInner();
                } finally {
                    up.close();
                }
            }
        };
    }
}
