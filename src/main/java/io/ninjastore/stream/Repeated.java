package io.ninjastore.stream;

/**
 * Re-opens the upstream streamer {@code times} times (-1: forever). Repetition 0 uses the caller's
 * key, so {@code repeat(1)} equals the upstream; repetition r > 0 uses {@code mix(key, r)}, so a
 * shuffle upstream gives a new (reproducible) order each time.
 */
final class Repeated<T> extends Lookahead<T> {
    private final Streamer<T> upstream;
    private final long key;
    private final long times;
    private long round;
    private CloseableIterator<T> cur;
    private boolean yieldedThisRound;

    Repeated(Streamer<T> upstream, long key, long times) {
        this.upstream = upstream;
        this.key = key;
        this.times = times;
    }

    @Override
    protected T compute() {
        while (true) {
            if (cur == null) {
                if (times >= 0 && round >= times) return end();
                cur = upstream.open(round == 0 ? key : Rng.mix(key, round));
                round++;
                yieldedThisRound = false;
            }
            if (cur.hasNext()) {
                yieldedThisRound = true;
                return cur.next();
            }
            cur.close();
            cur = null;
            // An endless repeat of an iteration that yields nothing would spin forever.
            if (times < 0 && !yieldedThisRound) return end();
        }
    }

    @Override
    protected void release() {
        if (cur != null) cur.close();
    }
}
