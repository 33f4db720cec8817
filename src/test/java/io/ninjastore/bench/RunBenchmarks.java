package io.ninjastore.bench;

/**
 * Entry point for the JMH benchmarks (see the README): forwards its arguments to JMH, e.g.
 * {@code StoreGet -p samples=100000}. Benchmarks live in the test source set, named {@code *Benchmark}.
 */
public final class RunBenchmarks {
    private RunBenchmarks() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
