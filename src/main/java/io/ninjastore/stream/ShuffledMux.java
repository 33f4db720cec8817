package io.ninjastore.stream;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One iteration of {@link Mux#shuffled}: every streamer open at once, each element from one chosen
 * by weight; an exhausted streamer restarts unless its last activation yielded nothing. Not thread-safe.
 */
final class ShuffledMux<T> extends Lookahead<T> {
    private final List<? extends Streamer<? extends T>> streamers;
    private final RandomGenerator rng;
    private final WeightedPool pool;
    private final CloseableIterator<?>[] open;
    private final long[] produced;

    ShuffledMux(List<? extends Streamer<? extends T>> streamers, double[] weights, long seed, long key) {
        this.streamers = streamers;
        this.rng = Rng.create(Rng.mix(seed, key));
        this.pool = new WeightedPool(weights);
        this.open = new CloseableIterator<?>[streamers.size()];
        this.produced = new long[streamers.size()];
    }

    @Override
    @SuppressWarnings("unchecked")
    protected T compute() {
        while (true) {
            int i = pool.choose(rng);
            if (i < 0) return end();
            if (open[i] == null) {
                open[i] = streamers.get(i).open(rng.nextLong());
                produced[i] = 0;
            }
            CloseableIterator<? extends T> it = (CloseableIterator<? extends T>) open[i];
            if (it.hasNext()) {
                produced[i]++;
                return it.next();
            }
            it.close();
            open[i] = null;
            if (produced[i] == 0) pool.set(i, 0); // restarting a streamer that yields nothing would spin
        }
    }

    @Override
    protected void release() { Closing.closeAll(java.util.Arrays.asList(open)); }
}
