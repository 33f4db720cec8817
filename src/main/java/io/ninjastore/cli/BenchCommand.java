package io.ninjastore.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore bench}: the reference workloads of {@code MMAP_NINJA_FORMAT.md} in one process.
 * Prints one JSON object (the last line of stdout) with exactly the keys of the performance issue, and
 * a table of figure, reference and ratio on stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the reference workloads and print their figures (ratios against mmap_ninja/lardon on stderr).")
final class BenchCommand implements Callable<Integer> {
    /** mmap_ninja 0.8.2 / lardon figures measured on this kind of machine (MMAP_NINJA_FORMAT.md). */
    static final Map<String, Double> REFERENCE = new LinkedHashMap<>();
    /** The ratio each figure must reach (the performance issue's targets). */
    static final Map<String, Double> TARGET = new LinkedHashMap<>();

    static {
        ref("ragged_build_mb_s", 219, 5);
        ref("ragged_random_get_per_s", 240_000, 20);
        ref("ragged_random_get_copy_per_s", 198_000, 10);
        ref("ragged_sequential_get_per_s", 257_000, 20);
        ref("ragged_extend10_per_s", 697, 20);
        ref("strings_build_per_s", 1_950_000, 3);
        ref("strings_random_get_per_s", 1_180_000, 5);
        ref("dense_build_mb_s", 360, 3);
        ref("dense_random_row_copy_per_s", 776_000, 5);
        ref("offline_first_axis_slice_per_s", 18_800, 20);
        ref("offline_deep_slice_per_s", 45, 1000);
    }

    private static void ref(String key, double reference, double target) {
        REFERENCE.put(key, reference);
        TARGET.put(key, target);
    }

    /** Untimed builds of the same size before a build workload's timed builds. */
    static final int WARM_UP_BUILDS = 2;

    @Option(names = "--json", description = "Print the figures as one JSON object on the last line of stdout (always done).")
    boolean json;

    @Option(names = "--samples", defaultValue = "100000", description = "Ragged samples N (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--strings", defaultValue = "500000", description = "Strings M (default ${DEFAULT-VALUE}).")
    int strings;

    @Option(names = "--rows", defaultValue = "50000", description = "Dense rows R (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--dir", description = "Where to build the stores (default: a new temporary directory, deleted after).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (samples <= 0 || strings <= 0 || rows <= 0) {
            throw new ParameterException(spec.commandLine(), "--samples, --strings and --rows must be positive"); // a usage error
        }
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("ninjastore-bench") : Files.createDirectories(dir);
        Path work = Files.createTempDirectory(root, "run-");
        BenchWorkloads w = new BenchWorkloads();
        Map<String, Double> figures = new LinkedHashMap<>();
        try {
            // Builds are timed as the reads are: whole builds, each into a new directory (the one before
            // deleted first, untimed), until they add up to MIN_TIMED_NANOS; the figure is everything the
            // timed builds wrote over their total time. WARM_UP_BUILDS untimed builds of the same size
            // come first, as JMH's warm-up iterations: a build's loops are compiled only after a few
            // builds in a process, and on a VM the first write into never-touched guest memory costs ~10x
            // a later one (a 2 GB dd measured 336 MB/s, then 3.3 GB/s once its pages had been freed and
            // reused), which measures the machine, not the store. Nothing of one build is cached for the
            // next: its files are gone, the next writes new ones. The last timed build stays for the reads.
            figures.put("ragged_build_mb_s", timedBuilds(work.resolve("ragged"), d -> w.raggedBuild(d, samples)));
            try (RaggedMmap r = RaggedMmap.open(work.resolve("ragged"))) {
                figures.put("ragged_random_get_per_s", w.raggedRandomGet(r, samples));
                figures.put("ragged_random_get_copy_per_s", w.raggedRandomGetCopy(r, samples));
                figures.put("ragged_sequential_get_per_s", w.raggedSequentialGet(r));
            }
            try (RaggedMmap r = RaggedMmap.openWritable(work.resolve("ragged"), WriteOptions.defaults())) {
                figures.put("ragged_extend10_per_s", w.raggedExtend10(r));
            }
            figures.put("strings_build_per_s", timedBuilds(work.resolve("strings"), d -> w.stringsBuild(d, strings)));
            try (StringsMmap s = StringsMmap.open(work.resolve("strings"))) {
                figures.put("strings_random_get_per_s", w.stringsRandomGet(s, strings));
            }
            figures.put("dense_build_mb_s", timedBuilds(work.resolve("dense"), d -> w.denseBuild(d, rows)));
            try (NumpyMmap d = NumpyMmap.open(work.resolve("dense"))) {
                figures.put("dense_random_row_copy_per_s", w.denseRandomRowCopy(d, rows));
            }
            figures.put("offline_first_axis_slice_per_s", w.offlineFirstAxisSlice(work.resolve("offline")));
            figures.put("offline_deep_slice_per_s", w.offlineDeepSlice(work.resolve("offline")));
        } finally {
            deleteTree(temporary ? root : work);
        }
        printTable(figures, err);
        // Plain decimals with two places: a double would print 1.2E7 for twelve million reads a second.
        ObjectMapper mapper = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        ObjectNode o = mapper.createObjectNode();
        figures.forEach((k, v) -> o.put(k, BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP)));
        out.println(mapper.writeValueAsString(o));
        err.println("(consumed " + w.sink + ")");
        out.flush();
        err.flush();
        return 0;
    }

    /** One build into a directory that does not exist yet, for {@link #timedBuilds}. */
    interface Build {
        BenchWorkloads.Built run(Path dir) throws IOException;
    }

    /**
     * Units per second over whole builds into {@code dir} timed for at least
     * {@link BenchWorkloads#MIN_TIMED_NANOS}, after {@link #WARM_UP_BUILDS} untimed ones; each build
     * first deletes the one before it (untimed). The last build is left in {@code dir}.
     */
    static double timedBuilds(Path dir, Build build) throws IOException {
        for (int i = 0; i < WARM_UP_BUILDS; i++) {
            deleteTree(dir);
            build.run(dir);
        }
        double units = 0;
        long nanos = 0;
        do {
            deleteTree(dir);
            BenchWorkloads.Built b = build.run(dir);
            units += b.units();
            nanos += b.nanos();
        } while (nanos < BenchWorkloads.MIN_TIMED_NANOS);
        return units / (nanos / 1e9);
    }

    private static void printTable(Map<String, Double> figures, PrintWriter err) {
        err.println("(builds are timed over whole builds for at least " + BenchWorkloads.MIN_TIMED_NANOS / 1_000_000_000
                + " s after " + WARM_UP_BUILDS + " untimed warm-up builds of the same size, each build deleted before the next;"
                + " each read workload after one untimed pass, timed over whole passes for at least "
                + BenchWorkloads.MIN_TIMED_NANOS / 1_000_000_000 + " s, " + BenchWorkloads.OFFLINE_TIMED_NANOS / 1_000_000_000
                + " s for the offline reads)");
        err.printf(Locale.ROOT, "%-32s %14s %14s %8s %8s%n", "workload", "ninjastore", "reference", "ratio", "target");
        figures.forEach((k, v) -> {
            double ref = REFERENCE.get(k);
            double ratio = v / ref;
            err.printf(Locale.ROOT, "%-32s %14.1f %14.1f %7.1fx %7.0fx%s%n", k, v, ref, ratio, TARGET.get(k),
                    ratio >= TARGET.get(k) ? "" : "  (below target)");
        });
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
