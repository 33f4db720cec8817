package io.ninjastore.cli;

import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Stores;
import io.ninjastore.stream.CloseableIterator;
import io.ninjastore.stream.Dataset;
import io.ninjastore.stream.Mux;
import io.ninjastore.stream.Samplers;
import io.ninjastore.stream.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore sample}: pescador's "sampling from disk" over a ragged store. One window streamer
 * per sample, multiplexed by {@link Mux#stochastic}; prints up to {@code --count} lines
 * {@code {"sample":i,"offset":o,"values":[...]}} (values in canonical JSON, spec J-1..J-5), ending
 * early when an exhaustive mux ends. The same seed prints the same lines on every machine. A value
 * wrong whatever the store exits with 2 (a usage error); a store that is not ragged, or has fewer
 * samples than {@code --active} in single_active mode, with 1.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw random windows of rows from a ragged store's samples with a stochastic mux.")
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STORE", description = "A ragged store.")
    Path store;

    @Option(names = "--window", required = true, paramLabel = "N", description = "Rows per window (along axis 0 of a sample).")
    long window;

    @Option(names = "--active", required = true, paramLabel = "K", description = "Streamers active at once.")
    int active;

    @Option(names = "--rate", required = true, paramLabel = "LAM", description = "Mean number of windows a streamer yields per activation.")
    double rate;

    @Option(names = "--mode", required = true, paramLabel = "MODE",
            description = "with_replacement, single_active or exhaustive.")
    String mode;

    @Option(names = "--dist", defaultValue = "poisson", paramLabel = "DIST", description = "poisson (default), constant or binomial.")
    String dist;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed: the same seed prints the same windows.")
    long seed;

    @Option(names = "--count", required = true, paramLabel = "C", description = "Print at most C windows.")
    long count;

    @Option(names = "--json", description = "JSON lines (the only format; accepted so that scripts can say so).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        // A value wrong whatever the store is a usage error (status 2); one the store does not fit is an error (1).
        if (count < 0) throw usage("--count must be >= 0, got " + count);
        if (window <= 0) throw usage("--window must be positive, got " + window);
        if (active <= 0) throw usage("--active must be positive, got " + active);
        if (!(rate >= 1 && rate <= Mux.MAX_RATE)) throw usage("--rate must be a number in [1, 2^53], got " + rate);
        Mux.Mode m = parse(Mux.Mode.class, "--mode", mode);
        Mux.Dist d = parse(Mux.Dist.class, "--dist", dist);
        if (m == Mux.Mode.WITH_REPLACEMENT && active > Mux.MAX_ACTIVE) {
            throw usage("--active must be at most " + Mux.MAX_ACTIVE + " with --mode with_replacement, got " + active);
        }
        if (d == Mux.Dist.CONSTANT && rate != Math.rint(rate)) throw usage("--dist constant needs a whole-number --rate, got " + rate);
        String type = Stores.type(store);
        if (StoreKind.ofTypeName(type) != StoreKind.RAGGED) throw new CliException("sample needs a ragged store; " + store + " is " + kindOf(type));
        PrintWriter out = spec.commandLine().getOut();
        try (RaggedMmap s = RaggedMmap.open(store)) {
            if (m == Mux.Mode.SINGLE_ACTIVE && active > s.length()) {
                throw new CliException("--active " + active + ": single_active keeps each sample active at most once, and " + store
                        + " has " + StoreKind.RAGGED.count(s.length()));
            }
            List<Dataset<Window>> streamers = Samplers.windows(s, window, seed);
            Dataset<Window> mux = Mux.stochastic(streamers, active, rate, m, d, null, seed).take(count);
            StringBuilder line = new StringBuilder(256);
            try (CloseableIterator<Window> it = mux.iterator()) {
                while (it.hasNext()) {
                    Window w = it.next();
                    line.setLength(0);
                    line.append("{\"sample\":").append(w.sample()).append(",\"offset\":").append(w.offset()).append(",\"values\":");
                    CanonicalJson.appendArray(line, w.values());
                    out.append(line.append("}\n"));
                    if (out.checkError()) return 1; // stop early; Main reports the failed write
                }
            }
        }
        return 0;
    }

    /** A store's kind as a message names it, from its {@code type.ninja}. */
    private static String kindOf(String type) {
        if (type.equals("offline")) return "an offline data set";
        StoreKind k = StoreKind.ofTypeName(type);
        return k == null ? "a store of unknown type '" + type + "'" : "a " + k.option() + " store";
    }

    private ParameterException usage(String message) { return new ParameterException(spec.commandLine(), message); }

    private <E extends Enum<E>> E parse(Class<E> type, String option, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.strip())) return e;
        }
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) names.append(names.isEmpty() ? "" : ", ").append(e.name().toLowerCase(java.util.Locale.ROOT));
        throw usage(option + ": '" + text + "' is not one of " + names);
    }
}
