package io.ninjastore.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers the first iteration that runs to its end and replays it afterwards. An iteration
 * stopped early caches nothing; iterations running at the same time each read upstream until one
 * completes. The replay ignores keys: the cached order is the first completed one.
 */
final class Cached<T> extends Dataset<T> {
    private final Dataset<T> upstream;
    private final AtomicReference<List<T>> cache = new AtomicReference<>();

    Cached(Dataset<T> upstream) {
        super(upstream.description() + ".cache()");
        this.upstream = upstream;
    }

    @Override
    public CloseableIterator<T> open(long key) {
        List<T> done = cache.get();
        if (done != null) return Closing.adapt(done.iterator());
        CloseableIterator<T> up = upstream.open(key);
        return new Lookahead<>() {
            private final List<T> seen = new ArrayList<>();

            @Override
            protected T compute() {
                if (up.hasNext()) {
                    T x = up.next();
                    seen.add(x);
                    return x;
                }
                cache.compareAndSet(null, Collections.unmodifiableList(seen));
                return end();
            }

            @Override
            protected void release() { up.close(); }
        };
    }
}
