package io.ninjastore.array;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A seeded generator for {@link Index#random} that remembers its last bounded draw, so that the
 * naive model can place the same window. Not thread-safe.
 */
final class RecordingRandom implements RandomGenerator {
    private final long seed;
    private final SplittableRandom random;
    private long lastDraw;

    RecordingRandom(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Forgets the last draw: a resolution that draws nothing starts its window at the lowest start. */
    void reset() { lastDraw = 0; }

    long lastDraw() { return lastDraw; }

    @Override
    public long nextLong() { return random.nextLong(); }

    @Override
    public long nextLong(long bound) {
        lastDraw = random.nextLong(bound);
        return lastDraw;
    }

    @Override
    public String toString() { return "RecordingRandom(seed " + seed + ")"; }
}
