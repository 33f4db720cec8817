package io.ninjastore.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Operators over several streamers: concat, round robin and zip. Each part is opened with the same
 * key, so parts that shuffle with the same seed stay aligned (what {@code zip} needs).
 */
final class Combining {
    private Combining() {}

    /** Each part in turn; a part is opened when the previous one ends, and closed when it ends. */
    static <T> CloseableIterator<T> concat(List<? extends Streamer<? extends T>> parts, long key) {
        return new Lookahead<>() {
            private int at;
            private CloseableIterator<? extends T> cur;

            @Override
            protected T compute() {
                while (true) {
                    if (cur == null) {
                        if (at >= parts.size()) return end();
                        cur = parts.get(at++).open(key);
                    }
                    if (cur.hasNext()) return cur.next();
                    cur.close();
                    cur = null;
                }
            }

            @Override
            protected void release() {
                if (cur != null) cur.close();
            }
        };
    }

    /** One element from each part in turn, skipping parts that ended, until all have ended. */
    static <T> CloseableIterator<T> roundRobin(List<? extends Streamer<? extends T>> parts, long key) {
        return new Lookahead<>() {
            private List<CloseableIterator<? extends T>> open;
            private int at;

            @Override
            protected T compute() {
                if (open == null) {
                    open = new ArrayList<>(parts.size());
                    for (Streamer<? extends T> p : parts) open.add(p.open(key));
                }
                while (!open.isEmpty()) {
                    if (at >= open.size()) at = 0;
                    CloseableIterator<? extends T> it = open.get(at);
                    if (it.hasNext()) {
                        at++;
                        return it.next();
                    }
                    it.close();
                    open.remove(at);
                }
                return end();
            }

            @Override
            protected void release() {
                if (open != null) Closing.closeAll(open);
            }
        };
    }

    /** Lists of one element from each part, ending with the shortest part. */
    static CloseableIterator<List<Object>> zip(List<? extends Streamer<?>> parts, long key) {
        return new Lookahead<>() {
            private List<CloseableIterator<?>> open;

            @Override
            protected List<Object> compute() {
                if (open == null) {
                    open = new ArrayList<>(parts.size());
                    for (Streamer<?> p : parts) open.add(p.open(key));
                }
                for (CloseableIterator<?> it : open) if (!it.hasNext()) return end();
                List<Object> row = new ArrayList<>(open.size());
                for (CloseableIterator<?> it : open) row.add(it.next());
                return java.util.Collections.unmodifiableList(row);
            }

            @Override
            protected void release() {
                if (open != null) Closing.closeAll(open);
            }
        };
    }
}
