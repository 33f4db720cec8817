package io.ninjastore.stream;

import java.util.random.RandomGenerator;

/**
 * Weighted choice among n candidates whose weights change (a candidate leaves and returns): a
 * Fenwick tree of weights, O(log n) per choice and per change, so a mux over a store's every sample
 * stays cheap. Exact bookkeeping of which candidates are available (not the floating sums) decides
 * when the pool is empty. Not thread-safe.
 */
final class WeightedPool {
    private final double[] weight;   // each candidate's weight while available, else 0
    private final double[] tree;     // 1-based Fenwick tree over weight
    private int available;

    WeightedPool(double[] weights) {
        this.weight = new double[weights.length];
        this.tree = new double[weights.length + 1];
        for (int i = 0; i < weights.length; i++) set(i, weights[i]);
    }

    int size() { return weight.length; }

    boolean isEmpty() { return available == 0; }

    double weight(int i) { return weight[i]; }

    /** Sets candidate {@code i}'s weight; 0 makes it unavailable. */
    void set(int i, double w) {
        double delta = w - weight[i];
        if (delta == 0) return;
        if (weight[i] > 0) available--;
        if (w > 0) available++;
        weight[i] = w;
        for (int j = i + 1; j < tree.length; j += j & -j) tree[j] += delta;
    }

    /** A candidate chosen with probability proportional to its weight; -1 when none is available. */
    int choose(RandomGenerator rng) {
        if (available == 0) return -1;
        for (int attempt = 0; attempt < 2; attempt++) {
            double total = prefix(weight.length);
            if (total > 0) {
                int i = descend(rng.nextDouble() * total);
                if (i < weight.length && weight[i] > 0) return i;
            }
            rebuild(); // floating drift after many changes: recompute exactly and draw again
        }
        // Last resort, still exact: the first available candidate scanning from a random point.
        int start = rng.nextInt(weight.length);
        for (int k = 0; k < weight.length; k++) {
            int i = (start + k) % weight.length;
            if (weight[i] > 0) return i;
        }
        return -1;
    }

    private double prefix(int n) {
        double s = 0;
        for (int j = n; j > 0; j -= j & -j) s += tree[j];
        return s;
    }

    /** The smallest index whose inclusive prefix sum exceeds {@code target}. */
    private int descend(double target) {
        int pos = 0;
        int step = Integer.highestOneBit(Math.max(1, weight.length));
        for (; step > 0; step >>= 1) {
            int next = pos + step;
            if (next < tree.length && tree[next] <= target) {
                pos = next;
                target -= tree[next];
            }
        }
        return pos; // 0-based index = 1-based pos + 1 - 1
    }

    private void rebuild() {
        java.util.Arrays.fill(tree, 0);
        for (int i = 0; i < weight.length; i++) {
            tree[i + 1] += weight[i];
            int parent = (i + 1) + ((i + 1) & -(i + 1));
            if (parent < tree.length) tree[parent] += tree[i + 1];
        }
    }
}
