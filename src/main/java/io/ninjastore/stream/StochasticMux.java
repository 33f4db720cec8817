package io.ninjastore.stream;

import java.util.BitSet;
import java.util.List;
import java.util.random.RandomGenerator;

/** One iteration of {@link Mux#stochastic}: k slots, each an activation with a budget. Not thread-safe. */
final class StochasticMux<T> extends Lookahead<T> {

    record Config<T>(List<? extends Streamer<? extends T>> streamers, int k, Double rate, Mux.Mode mode, Mux.Dist dist,
                     double[] weights, long seed, boolean pruneEmpty) {
        Config {
            int n = streamers.size();
            if (k <= 0) throw new IllegalArgumentException("k (active streamers) must be positive, got " + k);
            if (mode == Mux.Mode.SINGLE_ACTIVE && k > n) {
                throw new IllegalArgumentException("SINGLE_ACTIVE mode cannot keep " + k + " of " + n + " streamers active at once");
            }
            if (mode == Mux.Mode.WITH_REPLACEMENT && k > Mux.MAX_ACTIVE) {
                throw new IllegalArgumentException("k (active streamers) must be at most " + Mux.MAX_ACTIVE
                        + " in WITH_REPLACEMENT mode, where each active slot holds an open stream, got " + k);
            }
            if (rate != null) {
                if (!(rate >= 1 && rate <= Mux.MAX_RATE)) {
                    throw new IllegalArgumentException("rate must be in [1, 2^53], got " + rate + " (no rate runs each streamer until exhausted)");
                }
                if (dist == Mux.Dist.CONSTANT && rate != Math.rint(rate)) {
                    throw new IllegalArgumentException("a CONSTANT budget needs a whole-number rate, got " + rate);
                }
            }
        }
    }

    /** One active slot: whose activation it is, its iterator, what is left of its budget. */
    private static final class Slot<T> {
        int streamer = -1;
        CloseableIterator<? extends T> it;
        long remaining; // Long.MAX_VALUE: until exhausted
        long produced;
    }

    private final Config<T> c;
    private final RandomGenerator rng;
    private final WeightedPool candidates;
    private final Slot<T>[] slots;
    private final double[] slotWeight;
    private final BitSet emptySinceLastSample = new BitSet();
    private final BitSet pruned = new BitSet();
    private boolean started;

    @SuppressWarnings("unchecked")
    StochasticMux(Config<T> c, long key) {
        this.c = c;
        this.rng = Rng.create(Rng.mix(c.seed(), key));
        this.candidates = new WeightedPool(c.weights());
        this.slots = new Slot[Math.min(c.k(), c.mode() == Mux.Mode.WITH_REPLACEMENT ? c.k() : c.streamers().size())];
        this.slotWeight = new double[slots.length];
        for (int s = 0; s < slots.length; s++) slots[s] = new Slot<>();
    }

    @Override
    protected T compute() {
        if (!started) {
            started = true;
            fillAll();
        }
        while (true) {
            int s = chooseSlot();
            if (s < 0) return end();
            Slot<T> slot = slots[s];
            if (slot.it.hasNext()) {
                T x = slot.it.next();
                slot.produced++;
                emptySinceLastSample.clear();
                if (--slot.remaining == 0) retire(s, false);
                return x;
            }
            retire(s, true);
        }
    }

    /** Picks every slot's streamer first, so each budget sees the full active set (BINOMIAL's share). */
    private void fillAll() {
        for (int s = 0; s < slots.length; s++) slots[s].streamer = pick();
        for (int s = 0; s < slots.length; s++) if (slots[s].streamer >= 0) start(s);
    }

    /** A streamer for a free slot, by weight among those the mode allows; -1 if none is left. */
    private int pick() {
        if (allCandidatesEmpty()) return -1;
        int i = candidates.choose(rng);
        if (i >= 0 && c.mode() != Mux.Mode.WITH_REPLACEMENT) candidates.set(i, 0); // out of the pool while active / for good
        return i;
    }

    /** Every streamer still eligible has had an activation that yielded nothing since the last sample. */
    private boolean allCandidatesEmpty() {
        if (emptySinceLastSample.isEmpty()) return false;
        for (int i = 0; i < c.weights().length; i++) {
            if (c.weights()[i] > 0 && !pruned.get(i) && !emptySinceLastSample.get(i) && !usedUp(i)) return false;
        }
        return true;
    }

    private boolean usedUp(int i) {
        return c.mode() == Mux.Mode.EXHAUSTIVE && candidates.weight(i) == 0 && !isActive(i);
    }

    private boolean isActive(int i) {
        for (Slot<T> s : slots) if (s.streamer == i && s.it != null) return true;
        return false;
    }

    private void start(int s) {
        Slot<T> slot = slots[s];
        int i = slot.streamer;
        slotWeight[s] = c.weights()[i];
        slot.remaining = budget(s);
        slot.produced = 0;
        slot.it = c.streamers().get(i).open(rng.nextLong());
    }

    private long budget(int s) {
        Double rate = c.rate();
        if (rate == null) return Long.MAX_VALUE;
        return switch (c.dist()) {
            case CONSTANT -> (long) (double) rate;
            case POISSON -> 1 + Budgets.poisson(rng, rate - 1);
            case BINOMIAL -> {
                double active = 0;
                for (int j = 0; j < slots.length; j++) if (slots[j].streamer >= 0) active += c.weights()[slots[j].streamer];
                yield Budgets.binomialBudget(rng, rate, active > 0 ? slotWeight[s] / active : 1);
            }
        };
    }

    private int chooseSlot() {
        double total = 0;
        for (int s = 0; s < slots.length; s++) if (slots[s].it != null) total += slotWeight[s];
        if (total <= 0) {
            for (int s = 0; s < slots.length; s++) if (slots[s].it != null) return s; // only zero-weight slots remain
            return -1;
        }
        double u = rng.nextDouble() * total;
        int last = -1;
        for (int s = 0; s < slots.length; s++) {
            if (slots[s].it == null) continue;
            last = s;
            u -= slotWeight[s];
            if (u < 0) return s;
        }
        return last;
    }

    /** Closes the slot's activation, returns its streamer to the pool as the mode says, and refills the slot. */
    private void retire(int s, boolean exhausted) {
        Slot<T> slot = slots[s];
        int i = slot.streamer;
        CloseableIterator<? extends T> it = slot.it;
        slot.it = null;
        slot.streamer = -1;
        it.close();
        boolean yieldedNothing = exhausted && slot.produced == 0;
        if (yieldedNothing) {
            emptySinceLastSample.set(i);
            if (c.pruneEmpty()) {
                pruned.set(i);
                candidates.set(i, 0);
            }
        }
        if (c.mode() == Mux.Mode.SINGLE_ACTIVE && !pruned.get(i)) candidates.set(i, c.weights()[i]); // revived
        slot.streamer = pick();
        if (slot.streamer >= 0) start(s);
    }

    @Override
    protected void release() {
        RuntimeException first = null;
        for (Slot<T> slot : slots) {
            if (slot.it == null) continue;
            try {
                slot.it.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
            slot.it = null;
        }
        if (first != null) throw first;
    }
}
