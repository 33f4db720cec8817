package io.ninjastore.stream;

import org.junit.jupiter.api.Test;

import java.util.random.RandomGenerator;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Poisson and binomial samplers against their exact mean, variance and probabilities. Every
 * tolerance is 6 standard errors of the estimate, computed from the distribution (a correct
 * sampler fails with probability about 2e-9 per check).
 */
class BudgetsTest {
    private static final long SEED = 20261121L;
    private static final int N = 200_000;

    private static void check(String what, ToLongFunction<RandomGenerator> draw, double mean, double var, double mu4, LongUnaryOperator pmfTimes1e9) {
        System.out.println(what + ": seed " + SEED);
        RandomGenerator rng = Rng.create(SEED);
        double sum = 0, sumSq = 0;
        long[] counts = new long[64];
        for (int i = 0; i < N; i++) {
            long x = draw.applyAsLong(rng);
            assertTrue(x >= 0, what + " drew " + x);
            sum += x;
            sumSq += (double) x * x;
            if (x < counts.length) counts[(int) x]++;
        }
        double m = sum / N;
        double v = sumSq / N - m * m;
        assertEquals(mean, m, 6 * Math.sqrt(var / N), what + " mean");
        assertEquals(var, v, 6 * Math.sqrt((mu4 - var * var) / N) + 1e-12, what + " variance");
        for (int k = 0; k < counts.length; k++) {
            double p = pmfTimes1e9.applyAsLong(k) / 1e9;
            if (p < 1e-3) continue;
            assertEquals(p, counts[k] / (double) N, 6 * Math.sqrt(p * (1 - p) / N), what + " P(X=" + k + ")");
        }
    }

    private static long poissonPmf(double lambda, long k) {
        return Math.round(1e9 * Math.exp(-lambda + k * Math.log(lambda) - Budgets.logFactorial(k)));
    }

    private static long binomialPmf(long n, double p, long k) {
        if (k > n) return 0;
        return Math.round(1e9 * Math.exp(Budgets.logFactorial(n) - Budgets.logFactorial(k) - Budgets.logFactorial(n - k)
                + k * Math.log(p) + (n - k) * Math.log1p(-p)));
    }

    @Test
    void poissonAcrossBothAlgorithms() {
        for (double lambda : new double[] {0.5, 3, 9.99, 10, 45, 1000}) {
            check("Poisson(" + lambda + ")", r -> Budgets.poisson(r, lambda), lambda, lambda, lambda * (1 + 3 * lambda),
                    k -> poissonPmf(lambda, k));
        }
        assertEquals(0, Budgets.poisson(Rng.create(1), 0));
    }

    @Test
    void binomialAcrossBothAlgorithms() {
        long[][] ns = {{7}, {20}, {1000}, {1000}, {64}};
        double[] ps = {0.5, 0.3, 0.4, 0.9, 0.05};
        for (int i = 0; i < ps.length; i++) {
            long n = ns[i][0];
            double p = ps[i], q = 1 - p;
            double var = n * p * q;
            check("Binomial(" + n + ", " + p + ")", r -> Budgets.binomial(r, n, p), n * p, var, var * (1 + 3 * (n - 2) * p * q),
                    k -> binomialPmf(n, p, k));
        }
        assertEquals(5, Budgets.binomial(Rng.create(1), 5, 1.0));
        assertEquals(0, Budgets.binomial(Rng.create(1), 5, 0.0));
    }

    @Test
    void binomialBudgetsStayLongsAtTheLargestRateAndAShareNextToOne() {
        RandomGenerator rng = Rng.create(SEED);
        // n = (rate - 1) / (1 - p) overflowed a long here, and the binomial sampler indexed ln(k!) at -1
        for (double p : new double[] {0, 0.5, 1 - 1e-12, Math.nextDown(1.0)}) {
            for (double rate : new double[] {2, Mux.MAX_RATE}) {
                long b = Budgets.binomialBudget(rng, rate, p);
                assertTrue(b >= 1 && b <= 2 * rate, "budget(rate " + rate + ", p " + p + ") drew " + b);
            }
        }
        // the Poisson limit taken past 2^53 keeps the mean: weights 1e12 : 1 at rate 3
        double sum = 0;
        for (int i = 0; i < N; i++) sum += Budgets.binomialBudget(rng, 3, 1 - 1e-15);
        assertEquals(3, sum / N, 6 * Math.sqrt(2.0 / N));
    }

    @Test
    void binomialBudgetHasMeanRateWhenNIsFractional() {
        // (rate, p): n = (rate - 1) / (1 - p) is 4.5, 2, 2.4, 10, 7.66.., 1.1 (the first is k = 3, rate = 4)
        double[][] cases = {{4, 1.0 / 3}, {2.5, 0.25}, {3.4, 0}, {10, 0.1}, {3.3, 0.7}, {1.55, 0.5}};
        for (double[] c : cases) {
            double rate = c[0], p = c[1], q = 1 - p;
            double n = (rate - 1) / q, f = n - Math.floor(n);
            double var = n * q * p + q * q * f * (1 - f); // the binomial's, plus what mixing floor and ceiling adds
            String what = "budget(rate " + rate + ", p " + p + ")";
            System.out.println(what + ": seed " + SEED);
            RandomGenerator rng = Rng.create(SEED);
            double sum = 0, sumSq = 0;
            for (int i = 0; i < N; i++) {
                long b = Budgets.binomialBudget(rng, rate, p);
                assertTrue(b >= 1 && b <= 1 + Math.ceil(n), what + " drew " + b);
                sum += b;
                sumSq += (double) b * b;
            }
            double m = sum / N, v = sumSq / N - m * m;
            assertEquals(rate, m, 6 * Math.sqrt(var / N), what + " mean");
            assertEquals(var, v, 0.05 * var, what + " variance");
        }
    }

    @Test
    void logFactorialIsAccurateAcrossTheTableBoundary() {
        double exact = 0;
        for (int k = 1; k <= 200; k++) {
            exact += Math.log(k);
            assertEquals(exact, Budgets.logFactorial(k), 1e-9 * Math.max(1, exact), "ln(" + k + "!)");
        }
    }
}
