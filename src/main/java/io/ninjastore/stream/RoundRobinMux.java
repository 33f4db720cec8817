package io.ninjastore.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One iteration of {@link Mux#roundRobin}: the streamers in a fixed (or, for PERMUTED_CYCLE, a
 * freshly shuffled) order, one element from each in turn. A pass in which every streamer yields
 * nothing ends a cycling mux, which would otherwise spin. Not thread-safe.
 */
final class RoundRobinMux<T> extends Lookahead<T> {
    private final List<? extends Streamer<? extends T>> streamers;
    private final Mux.RoundRobinMode mode;
    private final RandomGenerator rng;
    private final List<CloseableIterator<? extends T>> active = new ArrayList<>();
    private int at;
    private boolean started;
    private boolean yieldedThisPass;

    RoundRobinMux(List<? extends Streamer<? extends T>> streamers, Mux.RoundRobinMode mode, long seed, long key) {
        this.streamers = streamers;
        this.mode = mode;
        this.rng = Rng.create(Rng.mix(seed, key));
    }

    @Override
    protected T compute() {
        if (!started) {
            started = true;
            startPass(false);
        }
        while (true) {
            if (active.isEmpty()) {
                if (mode == Mux.RoundRobinMode.EXHAUSTIVE || !yieldedThisPass) return end();
                startPass(mode == Mux.RoundRobinMode.PERMUTED_CYCLE);
            }
            if (at >= active.size()) at = 0;
            CloseableIterator<? extends T> it = active.get(at);
            if (it.hasNext()) {
                at++;
                yieldedThisPass = true;
                return it.next();
            }
            it.close();
            active.remove(at);
        }
    }

    private void startPass(boolean permute) {
        int n = streamers.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (permute) {
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        for (int i : order) active.add(streamers.get(i).open(rng.nextLong()));
        at = 0;
        yieldedThisPass = false;
    }

    @Override
    protected void release() {
        List<CloseableIterator<? extends T>> all = new ArrayList<>(active);
        active.clear();
        Closing.closeAll(all);
    }
}
