package io.ninjastore.stream;

import java.util.List;
import java.util.Objects;

/**
 * Multiplexers (pescador's muxes): one stream of elements drawn from several streamers. Each mux is
 * a {@link Dataset}, so it can be iterated again (the same seed and key give the same sequence) and
 * chained with operators. Every sub-streamer activation is opened with its own key drawn from the
 * mux's generator ({@code L64X128MixRandom} seeded from the seed and the iteration's key), so
 * random sub-streamers (e.g. {@link Samplers#windows}) differ between activations but not between
 * runs. Retired sub-iterators are closed at once; closing the mux's iterator closes the active ones.
 *
 * <p>Thread-safety and lifetime as for any {@link Dataset}.
 */
public final class Mux {
    private Mux() {}

    /**
     * The largest {@code rate} {@link #stochastic} takes: 2^53, the largest budget a double counts
     * exactly. A budget that large is no budget in practice; a null rate runs each activation until
     * its streamer is exhausted.
     */
    public static final double MAX_RATE = 0x1p53;

    /**
     * The most active slots {@link Mode#WITH_REPLACEMENT} keeps: each slot holds an open iteration of
     * its streamer, and that mode may open several of one streamer, so k is not bounded by the pool.
     */
    public static final int MAX_ACTIVE = 1 << 16;

    /** How {@link #stochastic} chooses which streamers are active. */
    public enum Mode {
        /** Each activation picks any streamer by weight: one streamer may be active in several slots at once. */
        WITH_REPLACEMENT,
        /** A streamer is active in at most one slot at a time; once retired it may be picked again. */
        SINGLE_ACTIVE,
        /** Each streamer is activated at most once; the mux ends when every streamer has been used. */
        EXHAUSTIVE
    }

    /** The distribution of an activation's sample budget in {@link #stochastic}; every one has mean {@code rate}. */
    public enum Dist {
        /** Exactly {@code rate} samples (rate must be a whole number). */
        CONSTANT,
        /** {@code 1 + Poisson(rate - 1)}: never 0. */
        POISSON,
        /**
         * {@code 1 + Binomial(n, 1 - p)} with {@code n = (rate - 1) / (1 - p)}, p being the new
         * streamer's share of the active weights; a fractional n is its floor or its ceiling, the
         * ceiling with probability equal to its fractional part, so that the mean is exactly
         * {@code rate}. When it is the only active streamer (p = 1) the limit
         * {@code 1 + Poisson(rate - 1)} is used.
         */
        BINOMIAL
    }

    /** How {@link #roundRobin} goes on when its streamers are exhausted. */
    public enum RoundRobinMode {
        /** End when every streamer is exhausted. */
        EXHAUSTIVE,
        /** When all are exhausted, restart them all in the same order, forever. */
        CYCLE,
        /** When all are exhausted, restart them all in a new random order, forever. */
        PERMUTED_CYCLE
    }

    /** How {@link #chain} goes on at the end of its last streamer. */
    public enum ChainMode {
        /** End. */
        EXHAUSTIVE,
        /** Start over from the first streamer, forever. */
        CYCLE
    }

    /**
     * {@link #stochastic(List, int, Double, Mode, Dist, double[], long, boolean)} pruning streamers
     * that produce nothing.
     */
    public static <T> Dataset<T> stochastic(List<? extends Streamer<? extends T>> streamers, int k, Double rate, Mode mode,
                                            Dist dist, double[] weights, long seed) {
        return stochastic(streamers, k, rate, mode, dist, weights, seed, true);
    }

    /**
     * Keeps {@code k} streamers active; each element comes from an active streamer chosen with
     * probability proportional to its weight. A streamer is activated by weight among those the
     * mode allows, with a sample budget drawn from {@code dist} (mean {@code rate}; a null rate means
     * "until exhausted"), and retired when its budget is spent or it is exhausted; another then takes
     * its slot. Since activations are chosen by weight and each yields {@code rate} samples on
     * average, streamer i supplies a share {@code weights[i] / sum(weights)} of an endless mux.
     *
     * @param streamers   the pool (not empty)
     * @param k           active slots (in SINGLE_ACTIVE mode at most the number of streamers, in
     *                    WITH_REPLACEMENT mode at most {@link #MAX_ACTIVE})
     * @param rate        mean budget per activation, in [1, {@link #MAX_RATE}]; null: until exhausted
     * @param weights     one non-negative weight per streamer, some positive; null: all equal
     * @param pruneEmpty  whether a streamer whose activation yields nothing is never activated again in this
     *                    iteration; either way the mux ends once every candidate in a row has yielded nothing
     * @throws IllegalArgumentException naming the bad argument
     */
    public static <T> Dataset<T> stochastic(List<? extends Streamer<? extends T>> streamers, int k, Double rate, Mode mode,
                                            Dist dist, double[] weights, long seed, boolean pruneEmpty) {
        StochasticMux.Config<T> c = new StochasticMux.Config<>(List.copyOf(streamers), k, rate, Objects.requireNonNull(mode, "mode"),
                Objects.requireNonNull(dist, "dist"), checkedWeights(weights, streamers.size()), seed, pruneEmpty);
        return Dataset.define("Mux.stochastic(" + streamers.size() + " streamers, k=" + k + ", rate=" + rate + ", " + mode + ", "
                + dist + ", seed=" + seed + ")", key -> new StochasticMux<>(c, key));
    }

    /**
     * Every streamer active at once; each element comes from one chosen by weight. An exhausted
     * streamer is restarted, unless its activation yielded nothing, which retires it; the mux ends
     * when all are retired.
     */
    public static <T> Dataset<T> shuffled(List<? extends Streamer<? extends T>> streamers, double[] weights, long seed) {
        List<? extends Streamer<? extends T>> s = List.copyOf(streamers);
        double[] w = checkedWeights(weights, s.size());
        return Dataset.define("Mux.shuffled(" + s.size() + " streamers, seed=" + seed + ")", key -> new ShuffledMux<>(s, w, seed, key));
    }

    /** One element from each streamer in turn (skipping exhausted ones); see {@link RoundRobinMode}. */
    public static <T> Dataset<T> roundRobin(List<? extends Streamer<? extends T>> streamers, RoundRobinMode mode, long seed) {
        List<? extends Streamer<? extends T>> s = List.copyOf(requireSome(streamers));
        Objects.requireNonNull(mode, "mode");
        return Dataset.define("Mux.roundRobin(" + s.size() + " streamers, " + mode + ")", key -> new RoundRobinMux<>(s, mode, seed, key));
    }

    /** {@link #roundRobin(List, RoundRobinMode, long)} for the modes that draw nothing (seed 0). */
    public static <T> Dataset<T> roundRobin(List<? extends Streamer<? extends T>> streamers, RoundRobinMode mode) {
        return roundRobin(streamers, mode, 0);
    }

    /** Each streamer to its end, one after another; see {@link ChainMode}. */
    public static <T> Dataset<T> chain(List<? extends Streamer<? extends T>> streamers, ChainMode mode) {
        List<? extends Streamer<? extends T>> s = List.copyOf(requireSome(streamers));
        Objects.requireNonNull(mode, "mode");
        Dataset<T> once = Dataset.concat(s);
        // cycle: each pass opens every streamer anew with a new key; a pass yielding nothing ends it
        return mode == ChainMode.EXHAUSTIVE ? once : once.repeat();
    }

    private static <L extends List<?>> L requireSome(L streamers) {
        if (streamers.isEmpty()) throw new IllegalArgumentException("cannot mux an empty list of streamers");
        return streamers;
    }

    /** Validated weights, or equal ones for null. */
    static double[] checkedWeights(double[] weights, int n) {
        if (n == 0) throw new IllegalArgumentException("cannot mux an empty list of streamers");
        if (weights == null) {
            double[] w = new double[n];
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        if (weights.length != n) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries but there are " + n + " streamers");
        }
        boolean positive = false;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("weights[" + i + "] must be finite and >= 0, got " + w);
            positive |= w > 0;
        }
        if (!positive) throw new IllegalArgumentException("weights must contain at least one positive value");
        return weights.clone();
    }
}
