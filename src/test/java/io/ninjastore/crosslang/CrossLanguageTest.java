package io.ninjastore.crosslang;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.cli.CanonicalJson;
import io.ninjastore.cli.CliRun;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Store;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.WriteOptions;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java and the Python reference reader/writer ({@code spec/reference/ninja_ref.py}) agree: stores
 * written by either are read the same by both, appends cross in both directions, and {@code ninjastore
 * cat|info --json} prints exactly what {@code ninja_ref.py cat|info} prints. Runs when python3 with
 * numpy is present; otherwise every test reports, as a skipped assumption, that it did not run.
 *
 * <p>Random data comes from one seed, printed; rerun with {@code -Dcrosslang.seed=N}.
 */
@Spec({"F-51", "J-1", "J-2", "J-3", "J-4", "J-5", "J-6", "J-7"})
class CrossLanguageTest {
    private static final long SEED = Long.getLong("crosslang.seed", new SplittableRandom().nextLong());

    @TempDir
    Path tmp;

    private RandomData random;

    @BeforeAll
    static void printSeed() {
        System.out.println("CrossLanguageTest seed " + SEED + " (rerun with -Dcrosslang.seed=" + SEED + ")");
    }

    @BeforeEach
    void setUp() {
        Python.assumeAvailable();
        random = new RandomData(SEED);
    }

    private String seeded(String what) { return what + " (seed " + SEED + ")"; }

    // ------------------------------------------------------------------ (a) Java writes, both CLIs print the same

    @Test
    void javaWrittenStoresPrintTheSameInBothClis() throws IOException {
        List<Path> stores = new ArrayList<>();
        for (int i = 0; i < 4; i++) stores.add(javaDense("dense" + i));
        stores.add(javaZeroD());
        for (int i = 0; i < 4; i++) stores.add(javaRagged("ragged" + i, i % 2 == 0));
        try (RaggedMmap r = RaggedMmap.fromLists(tmp.resolve("ragged-empty"), List.of(), DType.UINT16, WriteOptions.defaults())) {
            stores.add(r.path());
        }
        for (int i = 0; i < 3; i++) stores.add(javaStrings("strings" + i));
        List<List<String>> calls = new ArrayList<>();
        for (Path store : stores) {
            calls.add(List.of("info", store.toString()));
            calls.add(List.of("cat", store.toString()));
        }
        assertSamePrints(calls);
        // once through the reference's real command line, with a window
        String python = Python.refOk("cat", stores.get(0).toString(), "--start", "1", "--limit", "2");
        assertEquals(python, CliRun.run("cat", stores.get(0).toString(), "--json", "--start", "1", "--limit", "2").out(), seeded("cat window"));
    }

    @Test
    void everyFloatPrintsAsNumpyPrintsIt() throws IOException {
        short[] halves = new short[1 << 16];
        for (int i = 0; i < halves.length; i++) halves[i] = (short) i;
        SplittableRandom r = new SplittableRandom(SEED);
        int[] floats = new int[20_000];
        for (int i = 0; i < floats.length; i++) floats[i] = i < 2000 ? i : (i < 4000 ? 0x7F7F_FFFF - i : r.nextInt()); // subnormals, near max, any
        long[] doubles = new long[20_000];
        for (int i = 0; i < doubles.length; i++) doubles[i] = i < 2000 ? i : (i < 4000 ? 0x7FEF_FFFF_FFFF_FFFFL - i : r.nextLong());
        List<Path> stores = List.of(dense("all-float16", NdArray.ofBits(DType.FLOAT16, halves)),
                dense("float32", NdArray.ofBits(DType.FLOAT32, floats)), dense("float64", NdArray.ofBits(DType.FLOAT64, doubles)),
                dense("complex64", random.array(DType.COMPLEX64, new long[] {3000}, false)));
        assertSamePrints(stores.stream().map(p -> List.of("cat", p.toString())).toList());
    }

    private Path dense(String name, NdArray a) throws IOException {
        try (NumpyMmap n = NumpyMmap.fromArray(tmp.resolve(name), a)) {
            return n.path();
        }
    }

    /** Each reference command line ({@code info|cat PATH ...}) prints what {@code ninjastore} prints with {@code --json}. */
    private void assertSamePrints(List<List<String>> calls) {
        List<String> python = Python.batchOk(calls);
        for (int c = 0; c < calls.size(); c++) {
            List<String> args = new ArrayList<>(calls.get(c));
            args.add("--json");
            CliRun.Result java = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, java.status(), java.toString());
            List<String> p = python.get(c).lines().toList();
            List<String> j = java.out().lines().toList();
            for (int i = 0; i < Math.min(p.size(), j.size()); i++) {
                assertEquals(p.get(i), j.get(i), seeded(String.join(" ", args) + ": line " + i + " differs from ninja_ref.py"));
            }
            assertEquals(p.size(), j.size(), seeded(String.join(" ", args) + ": line count"));
            assertEquals(python.get(c), java.out(), seeded(String.join(" ", args)));
        }
    }

    private Path javaDense(String name) throws IOException {
        DType t = random.dtype();
        long[] shape = rowsShape();
        boolean fortran = shape.length > 1 && random.nextInt(2) == 0;
        NdArray a = random.array(t, shape, fortran);
        Path dir = tmp.resolve(name);
        if (fortran || shape[0] < 2) {
            try (NumpyMmap n = NumpyMmap.fromArray(dir, a)) {
                assertEquals(a.isFortranContiguous() && !a.isContiguous() ? 'F' : 'C', n.order()); // numpy's isfortran
            }
        } else {
            long half = shape[0] / 2;
            try (NumpyMmap n = NumpyMmap.fromArray(dir, a.rows(0, half).copy())) {
                n.extend(a.rows(half, shape[0]));
            }
        }
        return dir;
    }

    /** A dense shape whose rows print and re-read unchanged: only the last axis may be empty. */
    private long[] rowsShape() {
        long[] shape = random.shape(1, 3, 3);
        shape[0] = random.nextInt(6);
        for (int k = 1; k < shape.length - 1; k++) shape[k] = Math.max(1, shape[k]);
        return shape;
    }

    private Path javaZeroD() throws IOException {
        return dense("zero-d", random.array(random.dtype(), new long[0], false));
    }

    private Path javaRagged(String name, boolean nested) throws IOException {
        DType t = random.dtype();
        List<NdArray> samples = random.samples(t, 1 + random.nextInt(6), nested);
        Path dir = tmp.resolve(name);
        int half = samples.size() / 2;
        try (RaggedMmap r = RaggedMmap.fromLists(dir, samples.subList(0, Math.max(1, half)))) {
            r.extend(samples.subList(Math.max(1, half), samples.size())); // may turn flat shapes nested (F-19)
        }
        return dir;
    }

    private Path javaStrings(String name) throws IOException {
        List<String> strings = random.strings(random.nextInt(8));
        Path dir = tmp.resolve(name);
        try (StringsMmap s = StringsMmap.fromStrings(dir, strings)) {
            s.extend(random.strings(2));
        }
        return dir;
    }

    // ------------------------------------------------------------------ (b) Python writes, Java reads the same

    @Test
    void pythonWrittenStoresReadTheSameInJavaAndMatchJavasBytes() throws IOException {
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DType t = random.dtype();
            long[] shape = rowsShape();
            boolean fortran = shape.length > 2 && random.nextInt(2) == 0;
            NdArray a = random.array(t, shape, false);
            List<String> rows = new ArrayList<>();
            for (long r = 0; r < shape[0]; r++) rows.add(CanonicalJson.array(a.row(r)));
            written.add(written("numpy", t, rows, fortran ? List.of("--order", "F") : List.of()));
        }
        for (int i = 0; i < 3; i++) {
            DType t = random.dtype();
            written.add(written("ragged", t, random.samples(t, random.nextInt(6), i != 0).stream().map(CanonicalJson::array).toList(), List.of()));
        }
        written.add(written("strings", null, random.strings(7).stream().map(CanonicalJson::string).toList(), List.of()));
        Python.batchOk(written.stream().map(Written::pythonArgs).toList());
        for (Written w : written) {
            String what = seeded("python " + String.join(" ", w.pythonArgs()));
            assertEquals(w.lines(), javaLines(w.python()), what);
            CliRun.Result imported = CliRun.run(w.javaArgs().toArray(String[]::new));
            assertEquals(0, imported.status(), imported.toString());
            assertSameFiles(w.python(), w.java(), what);
        }
    }

    /** A store Python writes from canonical lines, and the {@code ninjastore import} of the same lines. */
    private record Written(List<String> lines, Path python, List<String> pythonArgs, Path java, List<String> javaArgs) {}

    private Written written(String kind, DType t, List<String> lines, List<String> extra) throws IOException {
        Path jsonl = jsonl(lines);
        Path py = tmp.resolve("py-" + kind + "-" + jsonl.getFileName());
        Path java = tmp.resolve("java-" + kind + "-" + jsonl.getFileName());
        List<String> args = new ArrayList<>(List.of("write", kind, py.toString(), jsonl.toString()));
        List<String> cli = new ArrayList<>(List.of("import", java.toString(), "--type", kind, jsonl.toString()));
        if (t != null) {
            args.addAll(List.of("--dtype", t.numpyName()));
            cli.addAll(List.of("--dtype", t.numpyName()));
        }
        args.addAll(extra);
        cli.addAll(extra);
        return new Written(lines, py, args, java, cli);
    }

    /** Every sample, read with the Java store API, as its canonical line. */
    private static List<String> javaLines(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Store s = Stores.open(dir)) {
            switch (s) {
                case NumpyMmap n -> {
                    for (long i = 0; i < n.length(); i++) out.add(CanonicalJson.array(n.get(i)));
                }
                case RaggedMmap r -> {
                    for (long i = 0; i < r.length(); i++) out.add(CanonicalJson.array(r.get(i)));
                }
                case StringsMmap st -> {
                    for (long i = 0; i < st.length(); i++) out.add(CanonicalJson.string(st.get(i)));
                }
            }
        }
        return out;
    }

    /** Every file under {@code py} exists under {@code java} with the same bytes (Java may add its own, spec section 5). */
    private static void assertSameFiles(Path py, Path java, String what) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(py)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path rel = py.relativize(f);
            Path other = java.resolve(rel.toString());
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), what + ": " + rel + " differs from Java's");
        }
    }

    // ------------------------------------------------------------------ (c) appends cross in both directions

    @Test
    void pythonAppendsToJavaStoresAndJavaAppendsToPythonStores() throws IOException {
        List<String> kinds = List.of("numpy", "ragged", "strings");
        List<Crossing> crossings = new ArrayList<>();
        for (String kind : kinds) {
            DType t = kind.equals("strings") ? null : random.dtype();
            long[] rowShape = Arrays.copyOfRange(rowsShape(), 1, 3);
            crossings.add(new Crossing(kind, t, tmp.resolve("java-first-" + kind), tmp.resolve("python-first-" + kind),
                    lines(kind, t, rowShape, 1 + random.nextInt(4)), lines(kind, t, rowShape, 1 + random.nextInt(4)),
                    lines(kind, t, rowShape, 1 + random.nextInt(4))));
        }
        // Java writes one store of each kind; Python appends to it, and writes one of its own.
        List<List<String>> first = new ArrayList<>();
        for (Crossing c : crossings) {
            importWithJava(c.javaFirst(), c.kind(), c.dtype(), c.a());
            first.add(List.of("append", c.kind(), c.javaFirst().toString(), jsonl(c.b()).toString()));
            List<String> write = new ArrayList<>(List.of("write", c.kind(), c.pythonFirst().toString(), jsonl(c.a()).toString()));
            if (c.dtype() != null) write.addAll(List.of("--dtype", c.dtype().numpyName()));
            first.add(write);
        }
        Python.batchOk(first);
        // Java reads Python's append and appends again; Java appends to Python's store.
        List<List<String>> second = new ArrayList<>();
        for (Crossing c : crossings) {
            assertEquals(concat(c.a(), c.b()), javaLines(c.javaFirst()), seeded(c.kind() + ": Java reads Python's append to a Java store"));
            appendWithJava(c.javaFirst(), c.c());
            appendWithJava(c.pythonFirst(), c.b());
            second.add(List.of("cat", c.javaFirst().toString()));
            second.add(List.of("cat", c.pythonFirst().toString()));
            second.add(List.of("append", c.kind(), c.pythonFirst().toString(), jsonl(c.c()).toString()));
        }
        List<String> out = Python.batchOk(second);
        for (int i = 0; i < crossings.size(); i++) {
            Crossing c = crossings.get(i);
            List<String> abc = concat(concat(c.a(), c.b()), c.c());
            assertEquals(abc, out.get(3 * i).lines().toList(), seeded(c.kind() + ": Python reads a Java store after both appended"));
            assertEquals(concat(c.a(), c.b()), out.get(3 * i + 1).lines().toList(), seeded(c.kind() + ": Python reads Java's append to a Python store"));
            assertEquals(abc, javaLines(c.pythonFirst()), seeded(c.kind() + ": Java reads a Python store after both appended"));
            assertEquals(String.join("\n", abc) + "\n", CliRun.run("cat", c.pythonFirst().toString()).out());
        }
    }

    /** One kind's round: samples a, b, c appended alternately by Java and Python to a store each started. */
    private record Crossing(String kind, DType dtype, Path javaFirst, Path pythonFirst, List<String> a, List<String> b, List<String> c) {}

    private List<String> lines(String kind, DType t, long[] rowShape, int n) {
        return switch (kind) {
            case "numpy" -> {
                NdArray a = random.array(t, prepend(n, rowShape), false);
                List<String> out = new ArrayList<>();
                for (long i = 0; i < n; i++) out.add(CanonicalJson.array(a.row(i)));
                yield out;
            }
            case "ragged" -> random.samples(t, n, true).stream().map(CanonicalJson::array).toList();
            default -> random.strings(n).stream().map(CanonicalJson::string).toList();
        };
    }

    private void importWithJava(Path store, String kind, DType t, List<String> lines) throws IOException {
        List<String> args = new ArrayList<>(List.of("import", store.toString(), "--type", kind, jsonl(lines).toString()));
        if (t != null) args.addAll(List.of("--dtype", t.numpyName()));
        CliRun.Result r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
    }

    private void appendWithJava(Path store, List<String> lines) throws IOException {
        CliRun.Result r = CliRun.run("append", store.toString(), jsonl(lines).toString());
        assertEquals(0, r.status(), r.toString());
    }

    private int files;

    private Path jsonl(List<String> lines) throws IOException {
        Path p = tmp.resolve("input-" + (files++) + ".jsonl");
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        Files.writeString(p, sb, StandardCharsets.UTF_8);
        return p;
    }

    private static long[] prepend(long n, long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
