package io.ninjastore.cli;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Store;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore append STORE INPUT...}: extends an existing store with the same inputs
 * {@code import} reads, in the store's dtype. Every input is read and checked first, so bad input
 * changes nothing; then the samples are appended, one commit per batch (a crash keeps whole batches).
 */
@Command(name = "append", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Append INPUT samples to an existing store (inputs are checked in full before anything is written).",
                "INPUT is read as by `import`, in the store's dtype; - (stdin) is buffered in a temporary file for the check."})
final class AppendCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store directory to extend.")
    Path store;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "Input files, directories or -.")
    List<String> inputs;

    @Mixin
    WriteFlags flags;

    @Override
    public Integer call() throws IOException {
        String type = Stores.type(store);
        StoreKind kind = StoreKind.ofTypeName(type);
        if (kind == null) throw new CliException(store + ": unsupported store type '" + type + "': append extends numpy, ragged and string stores");
        List<Input> in = Inputs.expand(inputs, kind);
        Path spool = null;
        try {
            if (in.stream().anyMatch(i -> i.format() == Input.Format.STDIN)) {
                spool = Files.createTempFile("ninjastore-append-", ".jsonl");
                in = spooled(in, main.stdin(), spool);
            }
            if (kind == StoreKind.NUMPY) { // refused before opening for write, whose repair may cut the data file (C-10)
                try (NumpyMmap n = NumpyMmap.open(store)) {
                    refuseRows(n);
                }
            }
            long before;
            long added;
            try (Store s = Stores.openWritable(store, flags.options())) {
                before = s.length();
                added = append(s, kind, in);
            }
            spec.commandLine().getOut().print("appended " + kind.count(added) + " to " + store + " (now " + (before + added) + ")\n");
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            if (spool != null) Files.deleteIfExists(spool);
        }
    }

    /** A dense store takes no rows when it is 0-d or Fortran-ordered. */
    private void refuseRows(NumpyMmap n) {
        if (n.shape().length == 0) throw new CliException(store + ": holds a 0-d array, which has no rows to append to");
        if (n.order() == 'F') {
            throw new CliException(store + ": is Fortran-ordered: an appended row would interleave with every column (spec F-8); "
                    + "rebuild it in C order (import --order C)");
        }
    }

    private long append(Store s, StoreKind kind, List<Input> in) throws IOException {
        SampleReader reader = new SampleReader(kind, main.stdin(), flags.batchSize());
        String label = flags.progressLabel("append " + store.getFileName());
        switch (s) {
            case NumpyMmap n -> {
                refuseRows(n); // again, under the writer lock: the store may have been replaced since the check above
                long[] shape = n.shape();
                Expectation expect = new Expectation(n.dtype(), Arrays.copyOfRange(shape, 1, shape.length), "the store", flags.casting);
                reader.readArrays(in, expect.copy(), Sink.discard());
                DenseWriter.Target target = new DenseWriter.Target() {
                    @Override public NumpyMmap rows(NdArray first) { return n; }

                    @Override public NumpyMmap whole(NdArray array) { throw new IllegalStateException("append never writes a whole array"); }
                };
                try (DenseWriter w = new DenseWriter(target, expect, false, flags.batchSize(), label)) {
                    reader.readArrays(in, expect, w);
                    w.finish();
                    return w.written();
                }
            }
            case RaggedMmap r -> {
                Expectation expect = new Expectation(r.dtype(), null, null, flags.casting);
                reader.readArrays(in, expect.copy(), Sink.discard());
                try (RaggedWriter w = new RaggedWriter(dt -> r, expect, flags.batchSize(), label)) {
                    reader.readArrays(in, expect, w);
                    w.finish();
                    return w.written();
                }
            }
            case StringsMmap t -> {
                reader.readStrings(in, Sink.discard());
                try (StringsWriter w = new StringsWriter(() -> t, flags.batchSize(), label)) {
                    reader.readStrings(in, w);
                    w.finish();
                    return w.written();
                }
            }
        }
    }

    /** The inputs with standard input replaced by a copy of it in {@code spool}, so that it can be read twice. */
    private static List<Input> spooled(List<Input> in, InputStream stdin, Path spool) throws IOException {
        Files.copy(stdin, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<Input> out = new ArrayList<>();
        for (Input i : in) out.add(i.format() == Input.Format.STDIN ? new Input(Input.Format.STDIN, spool) : i);
        return out;
    }
}
