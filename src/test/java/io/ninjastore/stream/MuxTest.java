package io.ninjastore.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mux behaviour: exact invariants (active count, single activity, exhaustion) and statistics over
 * many draws whose tolerances are 6 standard errors derived from the budget distribution.
 */
class MuxTest {
    private static final long SEED = 77L;

    /** One element: which streamer, which activation of it, its position in that activation. */
    record Item(int streamer, long activation, long position) {}

    /** A pool of streamers that records opens, closes and, at every draw, how many are open. */
    static final class Pool {
        final int n;
        final long[] lengths; // -1: endless
        final AtomicInteger open = new AtomicInteger();
        final AtomicIntegerArray openPer;
        final AtomicIntegerArray opens;
        final AtomicLong activations = new AtomicLong();
        final List<Integer> openAtDraw = new ArrayList<>();
        final Map<Long, Long> closedBudgets = new java.util.LinkedHashMap<>(); // in closing order
        int maxOpenPerStreamer;

        Pool(long... lengths) {
            this.n = lengths.length;
            this.lengths = lengths;
            this.openPer = new AtomicIntegerArray(n);
            this.opens = new AtomicIntegerArray(n);
        }

        List<Streamer<Item>> streamers() {
            List<Streamer<Item>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int s = i;
                out.add(key -> {
                    long act = activations.incrementAndGet();
                    open.incrementAndGet();
                    opens.incrementAndGet(s);
                    maxOpenPerStreamer = Math.max(maxOpenPerStreamer, openPer.incrementAndGet(s));
                    return new CloseableIterator<>() {
                        long j;
                        boolean closed;

                        @Override public boolean hasNext() { return !closed && (lengths[s] < 0 || j < lengths[s]); }

                        @Override
                        public Item next() {
                            openAtDraw.add(open.get());
                            return new Item(s, act, j++);
                        }

                        @Override
                        public void close() {
                            if (closed) return;
                            closed = true;
                            open.decrementAndGet();
                            openPer.decrementAndGet(s);
                            closedBudgets.put(act, j);
                        }
                    };
                });
            }
            return out;
        }
    }

    private static long[] endless(int n) {
        long[] l = new long[n];
        java.util.Arrays.fill(l, -1);
        return l;
    }

    @Test
    void withReplacementPoissonKeepsKActiveMeanRunRateAndWeightShares() {
        System.out.println("MuxTest seed " + SEED);
        Pool pool = new Pool(endless(4));
        double[] w = {1, 2, 3, 4};
        int k = 3, draws = 200_000;
        double rate = 4;
        List<Item> items = Mux.stochastic(pool.streamers(), k, rate, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, w, SEED).take(draws).list();
        assertEquals(draws, items.size());
        assertTrue(pool.openAtDraw.stream().allMatch(c -> c == k), "exactly k activations are open at every draw");
        assertEquals(0, pool.open.get(), "all closed at the end");
        assertTrue(pool.maxOpenPerStreamer > 1, "with replacement, one streamer can fill several slots");

        List<Long> budgets = completeBudgets(pool, k);
        int a = budgets.size();
        double mean = budgets.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertTrue(budgets.stream().allMatch(b -> b >= 1), "a Poisson budget is never 0");
        assertEquals(rate, mean, 6 * Math.sqrt((rate - 1) / a), "mean run length per activation");

        double eB2 = (rate - 1) + rate * rate;
        long[] per = new long[4];
        for (Item it : items) per[it.streamer()]++;
        for (int i = 0; i < 4; i++) {
            double p = w[i] / 10;
            double se = Math.sqrt(p * (1 - p) * eB2 / (rate * rate) / (draws / rate));
            assertEquals(p, per[i] / (double) draws, 6 * se, "share of streamer " + i);
        }
    }

    /** Budgets of activations that ended by budget: all closed ones but the k still open when take() closed the mux. */
    private static List<Long> completeBudgets(Pool pool, int k) {
        List<Long> all = new ArrayList<>(pool.closedBudgets.values());
        return all.subList(0, all.size() - k);
    }

    @Test
    void binomialBudgetsHaveMeanRateAndBinomialVariance() {
        Pool pool = new Pool(endless(4));
        int draws = 200_000;
        double rate = 5; // k = 2 equal weights: p = 1/2, n = 8, budget 1 + Binomial(8, 1/2): mean 5, variance 2
        Mux.stochastic(pool.streamers(), 2, rate, Mux.Mode.SINGLE_ACTIVE, Mux.Dist.BINOMIAL, null, SEED).take(draws).count();
        List<Long> budgets = completeBudgets(pool, 2);
        int a = budgets.size();
        double mean = budgets.stream().mapToLong(Long::longValue).average().orElseThrow();
        double var = budgets.stream().mapToDouble(b -> (b - mean) * (b - mean)).sum() / a;
        assertEquals(5, mean, 6 * Math.sqrt(2.0 / a));
        assertEquals(2, var, 6 * Math.sqrt((11.0 - 4.0) / a), "binomial variance (Poisson's would be 4)");
        assertTrue(budgets.stream().allMatch(b -> b >= 1 && b <= 9));
    }

    @Test
    void binomialBudgetsHaveMeanRateWhenNIsNotWhole() {
        // k equal weights: p = 1/k, n = (rate - 1) k / (k - 1): 4.5, 2, 2.33.., 5.5; rounding n gave 3.67 for (3, 4)
        double[][] cases = {{3, 4}, {4, 2.5}, {4, 2.75}, {2, 3.75}};
        for (double[] c : cases) {
            int k = (int) c[0];
            double rate = c[1], q = 1 - 1.0 / k, n = (rate - 1) / q, f = n - Math.floor(n);
            Pool pool = new Pool(endless(6));
            Mux.stochastic(pool.streamers(), k, rate, Mux.Mode.SINGLE_ACTIVE, Mux.Dist.BINOMIAL, null, SEED).take(200_000).count();
            List<Long> budgets = completeBudgets(pool, k);
            double mean = budgets.stream().mapToLong(Long::longValue).average().orElseThrow();
            double var = n * q * (1 - q) + q * q * f * (1 - f);
            assertEquals(rate, mean, 6 * Math.sqrt(var / budgets.size()), "mean budget for k " + k + ", rate " + rate);
        }
    }

    @Test
    void constantBudgetsAreExact() {
        Pool pool = new Pool(endless(3));
        Mux.stochastic(pool.streamers(), 2, 7.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.CONSTANT, null, SEED).take(10_000).count();
        List<Long> budgets = completeBudgets(pool, 2);
        assertTrue(budgets.size() > 1000 && budgets.stream().allMatch(b -> b == 7));
        assertThrows(IllegalArgumentException.class,
                () -> Mux.stochastic(pool.streamers(), 2, 2.5, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.CONSTANT, null, SEED));
    }

    @Test
    void singleActiveNeverOpensAStreamerTwiceAtOnce() {
        Pool pool = new Pool(5, -1, 3, -1, 40);
        List<Item> items = Mux.stochastic(pool.streamers(), 3, 3.0, Mux.Mode.SINGLE_ACTIVE, Mux.Dist.POISSON, null, SEED).take(20_000).list();
        assertEquals(20_000, items.size());
        assertEquals(1, pool.maxOpenPerStreamer);
        assertTrue(pool.openAtDraw.stream().allMatch(c -> c == 3));
        assertThrows(IllegalArgumentException.class,
                () -> Mux.stochastic(pool.streamers(), 6, 3.0, Mux.Mode.SINGLE_ACTIVE, Mux.Dist.POISSON, null, SEED));
    }

    @Test
    void exhaustiveUsesEachStreamerOnceAndEnds() {
        long[] lengths = {5, 0, 17, 1, 9, 0, 3};
        Pool pool = new Pool(lengths);
        List<Item> items = Mux.stochastic(pool.streamers(), 3, null, Mux.Mode.EXHAUSTIVE, Mux.Dist.POISSON, null, SEED).list();
        List<Item> want = new ArrayList<>();
        for (int s = 0; s < lengths.length; s++) {
            assertEquals(1, pool.opens.get(s), "streamer " + s + " activated once");
            for (long j = 0; j < lengths[s]; j++) want.add(new Item(s, -1, j));
        }
        List<Item> got = items.stream().map(i -> new Item(i.streamer(), -1, i.position())).sorted(java.util.Comparator
                .comparingInt(Item::streamer).thenComparingLong(Item::position)).toList();
        assertEquals(want, got, "every element of every streamer exactly once");
        assertEquals(0, pool.open.get());

        Pool budgeted = new Pool(endless(6));
        List<Item> some = Mux.stochastic(budgeted.streamers(), 2, 4.0, Mux.Mode.EXHAUSTIVE, Mux.Dist.POISSON, null, SEED).list();
        for (int s = 0; s < 6; s++) assertEquals(1, budgeted.opens.get(s));
        assertEquals(6, some.stream().map(Item::activation).distinct().count(), "ends after one budget per streamer");
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        Pool pool = new Pool(endless(5));
        Dataset<Item> mux = Mux.stochastic(pool.streamers(), 2, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, new double[] {1, 1, 2, 3, 5}, SEED);
        List<Integer> a = mux.take(500).map(Item::streamer).list();
        assertEquals(a, mux.take(500).map(Item::streamer).list());
        assertEquals(a, Mux.stochastic(pool.streamers(), 2, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, new double[] {1, 1, 2, 3, 5}, SEED)
                .take(500).map(Item::streamer).list());
        assertNotEquals(a, Mux.stochastic(pool.streamers(), 2, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, new double[] {1, 1, 2, 3, 5}, SEED + 1)
                .take(500).map(Item::streamer).list());
    }

    @Test
    void emptyStreamersArePrunedAndAnAllEmptyPoolEnds() {
        Pool pool = new Pool(0, -1, 0);
        List<Item> items = Mux.stochastic(pool.streamers(), 1, 2.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, null, SEED).take(1000).list();
        assertEquals(1000, items.size());
        assertTrue(items.stream().allMatch(i -> i.streamer() == 1));
        assertTrue(pool.opens.get(0) <= 1 && pool.opens.get(2) <= 1, "pruned after one empty activation");
        for (boolean prune : new boolean[] {true, false}) {
            for (Mux.Mode mode : Mux.Mode.values()) {
                Pool empty = new Pool(0, 0, 0);
                assertEquals(0, Mux.stochastic(empty.streamers(), 2, 3.0, mode, Mux.Dist.POISSON, null, SEED, prune).count(), mode + " " + prune);
            }
        }
    }

    @Test
    void invalidArgumentsAreNamed() {
        List<Streamer<Item>> s = new Pool(endless(2)).streamers();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(s, 1, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON,
                new double[] {1}, SEED)).getMessage().contains("weights"));
        assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(s, 1, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, new double[] {0, 0}, SEED));
        assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(s, 1, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, new double[] {1, -1}, SEED));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(s, 1, 0.5, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON,
                null, SEED)).getMessage().contains("rate"));
        assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(s, 0, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, null, SEED));
        // Bounds that keep a bad argument from allocating k slots or overflowing a budget's binomial n
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(s, Integer.MAX_VALUE, 3.0, Mux.Mode.WITH_REPLACEMENT,
                Mux.Dist.POISSON, null, SEED)).getMessage().contains("at most 65536"));
        assertEquals(2, Mux.stochastic(s, Integer.MAX_VALUE, 3.0, Mux.Mode.EXHAUSTIVE, Mux.Dist.POISSON, null, SEED).take(2).count(),
                "modes that activate each streamer once are bounded by the pool, whatever k");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(s, 1, 1e300, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.BINOMIAL,
                null, SEED)).getMessage().contains("rate must be in [1, 2^53]"));
        assertThrows(IllegalArgumentException.class, () -> Mux.stochastic(List.<Streamer<Item>>of(), 1, 3.0, Mux.Mode.WITH_REPLACEMENT, Mux.Dist.POISSON, null, SEED));
    }

    @Test
    void shuffledMuxFollowsWeightsRestartsAndEnds() {
        Pool pool = new Pool(3, 3, 0);
        int draws = 60_000;
        List<Item> items = Mux.shuffled(pool.streamers(), new double[] {1, 3, 5}, SEED).take(draws).list();
        long zeros = items.stream().filter(i -> i.streamer() == 0).count();
        double p = 0.25; // streamer 2 is empty and retired: shares 1:3
        assertEquals(p, zeros / (double) draws, 6 * Math.sqrt(p * (1 - p) / draws));
        assertTrue(pool.opens.get(0) > 1, "exhausted streamers restart");
        assertEquals(1, pool.opens.get(2), "a streamer that yields nothing is retired");
        assertEquals(0, Mux.shuffled(new Pool(0, 0).streamers(), null, SEED).count());
    }

    @Test
    void roundRobinModes() {
        List<Streamer<Integer>> s = List.of(Streamer.of(List.of(1, 2, 3)), Streamer.of(List.of(10)), Streamer.of(List.of(20, 21)));
        assertEquals(List.of(1, 10, 20, 2, 21, 3), Mux.roundRobin(s, Mux.RoundRobinMode.EXHAUSTIVE).list());
        assertEquals(List.of(1, 10, 20, 2, 21, 3, 1, 10, 20), Mux.roundRobin(s, Mux.RoundRobinMode.CYCLE).take(9).list());
        Dataset<Integer> permuted = Mux.roundRobin(List.of(Streamer.of(List.of(1)), Streamer.of(List.of(2)), Streamer.of(List.of(3)),
                Streamer.of(List.of(4))), Mux.RoundRobinMode.PERMUTED_CYCLE, SEED);
        List<Integer> got = permuted.take(40).list();
        assertEquals(List.of(1, 2, 3, 4), got.subList(0, 4), "the first pass keeps the given order");
        Set<List<Integer>> passes = new HashSet<>();
        for (int i = 0; i < 40; i += 4) {
            List<Integer> pass = new ArrayList<>(got.subList(i, i + 4));
            passes.add(List.copyOf(pass));
            pass.sort(null);
            assertEquals(List.of(1, 2, 3, 4), pass, "each pass is a permutation");
        }
        assertTrue(passes.size() > 1, "later passes are permuted");
        assertEquals(got, permuted.take(40).list());
        assertEquals(0, Mux.roundRobin(List.of(Streamer.of(List.of())), Mux.RoundRobinMode.CYCLE).count(), "an empty cycle ends");
    }

    @Test
    void chainModes() {
        List<Streamer<Integer>> s = List.of(Streamer.of(List.of(1, 2)), Streamer.of(List.of()), Streamer.of(List.of(3)));
        assertEquals(List.of(1, 2, 3), Mux.chain(s, Mux.ChainMode.EXHAUSTIVE).list());
        assertEquals(List.of(1, 2, 3, 1, 2, 3, 1), Mux.chain(s, Mux.ChainMode.CYCLE).take(7).list());
    }
}
