package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Corruption fuzz over real stores (issue: "every outcome is a valid result or a
 * CorruptStoreException/IOException, within bounded time and memory"): random truncations, bit flips,
 * absurd shapes (2^62 elements, 65 axes, a negative uint64), garbage small files, extreme offsets and
 * deleted files and directories, then everything a user does with a store: open, read every sample,
 * refresh, verify (cheap and deep), open for write and append.
 *
 * <p>Beyond "no other exception": a store the deep verifier calls healthy reads without error, and an
 * open for write that refuses a store leaves every file as it was (bad input loses no data). jqwik
 * prints the seed of a failing run.
 */
class CorruptionProperties {
    private static Path pristine;
    private static final List<String> STORES = List.of("ragged", "nested", "strings", "dense", "fortran", "mmap_ninja");
    private static final Duration BOUND = Duration.ofSeconds(30);

    @BeforeContainer
    static void buildStores() throws IOException {
        pristine = Files.createTempDirectory("ninjastore-corruption");
        RaggedMmap.fromGenerator(pristine.resolve("ragged"), CrashSamples.arrays(Kind.RAGGED, 0, 24, Long.MAX_VALUE), 5, DType.INT64,
                WriteOptions.defaults()).close();
        RaggedMmap.fromGenerator(pristine.resolve("nested"), CrashSamples.arrays(Kind.RAGGED, 0, 24, 6), 5, DType.INT64,
                WriteOptions.defaults()).close();
        StringsMmap.fromGenerator(pristine.resolve("strings"), Stream.iterate(0L, i -> i + 1).limit(30).map(CrashSamples::string).iterator(), 7)
                .close();
        NumpyMmap.fromGenerator(pristine.resolve("dense"), CrashSamples.arrays(Kind.DENSE, 0, 16, 0), 6).close();
        NumpyMmap.fromArray(pristine.resolve("fortran"), NdArray.fromDoubles(DType.FLOAT64, new double[] {1, 2, 3, 4, 5, 6}, 3, 2).transpose()
                .copy().transpose()).close();
        Files.move(Fixtures.copy("ragged_nested_int32", pristine), pristine.resolve("mmap_ninja"));
    }

    @AfterContainer
    static void deleteStores() throws IOException {
        deleteTree(pristine);
    }

    /** One damage: what, where (an index into the store's files), and two free parameters. */
    record Damage(int what, int file, long a, long b) {
        @Override
        public String toString() { return WHATS[what] + "(file #" + file + ", " + a + ", " + b + ")"; }
    }

    private static final String[] WHATS = {"truncate", "flip", "absurd-shape", "delete", "garbage-small-file", "append-garbage",
            "extreme-offset", "delete-directory"};

    @Provide
    Arbitrary<List<Damage>> damages() {
        Arbitrary<Damage> one = Combinators.combine(Arbitraries.integers().between(0, WHATS.length - 1), Arbitraries.integers().between(0, 999),
                Arbitraries.longs(), Arbitraries.longs()).as(Damage::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> stores() { return Arbitraries.of(STORES); }

    @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
    @Spec({"F-1", "F-2", "F-3", "F-4", "F-5", "F-6", "F-12", "F-15", "F-16", "F-22", "C-11", "C-15", "C-45"})
    void damageGivesAValidResultOrACleanError(@ForAll("stores") String name, @ForAll("damages") List<Damage> damages) throws Exception {
        damaged(name, damages);
    }

    /** The same, longer: {@code mvn test -Dsurefire.excludedGroups= -Dgroups=soak -Dtest=CorruptionProperties}. */
    @Property(tries = 5000, edgeCases = EdgeCasesMode.MIXIN)
    @Tag("soak")
    void soakDamageGivesAValidResultOrACleanError(@ForAll("stores") String name, @ForAll("damages") List<Damage> damages) throws Exception {
        damaged(name, damages);
    }

    private static void damaged(String name, List<Damage> damages) throws Exception {
        Path dir = Files.createTempDirectory("ninjastore-damaged").resolve(name);
        try {
            copyTree(pristine.resolve(name), dir);
            List<Path> files = files(dir);
            for (Damage d : damages) apply(d, dir, files);
            assertTimeoutPreemptively(BOUND, () -> exercise(dir, kindOf(name)), () -> name + " after " + damages);
        } finally {
            deleteTree(dir.getParent());
        }
    }

    private static Kind kindOf(String name) {
        return switch (name) {
            case "strings" -> Kind.STRINGS;
            case "dense", "fortran" -> Kind.DENSE;
            default -> Kind.RAGGED;
        };
    }

    private static Kind kindOfType(String type, Kind otherwise) {
        return switch (type) {
            case NumpyMmap.TYPE -> Kind.DENSE;
            case RaggedMmap.TYPE -> Kind.RAGGED;
            case StringsMmap.TYPE -> Kind.STRINGS;
            default -> otherwise;
        };
    }

    /** Everything a user does with a store, each step allowed to fail only with a clean error. */
    private static void exercise(Path dir, Kind kind) throws Exception {
        List<String> read = clean(() -> readAll(dir, kind));
        clean(() -> {
            try (Store s = Stores.open(dir)) {
                s.refresh();
                return s.length();
            }
        });
        VerifyReport cheap = StoreVerifier.verify(dir, false); // never throws for a directory that exists
        VerifyReport deep = StoreVerifier.verify(dir, true);
        if (deep.healthy()) {
            // A damage may rewrite type.ninja to another kind's name (a ragged store's data directory is a
            // valid dense store): verify judges the kind it finds, so read it as that kind.
            Kind verified = kindOfType(deep.type(), kind);
            List<String> asVerified = verified == kind ? read : clean(() -> readAll(dir, verified));
            assertTrue(asVerified != null, () -> "verify --deep says healthy but reading failed: " + deep);
            assertTrue(cheap.healthy(), "the cheap check found what the deep one did not: " + cheap);
        }

        Map<String, byte[]> before = snapshot(dir);
        Object appended = clean(() -> {
            try (Store w = CrashSamples.openWritable(kind, dir, WriteOptions.defaults())) {
                long n = w.length();
                switch (w) {
                    case RaggedMmap r -> r.append(NdArray.fromLongs(r.dtype(), new long[] {1, 2}).astype(r.dtype()));
                    case StringsMmap x -> x.append("appended");
                    case NumpyMmap d -> {
                        if (d.order() == 'F' || d.shape().length == 0) return n; // cannot grow (F-7, F-8)
                        d.append(NdArray.zeros(d.dtype(), java.util.Arrays.copyOfRange(d.shape(), 1, d.shape().length)));
                    }
                }
                return n;
            }
        });
        if (appended == null) {
            assertEquals(before.keySet(), snapshot(dir).keySet(), "a refused open for write changed the files");
            for (Map.Entry<String, byte[]> e : snapshot(dir).entrySet()) {
                assertTrue(java.util.Arrays.equals(before.get(e.getKey()), e.getValue()), "a refused open for write changed " + e.getKey());
            }
        } else if (read != null) {
            // what was readable is still there, unchanged, and the append came after it
            List<String> again = clean(() -> readAll(dir, kind));
            assertTrue(again != null && again.size() >= read.size() && again.subList(0, read.size()).equals(read),
                    () -> "open for write lost data: " + read + " then " + again);
        }
    }

    /** Every sample, materialized (copies, so every byte is touched) as text. */
    private static List<String> readAll(Path dir, Kind kind) throws IOException {
        List<String> out = new ArrayList<>();
        try (Store s = switch (kind) {
            case RAGGED -> RaggedMmap.open(dir);
            case STRINGS -> StringsMmap.open(dir);
            case DENSE -> NumpyMmap.open(dir);
        }) {
            for (long i = 0; i < s.length(); i++) {
                out.add(switch (s) {
                    case RaggedMmap r -> r.get(i).copy().toString();
                    case StringsMmap x -> x.get(i);
                    case NumpyMmap d -> d.shape().length == 0 ? d.array().copy().toString() : d.get(i).copy().toString();
                });
            }
        }
        return out;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Runs a step; returns its result, or null when it failed with one of the allowed exceptions. */
    private static <T> T clean(Step<T> step) throws Exception {
        try {
            return step.run();
        } catch (CorruptStoreException | IOException e) {
            return null;
        } catch (UncheckedIOException e) {
            return null;
        } catch (UnsupportedOperationException e) {
            // appending to an F-ordered store is refused by design (F-8)
            if (e.getMessage() != null && e.getMessage().contains("Fortran")) return null;
            throw e;
        } catch (RuntimeException | Error e) {
            fail("not a clean error: " + e, e);
            return null;
        }
    }

    // ------------------------------------------------------------------ damage

    private static void apply(Damage d, Path dir, List<Path> files) throws IOException {
        List<Path> existing = files.stream().filter(Files::exists).toList();
        if (existing.isEmpty()) return;
        Path f = existing.get(Math.floorMod(d.file, existing.size()));
        long size = Files.isRegularFile(f) ? Files.size(f) : 0;
        switch (WHATS[d.what]) {
            case "truncate" -> {
                if (Files.isRegularFile(f)) try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.truncate(size == 0 ? 0 : Math.floorMod(d.a, size));
                }
            }
            case "flip" -> {
                if (size > 0) VerifyTest.flipByte(f, Math.floorMod(d.a, size));
            }
            case "absurd-shape" -> {
                Path shape = (Files.isDirectory(f) ? f : f.getParent()).resolve(NinjaFiles.SHAPE);
                long[][] absurd = {{1L << 62}, {1L << 62, 3}, {Long.MAX_VALUE}, {-1L}, {1L << 31, 1L << 31, 1L << 31}, new long[65],
                        {Math.floorMod(d.b, 1L << 40)}, {0, 1L << 62}};
                long[] s = absurd[(int) Math.floorMod(d.a, absurd.length)];
                Files.write(shape, NinjaFiles.shapeBytes(s));
            }
            case "delete" -> {
                if (Files.isRegularFile(f)) Files.delete(f);
            }
            case "garbage-small-file" -> {
                Path small = (Files.isDirectory(f) ? f : f.getParent());
                String[] names = {NinjaFiles.DTYPE, NinjaFiles.TYPE, NinjaFiles.ORDER, NinjaFiles.SHAPES_ARE_FLAT, NinjaFiles.SHAPE};
                String[] values = {"float128", "", "int64\n", "ragged", "numpy", "string", "X", "\u0000\u0000\u0000\u0002", "\u00ff\u00fe", "offline"};
                Files.write(small.resolve(names[(int) Math.floorMod(d.a, names.length)]),
                        values[(int) Math.floorMod(d.b, values.length)].getBytes(StandardCharsets.ISO_8859_1));
            }
            case "append-garbage" -> {
                if (Files.isRegularFile(f)) {
                    byte[] junk = new byte[(int) Math.floorMod(d.a, 5000)];
                    new java.util.Random(d.b).nextBytes(junk);
                    Files.write(f, junk, StandardOpenOption.APPEND);
                }
            }
            case "extreme-offset" -> {
                if (f.getFileName().toString().equals(NinjaFiles.DATA) && size >= 8) {
                    long[] extremes = {Long.MIN_VALUE, -1, Long.MAX_VALUE, 1L << 62, size, d.b};
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, extremes[(int) Math.floorMod(d.a, extremes.length)]),
                                Math.floorMod(d.b, size / 8) * 8);
                    }
                }
            }
            case "delete-directory" -> {
                Path sub = Files.isDirectory(f) ? f : f.getParent();
                if (!sub.equals(dir)) deleteTree(sub);
            }
            default -> throw new IllegalStateException(WHATS[d.what]);
        }
    }

    // ------------------------------------------------------------------ files

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (Path p : files(dir)) {
            if (Files.isRegularFile(p) && !p.getFileName().toString().equals(WriterLock.FILE)) m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        return m;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path p : files(from)) {
            Path t = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) Files.createDirectories(t);
            else Files.copy(p, t);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (p == null || !Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
        }
    }
}
