package io.ninjastore.stream;

/** take and skip. */
final class Slicing {
    private Slicing() {}

    /** The first {@code n} elements; upstream is closed as soon as the n-th is handed out. */
    static <T> CloseableIterator<T> take(CloseableIterator<T> up, long n) {
        return new Lookahead<>() {
            private long taken;

            @Override
            protected T compute() {
                if (taken >= n || !up.hasNext()) return end();
                taken++;
                T x = up.next();
                if (taken == n) up.close(); // release files and threads now, not when the consumer closes
                return x;
            }

            @Override
            protected void release() { up.close(); }
        };
    }

    /** Everything after the first {@code n} elements (which are read and dropped). */
    static <T> CloseableIterator<T> skip(CloseableIterator<T> up, long n) {
        return new Lookahead<>() {
            private boolean skipped;

            @Override
            protected T compute() {
                if (!skipped) {
                    skipped = true;
                    for (long i = 0; i < n && up.hasNext(); i++) up.next();
                }
                return up.hasNext() ? up.next() : end();
            }

            @Override
            protected void release() { up.close(); }
        };
    }
}
