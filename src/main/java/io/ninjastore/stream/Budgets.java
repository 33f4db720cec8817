package io.ninjastore.stream;

import java.util.random.RandomGenerator;

/**
 * Poisson and binomial variates for mux budgets. The algorithms are the classic exact ones numpy
 * uses for the same ranges: multiplication (Knuth) for Poisson means below 10, Hörmann's PTRS
 * transformed rejection above; inversion for binomial with {@code n·min(p, 1-p) < 10}, Hörmann's
 * BTRS above. {@link StrictMath} keeps every draw identical across machines.
 */
final class Budgets {
    private static final double HALF_LOG_2PI = 0.5 * StrictMath.log(2 * Math.PI);
    private static final double[] LOG_FACTORIAL = new double[32];

    static {
        for (int k = 1; k < LOG_FACTORIAL.length; k++) LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + StrictMath.log(k);
    }

    private Budgets() {}

    /** A Poisson(lambda) variate, lambda >= 0. */
    static long poisson(RandomGenerator rng, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("Poisson mean must be finite and >= 0, got " + lambda);
        if (lambda == 0) return 0;
        if (lambda < 10) return poissonMultiplication(rng, lambda);
        return poissonPtrs(rng, lambda);
    }

    private static long poissonMultiplication(RandomGenerator rng, double lambda) {
        double limit = StrictMath.exp(-lambda);
        double prod = rng.nextDouble();
        long k = 0;
        while (prod > limit) {
            k++;
            prod *= rng.nextDouble();
        }
        return k;
    }

    /** Hörmann (1993), "The transformed rejection method for generating Poisson random variables". */
    private static long poissonPtrs(RandomGenerator rng, double lambda) {
        double slam = StrictMath.sqrt(lambda);
        double loglam = StrictMath.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) StrictMath.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || us < 0.013 && v > us) continue;
            if (StrictMath.log(v) + StrictMath.log(invAlpha) - StrictMath.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) {
                return k;
            }
        }
    }

    /** A Binomial(n, p) variate. */
    static long binomial(RandomGenerator rng, long n, double p) {
        if (n < 0) throw new IllegalArgumentException("binomial n must be >= 0, got " + n);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("binomial p must be in [0, 1], got " + p);
        if (n == 0 || p == 0) return 0;
        if (p == 1) return n;
        if (p > 0.5) return n - binomial(rng, n, 1 - p);
        if (n * p < 10) return binomialInversion(rng, n, p);
        return binomialBtrs(rng, n, p);
    }

    /**
     * The BINOMIAL mux budget {@code 1 + Binomial(n, 1 - p)} with {@code n = (rate - 1) / (1 - p)}, p
     * being the new streamer's share of the active weights; {@code 1 + Poisson(rate - 1)}, the limit,
     * when p = 1. The mean is {@code rate} only if n is used as it is, fractional: rounding it moved
     * the mean by up to {@code (1 - p) / 2} (3.67 for k = 3, rate = 4). So n is {@code floor(n) + 1}
     * with probability {@code frac(n)}, else {@code floor(n)}: its mean is exact, and the variance
     * exceeds the binomial's by {@code (1 - p)^2 frac(n) (1 - frac(n))}, at most {@code (1 - p)^2 / 4}.
     * The extra draw is made only for a fractional n, so whole ones keep their sequences.
     */
    static long binomialBudget(RandomGenerator rng, double rate, double p) {
        double real = (rate - 1) / (1 - p);
        // A share this close to 1 (one weight dwarfing the rest) makes n too large for a long, and
        // the binomial indistinguishable from its Poisson limit: their variances differ by a factor p.
        if (p >= 1 || !(real <= MAX_EXACT_N)) return 1 + poisson(rng, rate - 1);
        double whole = StrictMath.floor(real);
        long n = (long) whole;
        if (real > whole && rng.nextDouble() < real - whole) n++;
        return 1 + binomial(rng, n, 1 - p);
    }

    private static long binomialInversion(RandomGenerator rng, long n, double p) {
        double q = 1 - p;
        double s = p / q;
        double a = (n + 1) * s;
        while (true) {
            double r = StrictMath.pow(q, n);
            double u = rng.nextDouble();
            long x = 0;
            while (u > r) {
                u -= r;
                x++;
                if (x > n) break; // rounding left u positive past the support: draw again
                r *= a / x - s;
            }
            if (x <= n) return x;
        }
    }

    /** Hörmann (1993), "The generation of binomial random variates" (BTRS). */
    private static long binomialBtrs(RandomGenerator rng, long n, double p) {
        double q = 1 - p;
        double spq = StrictMath.sqrt(n * p * q);
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double alpha = (2.83 + 5.1 / b) * spq;
        double lpq = StrictMath.log(p / q);
        long m = (long) StrictMath.floor((n + 1) * p);
        double h = logFactorial(m) + logFactorial(n - m);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) StrictMath.floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) continue;
            if (us >= 0.07 && v <= vr) return k;
            double lv = StrictMath.log(v * alpha / (a / (us * us) + b));
            if (lv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
        }
    }

    /** The largest binomial n drawn exactly: 2^53, so that n + 1 and (n + 1) p stay exact in a double and a long. */
    static final double MAX_EXACT_N = 0x1p53;

    /** ln(k!): a table for small k, Stirling's series (error below 1e-12) beyond. */
    static double logFactorial(long k) {
        if (k < LOG_FACTORIAL.length) return LOG_FACTORIAL[(int) k];
        double x = k + 1.0;
        double x2 = x * x;
        return (x - 0.5) * StrictMath.log(x) - x + HALF_LOG_2PI + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x2 * x2 * x);
    }
}
