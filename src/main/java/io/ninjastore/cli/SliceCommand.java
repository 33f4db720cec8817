package io.ninjastore.cli;

import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.offline.Batch;
import io.ninjastore.offline.BatchMode;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.offline.ParseOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore slice DST EXPR --json}: reads part of an offline data set. EXPR is numpy-like text
 * ({@code "0, 1:3, ::2, -1"}, lists as {@code [0, 2]}, {@code ...}, a newaxis as {@code None} or
 * {@code np.newaxis}) whose first index selects entries;
 * the rest index each entry as {@link NdArray#get} does: several lists pair up as in numpy
 * ({@code "0, [0, 1], [2, 3]"} reads elements (0, 2) and (1, 3) of entry 0); with {@code --orthogonal}
 * they select their outer product, as {@link NdArray#getOrthogonal} does (the 2 x 2 block).
 * Prints one canonical JSON line (spec section 9) for a single entry; for several, one line per entry
 * with {@code --batch list}, or one line holding the stacked array with {@code pad} or {@code crop}.
 * Errors reach {@link Main}: one line on stderr, exit status 1, or 2 for a usage error (an EXPR or
 * option value malformed whatever the data set). EXPR may start with '-' ({@code "-1, 0"}): {@link Main}
 * lets this command take unknown option-like text as a positional parameter.
 */
@Command(name = "slice", mixinStandardHelpOptions = true,
        description = "Print part of an offline data set as JSON; the first index of EXPR selects entries.")
final class SliceCommand implements Callable<Integer> {
    enum Mode { list, pad, crop }

    enum PadMode { constant, edge }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DST", description = "The offline data set.")
    private Path dst;

    @Parameters(index = "1", paramLabel = "EXPR", description = "numpy-like index, e.g. \"0, 1:3, ::2, -1\" or \"0, None, 1:3\".")
    private String expr;

    @Option(names = "--json", description = "Canonical JSON output, one value per line (the only format).")
    private boolean json;

    @Option(names = "--orthogonal", description = "Index each entry orthogonally, as zarr's oindex: several lists select"
            + " their outer product (numpy pairs them up).")
    private boolean orthogonal;

    @Option(names = "--batch", paramLabel = "MODE", defaultValue = "list", description = "Several entries: list, pad or crop (default ${DEFAULT-VALUE}).")
    private Mode batch;

    @Option(names = "--pad-mode", paramLabel = "M", defaultValue = "constant", description = "With --batch pad: constant or edge (default ${DEFAULT-VALUE}).")
    private PadMode padMode;

    @Option(names = "--pad-value", paramLabel = "V", defaultValue = "0", converter = PadValue.class,
            description = "With --batch pad --pad-mode constant: the fill value (default ${DEFAULT-VALUE}; nan, inf, -inf accepted).")
    private double padValue;

    @Override
    public Integer call() throws IOException {
        requirePadOptionsApply();
        Index[] request;
        try {
            request = Index.parse(expr);
        } catch (IllegalArgumentException e) { // malformed whatever the data set: a usage error
            throw new ParameterException(spec.commandLine(), "EXPR: " + e.getMessage());
        }
        BatchMode mode = switch (batch) {
            case list -> BatchMode.LIST;
            case crop -> BatchMode.CROP;
            case pad -> padMode == PadMode.edge ? BatchMode.padEdge() : BatchMode.pad(padValue);
        };
        PrintWriter out = spec.commandLine().getOut();
        try (OfflineDataList list = OfflineDataList.open(dst, ParseOptions.defaults().withBatchMode(mode))) {
            Batch b = orthogonal ? list.getOrthogonal(request) : list.get(request);
            StringBuilder line = new StringBuilder(256);
            for (NdArray a : b.arrays()) {
                line.setLength(0);
                CanonicalJson.appendArray(line, a);
                out.append(line.append('\n'));
            }
        }
        return 0; // Main reports output that could not be written
    }

    /** Refuses a pad option the batch mode would ignore: a user who wrote it expects it to act. */
    private void requirePadOptionsApply() {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (batch != Mode.pad && (given.hasMatchedOption("--pad-mode") || given.hasMatchedOption("--pad-value"))) {
            throw new ParameterException(spec.commandLine(), (given.hasMatchedOption("--pad-mode") ? "--pad-mode" : "--pad-value")
                    + " applies only with --batch pad, not --batch " + batch);
        }
        if (padMode == PadMode.edge && given.hasMatchedOption("--pad-value")) {
            throw new ParameterException(spec.commandLine(), "--pad-value applies only with --pad-mode constant: edge padding repeats the edge");
        }
    }

    /** A pad value as numpy's {@code float()} reads it; whether the data's dtype can hold it is checked when padding. */
    static final class PadValue implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            return switch (text.strip()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> {
                    try {
                        yield Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new TypeConversionException("'" + text + "' is not a number");
                    }
                }
            };
        }
    }
}
