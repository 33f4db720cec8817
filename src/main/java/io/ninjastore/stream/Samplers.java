package io.ninjastore.stream;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.RaggedMmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Streamers that sample from stores: pescador's "sampling from disk", with memory mapping built in.
 * Thread-safe; the caller keeps the store open while the windows are used.
 */
public final class Samplers {
    private Samplers() {}

    /**
     * An endless streamer of random windows of {@code length} consecutive rows (axis 0) of sample
     * {@code sampleIndex}, each start uniform over the {@code rows - length + 1} possible ones. The
     * windows are zero-copy views. A sample with fewer than {@code length} rows, or a 0-d sample,
     * yields nothing (a mux prunes it). Offsets come from {@code L64X128MixRandom} seeded from
     * {@code seed}, {@code sampleIndex} and the iteration's key.
     *
     * @throws IndexOutOfBoundsException if the store has no sample {@code sampleIndex}
     */
    public static Dataset<Window> windows(RaggedMmap store, long sampleIndex, long length, long seed) {
        Objects.requireNonNull(store, "store");
        if (length <= 0) throw new IllegalArgumentException("window length must be positive, got " + length);
        long n = store.length();
        if (sampleIndex < 0 || sampleIndex >= n) {
            throw new IndexOutOfBoundsException("sample " + sampleIndex + " is out of bounds for " + n + " samples of " + store.path());
        }
        long sampleSeed = Rng.mix(seed, sampleIndex);
        return Dataset.define("Samplers.windows(" + store.path().getFileName() + "[" + sampleIndex + "], " + length + ", seed=" + seed + ")",
                key -> new Lookahead<>() {
                    private NdArray sample;
                    private RandomGenerator rng;
                    private long starts;

                    @Override
                    protected Window compute() {
                        if (sample == null) {
                            sample = store.get(sampleIndex);
                            rng = Rng.create(Rng.mix(sampleSeed, key));
                            starts = sample.ndim() == 0 ? 0 : sample.shape(0) - length + 1;
                        }
                        if (starts <= 0) return end();
                        long offset = rng.nextLong(starts);
                        return new Window(sampleIndex, offset, sample.rows(offset, offset + length));
                    }
                });
    }

    /** {@link #windows(RaggedMmap, long, long, long)} for every sample of the store, in order: the pool for a {@link Mux}. */
    public static List<Dataset<Window>> windows(RaggedMmap store, long length, long seed) {
        long n = store.length();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(store.path() + " has " + n + " samples, more than a list can hold");
        List<Dataset<Window>> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) out.add(windows(store, i, length, seed));
        return out;
    }
}
