package io.ninjastore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code ninjastore info PATH [--json]}: what a store or {@code .npy} file holds (spec J-7). */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a store directory or .npy file: type, length, and where they apply dtype, shape, order.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A store directory or a .npy file.")
    Path path;

    @Option(names = "--json", description = "Print one canonical JSON object (the stable, scriptable form).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        StoreInfo info;
        try (CanonicalView view = CanonicalViews.open(path)) {
            info = view.info();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? CanonicalJson.info(info) + "\n" : text(info));
        out.flush();
        return 0;
    }

    /** The human-readable form: one {@code key: value} line per field. */
    static String text(StoreInfo info) {
        StringBuilder sb = new StringBuilder();
        sb.append("type:   ").append(info.type()).append('\n');
        sb.append("length: ").append(info.length()).append('\n');
        if (info.dtype() != null) sb.append("dtype:  ").append(info.dtype()).append('\n');
        long[] min = info.shapeMin();
        if (min != null) {
            long[] max = info.shapeMax();
            sb.append("shape:  ").append(Arrays.equals(min, max) ? Arrays.toString(min) : Arrays.toString(min) + " .. " + Arrays.toString(max))
                    .append('\n');
        }
        if (info.order() != null) sb.append("order:  ").append(info.order()).append('\n');
        return sb.toString();
    }
}
