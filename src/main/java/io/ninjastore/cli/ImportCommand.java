package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Store;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore import STORE --type numpy|ragged|strings INPUT...}: builds a new store from JSON
 * Lines, {@code .npy} files, directories of {@code .npy} files or {@code .txt} lines. All or nothing:
 * the store appears only when every input was read (see {@link Staging}).
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a new store from INPUT files (all or nothing: on an error the target is left as it was).",
                "INPUT: a .jsonl file (one sample per line, as `cat --json` prints), - for JSON Lines on stdin, "
                        + "a .npy file (numpy: its rows; ragged: one sample), a directory (its .npy files in sorted order), "
                        + "or a .txt file (strings: one per line)."})
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store directory to create.")
    Path store;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "Input files, directories or -.")
    List<String> inputs;

    @Option(names = "--type", required = true, paramLabel = "numpy|ragged|strings", converter = StoreKind.Converter.class,
            description = "The kind of store to build.")
    StoreKind kind;

    @Option(names = "--dtype", paramLabel = "D", converter = DTypeConverter.class,
            description = "Element dtype (numpy name, e.g. float32); required for JSON input, else that of the first .npy file.")
    DType dtype;

    @Option(names = "--order", paramLabel = "C|F", description = "numpy: memory order of the store (F keeps the whole array in memory while importing; default C).")
    String order;

    @Option(names = "--force", description = "Replace an existing store at STORE (only once the new one is complete).")
    boolean force;

    @Mixin
    WriteFlags flags;

    @Override
    public Integer call() throws IOException {
        boolean fortran = checkOptions();
        List<Input> in = Inputs.expand(inputs, kind);
        Staging staging = Staging.beside(store, force);
        Path dir = staging.dir();
        WriteOptions options = flags.options();
        Expectation expect = new Expectation(dtype, null, null, flags.casting);
        SampleReader reader = new SampleReader(kind, main.stdin(), flags.batchSize());
        String label = flags.progressLabel("import " + store.getFileName());
        Opened opened = new Opened();
        long count;
        try {
            try (opened) {
                count = switch (kind) {
                    case NUMPY -> {
                        DenseWriter.Target target = new DenseWriter.Target() {
                            @Override
                            public NumpyMmap rows(NdArray first) throws IOException {
                                long[] rowShape = Arrays.copyOfRange(first.shape(), 1, first.ndim());
                                return opened.set(NumpyMmap.create(dir, first.dtype(), rowShape, options));
                            }

                            @Override
                            public NumpyMmap whole(NdArray array) throws IOException {
                                return opened.set(NumpyMmap.fromArray(dir, array, options));
                            }
                        };
                        try (DenseWriter w = new DenseWriter(target, expect, fortran, flags.batchSize(), label)) {
                            reader.readArrays(in, expect, w);
                            w.finish();
                            yield w.written();
                        }
                    }
                    case RAGGED -> {
                        try (RaggedWriter w = new RaggedWriter(dt -> opened.set(RaggedMmap.create(dir, dt, options)), expect,
                                flags.batchSize(), label)) {
                            reader.readArrays(in, expect, w);
                            w.finish();
                            yield w.written();
                        }
                    }
                    case STRINGS -> {
                        try (StringsWriter w = new StringsWriter(() -> opened.set(StringsMmap.create(dir, options)), flags.batchSize(), label)) {
                            reader.readStrings(in, w);
                            w.finish();
                            yield w.written();
                        }
                    }
                };
            }
            staging.publish(flags.sync);
        } catch (IOException | RuntimeException | Error e) { // an OutOfMemoryError too: Main reports it in one line
            try {
                staging.discard();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        spec.commandLine().getOut().print("imported " + kind.count(count) + " into " + store + "\n");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Rejects options the kind has no use for; returns whether the store is to be Fortran-ordered. */
    private boolean checkOptions() {
        if (kind == StoreKind.STRINGS && dtype != null) throw usage("--dtype does not apply to a strings store");
        if (order == null) return false;
        if (kind != StoreKind.NUMPY) throw usage("--order applies only to --type numpy");
        return switch (order) {
            case "C", "c" -> false;
            case "F", "f" -> true;
            default -> throw usage("--order must be C or F, found '" + order + "'");
        };
    }

    private ParameterException usage(String message) { return new ParameterException(spec.commandLine(), message); }

    /** The store an import opened, closed before it is renamed into place. */
    private static final class Opened implements AutoCloseable {
        private Store store;

        <S extends Store> S set(S s) {
            store = s;
            return s;
        }

        @Override
        public void close() throws IOException {
            if (store != null) store.close();
        }
    }
}
