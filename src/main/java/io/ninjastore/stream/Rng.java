package io.ninjastore.stream;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The one place random generators are made. The algorithm is fixed by name ({@value #ALGORITHM},
 * specified in {@code java.util.random}), so a seed gives the same numbers on every JDK and machine;
 * keys are combined with SplitMix64's finalizer, itself a fixed function.
 */
final class Rng {
    static final String ALGORITHM = "L64X128MixRandom";
    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of(ALGORITHM);

    private Rng() {}

    static RandomGenerator create(long seed) { return FACTORY.create(seed); }

    /** A well-mixed combination of two 64-bit values: distinct inputs give unrelated outputs. */
    static long mix(long a, long b) {
        return splitMix(a ^ splitMix(b + 0x9E3779B97F4A7C15L));
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
