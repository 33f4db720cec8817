package io.ninjastore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore cat PATH [--json] [--start N] [--limit N]}: one canonical JSON value per line per
 * sample (spec J-1..J-6). Stops quietly, with status 1, when the reader of its output goes away.
 */
@Command(name = "cat", mixinStandardHelpOptions = true, description = "Print samples as canonical JSON, one per line (a dense store: its rows along axis 0).")
final class CatCommand implements Callable<Integer> {
    /** How often to ask whether the output is still being read (checking flushes). */
    private static final int CHECK_EVERY = 4096;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A store directory or a .npy file.")
    Path path;

    @Option(names = "--json", description = "Canonical JSON lines (the only format; accepted so that scripts can say so).")
    boolean json;

    @Option(names = "--start", paramLabel = "N", defaultValue = "0", description = "First sample to print (default 0).")
    long start;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N samples (default: all).")
    Long limit;

    @Override
    public Integer call() throws IOException {
        if (start < 0) throw new ParameterException(spec.commandLine(), "--start must be >= 0, got " + start);
        if (limit != null && limit < 0) throw new ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
        PrintWriter out = spec.commandLine().getOut();
        try (CanonicalView view = CanonicalViews.open(path)) {
            long end = view.lines();
            if (limit != null && limit < end - start) end = start + limit;
            StringBuilder line = new StringBuilder(256);
            for (long i = start; i < end; i++) {
                line.setLength(0);
                view.appendLine(i, line);
                line.append('\n');
                out.append(line);
                // stop early when nobody reads any more; Main turns the failed write into the exit status
                if ((i - start) % CHECK_EVERY == CHECK_EVERY - 1 && out.checkError()) return 1;
            }
        }
        return 0;
    }
}
