package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.io.FileIo;
import io.ninjastore.offline.BatchMode;
import io.ninjastore.offline.CompileOptions;
import io.ninjastore.offline.Lardon;
import io.ninjastore.offline.LardonParser;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore demo}: builds a small data set of every store kind in a temporary folder with the
 * Java API and with {@code import}/{@code append}, shows each with {@code info} and {@code cat}, reads an
 * N-d slice of an offline data set built beside them, and removes the folder (unless {@code --keep}).
 * Every step is printed as the command a user would type, or the Java call ({@code >}) where one is shown.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Build a small data set of every store kind and an offline data set in a temporary folder, and show them.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", description = "Keep the folder afterwards (its path is printed).")
    boolean keep;

    private PrintWriter out;
    private PrintWriter err;
    private Path root;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        root = Files.createTempDirectory("ninjastore-demo-");
        try {
            say("ninjastore demo: building a small data set in " + root);
            dense();
            ragged();
            strings();
            imports();
            offline();
            say("");
            say("done: 3 store kinds written with the Java API, 2 imported from JSON Lines and .npy files, all appended to and read back;"
                    + " an offline data set read as one array.");
            if (keep) say("kept " + root + " (remove it when done)");
            return 0;
        } finally {
            if (!keep) FileIo.DEFAULT.deleteRecursively(root);
            out.flush();
        }
    }

    private void dense() throws IOException {
        section("1. A dense store (NumpyMmap): a 4 x 3 float32 array, then one more row appended");
        Path dir = root.resolve("dense");
        float[] values = new float[12];
        for (int i = 0; i < values.length; i++) values[i] = i * 0.25f - 1;
        try (NumpyMmap s = NumpyMmap.fromArray(dir, NdArray.of(values, 4, 3))) {
            s.append(NdArray.of(new float[] {0.1f, Float.NaN, Float.POSITIVE_INFINITY}));
        }
        show(dir);
    }

    private void ragged() throws IOException {
        section("2. A ragged store (RaggedMmap): samples of different shapes, a scalar and an empty one");
        Path dir = root.resolve("ragged");
        List<NdArray> samples = List.of(NdArray.of(new int[] {1, 2, 3}), NdArray.of(new int[] {4, 5, 6, 7}, 2, 2),
                NdArray.scalarLong(DType.INT32, 42), NdArray.of(new int[0]));
        try (RaggedMmap s = RaggedMmap.fromLists(dir, samples)) {
            s.append(NdArray.of(new int[] {-1, -2}));
        }
        show(dir);
    }

    private void strings() throws IOException {
        section("3. A strings store (StringsMmap): UTF-8 text of any kind");
        Path dir = root.resolve("strings");
        try (StringsMmap s = StringsMmap.fromStrings(dir, List.of("hello", "héllo wörld", "日本語", "tab\tand \"quotes\"", ""))) {
            s.append("emoji 🎉");
        }
        show(dir);
    }

    private void imports() throws IOException {
        section("4. Importing: JSON Lines into a dense store, a folder of .npy files into a ragged store, then appending");
        Path rows = root.resolve("rows.jsonl");
        Files.writeString(rows, "[1.5,2.5]\n[3.0,\"nan\"]\n[-0.0,1e-07]\n", StandardCharsets.UTF_8);
        say("$ cat rows.jsonl");
        out.print(Files.readString(rows, StandardCharsets.UTF_8));
        run("import", "@from-jsonl", "--type", "numpy", "--dtype", "float64", "@rows.jsonl");
        Path more = root.resolve("more.jsonl");
        Files.writeString(more, "[7,8]\n", StandardCharsets.UTF_8);
        run("append", "@from-jsonl", "@more.jsonl");
        show(root.resolve("from-jsonl"));

        Path npy = root.resolve("arrays");
        Files.createDirectories(npy);
        Npy.write(npy.resolve("a.npy"), NdArray.of(new long[] {10, 20, 30}));
        Npy.write(npy.resolve("b.npy"), NdArray.of(new long[] {1, 2, 3, 4, 5, 6}, 3, 2));
        say("$ ls arrays   # a.npy: int64 [3], b.npy: int64 [3, 2]");
        run("import", "@from-npy", "--type", "ragged", "@arrays");
        show(root.resolve("from-npy"));
    }

    private void offline() throws IOException {
        section("5. An offline data set (Lardon.parser, OfflineDataList): int32 images of 2 rows and 3, 4, 5 columns, read as one array");
        Path dir = root.resolve("offline");
        try (LardonParser parser = Lardon.parser(null, dir, CompileOptions.defaults())) {
            for (int k = 0; k < 3; k++) {
                int[] values = new int[2 * (3 + k)];
                for (int i = 0; i < values.length; i++) values[i] = 10 * k + i;
                parser.register(NdArray.of(values, 2, 3 + k), null);
            }
        }
        run("info", "@offline", "--json");
        String expr = "0:3, :, 1:3"; // every entry, both rows, columns 1 and 2: the same shape in each, so they stack
        try (OfflineDataList ds = OfflineDataList.open(dir)) {
            NdArray slice = ds.withBatchMode(BatchMode.CROP).get(Index.parse(expr)).arrays().getFirst();
            say("> ds.withBatchMode(BatchMode.CROP).get(Index.parse(\"" + expr + "\"))   # Java; the CLI: ninjastore slice offline \""
                    + expr + "\" --batch crop");
            say("shape " + Arrays.toString(slice.shape()) + ": " + CanonicalJson.array(slice));
        }
    }

    private void show(Path dir) {
        String name = root.relativize(dir).toString();
        run("info", "@" + name, "--json");
        run("cat", "@" + name, "--json");
    }

    /**
     * Runs a ninjastore command line, printing it as typed (from inside the demo folder) and what it printed.
     * An argument {@code @name} is the path {@code name} in the demo folder.
     */
    private void run(String... args) {
        List<String> resolved = new ArrayList<>();
        StringBuilder typed = new StringBuilder("$ ninjastore");
        for (String a : args) {
            boolean path = a.startsWith("@");
            typed.append(' ').append(path ? a.substring(1) : a);
            resolved.add(path ? root.resolve(a.substring(1)).toString() : a);
        }
        say(typed.toString());
        String printed = capture(resolved.toArray(String[]::new));
        out.print(printed.replace(root + java.io.File.separator, ""));
    }

    private String capture(String[] args) {
        java.io.StringWriter buf = new java.io.StringWriter();
        int status = Main.execute(new Main(main.stdin()), new PrintWriter(buf), err, args);
        if (status != 0) throw new CliException("demo step 'ninjastore " + String.join(" ", args) + "' failed with status " + status);
        return buf.toString();
    }

    private void section(String title) {
        say("");
        say(title);
    }

    private void say(String line) { out.print(line + "\n"); }
}
