package io.ninjastore.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Stores}: opening each kind by its {@code type.ninja}, refusing what is not a store, and
 * every conformance vector of {@code spec/vectors/} read, and rewritten byte for byte.
 */
class StoresTest {
    private static final Path VECTORS = Path.of("spec", "vectors");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ dispatch

    @Test
    @Spec("F-2")
    void opensEachKindAsItsClass() throws IOException {
        try (Store s = Stores.open(Fixtures.root().resolve("dense_float32_2d"))) {
            assertInstanceOf(NumpyMmap.class, s);
            assertEquals("numpy", s.typeName());
            assertFalse(s.isWritable());
        }
        try (Store s = Stores.open(Fixtures.root().resolve("ragged_nested_int32"))) {
            assertInstanceOf(RaggedMmap.class, s);
            assertEquals("ragged", s.typeName());
        }
        try (Store s = Stores.open(Fixtures.root().resolve("strings_basic"))) {
            assertInstanceOf(StringsMmap.class, s);
            assertEquals("string", s.typeName());
        }
        assertEquals("ragged", Stores.type(Fixtures.root().resolve("ragged_scalars")));
    }

    @Test
    @Spec("C-20")
    void opensEachKindForWriting() throws IOException {
        for (String name : List.of("dense_int64_1d", "ragged_flat_float32", "strings_basic")) {
            Path dir = Fixtures.copy(name, tmp);
            try (Store s = Stores.openWritable(dir, WriteOptions.defaults())) {
                assertTrue(s.isWritable(), name);
                assertThrows(StoreLockedException.class, () -> Stores.openWritable(dir, WriteOptions.defaults()), name);
            }
        }
    }

    @Test
    void aMissingDirectoryIsNotCreated() {
        Path dir = tmp.resolve("no").resolve("store");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Stores.open(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Stores.openWritable(dir, WriteOptions.defaults()));
        assertThrows(NoSuchFileException.class, () -> Stores.type(dir));
        assertFalse(Files.exists(tmp.resolve("no")));
    }

    @Test
    @Spec({"F-1", "F-2"})
    void junkIsRefusedNamingTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "numpy");
        NotDirectoryException notDir = assertThrows(NotDirectoryException.class, () -> Stores.open(file));
        assertEquals(file.toString(), notDir.getFile());
        assertThrows(NotDirectoryException.class, () -> NumpyMmap.open(file));
        assertThrows(NotDirectoryException.class, () -> RaggedMmap.openWritable(file, WriteOptions.defaults()));
        assertThrows(NotDirectoryException.class, () -> StringsMmap.open(file));

        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "no store");
        CorruptStoreException none = assertThrows(CorruptStoreException.class, () -> Stores.open(other));
        assertEquals(other.resolve("type.ninja"), none.file());
        assertTrue(none.getMessage().contains("not a store directory"), none.getMessage());
        assertEquals(List.of("notes.txt"), list(other), "opening wrote nothing");

        Path junk = Files.createDirectories(tmp.resolve("junk"));
        Files.writeString(junk.resolve("type.ninja"), "parquet");
        CorruptStoreException type = assertThrows(CorruptStoreException.class, () -> Stores.open(junk));
        assertEquals("type", type.field());
        assertTrue(type.getMessage().contains("'parquet'") && type.getMessage().contains("numpy, ragged or string"), type.getMessage());
        assertThrows(CorruptStoreException.class, () -> Stores.openWritable(junk, WriteOptions.defaults()));

        Files.writeString(junk.resolve("type.ninja"), "offline");
        CorruptStoreException offline = assertThrows(CorruptStoreException.class, () -> Stores.open(junk));
        assertTrue(offline.getMessage().contains("offline data set"), offline.getMessage());

        Files.write(junk.resolve("type.ninja"), new byte[5000]);
        CorruptStoreException big = assertThrows(CorruptStoreException.class, () -> Stores.open(junk));
        assertEquals("size", big.field());

        Files.writeString(junk.resolve("type.ninja"), "numpy"); // the right type, none of the other files
        CorruptStoreException parts = assertThrows(CorruptStoreException.class, () -> Stores.open(junk));
        assertEquals(junk.resolve("dtype.ninja"), parts.file());
        assertEquals("file", parts.field());
    }

    @Test
    @Spec("F-2")
    void eachKindRefusesTheOthers() throws IOException {
        Path dense = Fixtures.root().resolve("dense_int64_1d");
        Path ragged = Fixtures.root().resolve("ragged_flat_float32");
        Path strings = Fixtures.root().resolve("strings_basic");
        assertEquals("type", assertThrows(CorruptStoreException.class, () -> NumpyMmap.open(ragged)).field());
        assertEquals("type", assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(dense)).field());
        assertEquals("type", assertThrows(CorruptStoreException.class, () -> StringsMmap.open(ragged)).field());
        assertEquals("type", assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(strings)).field());
    }

    // ------------------------------------------------------------------ conformance vectors

    @TestFactory
    @Spec({"F-6", "F-7", "F-12", "F-13", "F-14", "F-15", "F-18", "F-21", "F-23", "F-50", "C-44", "F-26", "F-28"})
    Stream<DynamicTest> everyVectorOpensAndHoldsWhatCatPrints() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path v : vectors()) {
            tests.add(DynamicTest.dynamicTest(v.getFileName().toString(), () -> checkVector(v)));
        }
        return tests.stream();
    }

    private static void checkVector(Path dir) throws IOException {
        JsonNode expected = JSON.readTree(dir.resolveSibling(dir.getFileName() + ".json").toFile());
        JsonNode info = JSON.readTree(expected.get("info_line").asText());
        List<String> lines = new ArrayList<>();
        expected.get("cat_lines").forEach(l -> lines.add(l.asText()));
        if (info.get("type").asText().equals("offline")) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> Stores.open(dir));
            assertTrue(e.getMessage().contains("OfflineDataList"), e.getMessage());
            return;
        }
        try (Store s = Stores.open(dir)) {
            assertEquals(info.get("type").asText(), s.typeName());
            assertEquals(info.get("length").asLong(), s.length());
            switch (s) {
                case NumpyMmap n -> {
                    assertEquals(info.get("dtype").asText(), n.dtype().numpyName());
                    assertArrayEquals(Fixtures.shape(info.get("shape")), n.shape());
                    assertEquals(info.get("order").asText().charAt(0), n.order());
                    if (n.shape().length == 0) {
                        assertEquals(1, lines.size());
                        assertCatValue(lines.getFirst(), n.array(), dir.toString());
                    } else {
                        assertEquals(n.length(), lines.size());
                        for (int i = 0; i < lines.size(); i++) assertCatValue(lines.get(i), n.get(i), dir + " row " + i);
                    }
                }
                case RaggedMmap r -> {
                    assertEquals(info.get("dtype").asText(), r.dtype().numpyName());
                    assertEquals(r.length(), lines.size());
                    for (int i = 0; i < lines.size(); i++) {
                        assertCatValue(lines.get(i), r.get(i), dir + " sample " + i);
                        assertArrayEquals(r.get(i).shape(), r.shape(i));
                    }
                }
                case StringsMmap st -> {
                    assertEquals(st.length(), lines.size());
                    for (int i = 0; i < lines.size(); i++) assertEquals(JSON.readTree(lines.get(i)).asText(), st.get(i), dir + " string " + i);
                }
            }
        }
    }

    @TestFactory
    @Spec({"F-18", "F-19", "F-23", "F-51"})
    Stream<DynamicTest> writingAVectorsContentGivesItsBytes() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path v : vectors()) {
            String name = v.getFileName().toString();
            // a crashed writer's leftovers and the offline layout are not what a fresh write makes
            if (name.contains("uncommitted") || name.startsWith("offline")) continue;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Path out = tmp.resolve(name);
                try (Store s = Stores.open(v)) {
                    switch (s) {
                        case NumpyMmap n -> NumpyMmap.fromArray(out, n.array()).close();
                        case RaggedMmap r -> RaggedMmap.fromLists(out, new ArrayList<>(r), r.dtype(), WriteOptions.defaults()).close();
                        case StringsMmap st -> StringsMmap.fromStrings(out, new ArrayList<>(st)).close();
                    }
                }
                assertSameStoreFiles(v, out);
            }));
        }
        return tests.stream();
    }

    private static List<Path> vectors() throws IOException {
        try (Stream<Path> s = Files.list(VECTORS)) {
            List<Path> dirs = s.filter(Files::isDirectory).sorted().toList();
            assertTrue(dirs.size() >= 30, "spec/vectors/ has its stores (run from the project root): " + dirs.size());
            return dirs;
        }
    }

    // ------------------------------------------------------------------ helpers for the store tests

    /** The bytes of uint64/int64 values as the small files and index stores hold them: little-endian. */
    static byte[] le(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return b.array();
    }

    /** Files a writer adds beside mmap_ninja's: ignored when two stores are compared. */
    static boolean ninjastoreOnly(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".crc32c") || n.equals("ninjastore.lock");
    }

    /** Both stores hold the same mmap_ninja files (relative names and bytes); ninjastore's extras are ignored. */
    static void assertSameStoreFiles(Path expected, Path actual) throws IOException {
        TreeMap<String, Path> e = files(expected), a = files(actual);
        assertEquals(e.keySet(), a.keySet(), "the files of " + actual + " and " + expected);
        for (String rel : e.keySet()) {
            assertArrayEquals(Files.readAllBytes(e.get(rel)), Files.readAllBytes(a.get(rel)), "bytes of " + rel + " in " + actual);
        }
    }

    private static TreeMap<String, Path> files(Path dir) throws IOException {
        TreeMap<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && !ninjastoreOnly(p)) out.put(dir.relativize(p).toString(), p);
            }
        }
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A JSON number kept as its text, so that "-0.0" and float32 digits survive. */
    private record Num(String text) {}

    /** Parses one {@code cat} line into lists, {@link Num}s, strings and booleans. */
    private static Object parseCat(String line) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(line)) {
            p.nextToken();
            return value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p));
                yield l;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Num(p.getText());
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("unexpected " + p.currentToken() + " in a cat line");
        };
    }

    /** Asserts that {@code actual} holds exactly the canonical JSON value of a {@code cat} line (spec J-2..J-4). */
    static void assertCatValue(String line, NdArray actual, String where) throws IOException {
        assertValue(parseCat(line), actual, new long[0], where + ": " + line);
    }

    private static void assertValue(Object expected, NdArray a, long[] idx, String where) {
        if (idx.length < a.ndim()) {
            List<?> l = assertInstanceOf(List.class, expected, where);
            assertEquals(a.shape(idx.length), l.size(), where);
            for (int i = 0; i < l.size(); i++) {
                long[] next = java.util.Arrays.copyOf(idx, idx.length + 1);
                next[idx.length] = i;
                assertValue(l.get(i), a, next, where);
            }
            return;
        }
        DType t = a.dtype();
        switch (t.kind()) {
            case BOOL -> assertEquals(expected, a.getBoolean(idx), where);
            case SIGNED, UNSIGNED -> assertEquals(new BigInteger(((Num) expected).text()), a.getBigInteger(idx), where);
            case FLOAT -> assertFloat(expected, t, a.getDouble(idx), where);
            case COMPLEX -> {
                List<?> parts = assertInstanceOf(List.class, expected, where);
                double[] c = a.getComplex(idx);
                DType part = t == DType.COMPLEX64 ? DType.FLOAT32 : DType.FLOAT64;
                assertFloat(parts.get(0), part, c[0], where + " re");
                assertFloat(parts.get(1), part, c[1], where + " im");
            }
        }
    }

    /** The text, read in {@code t} (float16 rounds from the decimal once), is the value, bit for bit. */
    private static void assertFloat(Object expected, DType t, double actual, String where) {
        double want = switch (expected) {
            case String s -> switch (s) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new AssertionError(where + ": unexpected string " + s);
            };
            case Num n -> switch (t) {
                case FLOAT32 -> Float.parseFloat(n.text());
                case FLOAT16 -> NdArray.fromDoubles(DType.FLOAT16, new double[] {Double.parseDouble(n.text())}).getDouble(0);
                default -> Double.parseDouble(n.text());
            };
            default -> throw new AssertionError(where + ": not a number: " + expected);
        };
        if (Double.isNaN(want)) assertTrue(Double.isNaN(actual), where);
        else assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(actual), where + ": " + want + " vs " + actual);
    }
}
