package io.ninjastore.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every store written by mmap_ninja 0.8.2 reads back as Python read it (spec F-1..F-24), and writing
 * the same content produces the same files byte for byte.
 */
@Spec({"F-1", "F-2", "F-3", "F-4", "F-5", "F-6", "F-7", "F-10", "F-11", "F-12", "F-13", "F-14", "F-15", "F-16", "F-20", "F-21", "F-22", "F-53"})
class GoldenFixturesTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyFixtureReadsAsPythonReadIt() {
        JsonNode stores = Fixtures.expected().get("stores");
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stores.fields(); it.hasNext(); ) {
            var e = it.next();
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> checkRead(e.getKey(), e.getValue())));
        }
        return tests.stream();
    }

    private void checkRead(String name, JsonNode exp) throws IOException {
        Path dir = Fixtures.root().resolve(name);
        try (Store s = Stores.open(dir)) {
            assertEquals(exp.get("type").asText(), s.typeName());
            switch (s) {
                case NumpyMmap n -> {
                    assertEquals(exp.get("dtype").asText(), n.dtype().numpyName());
                    assertEquals(exp.get("order").asText().charAt(0), n.order());
                    assertArrayEquals(Fixtures.shape(exp.get("shape")), n.shape());
                    Fixtures.assertMatches(exp.get("values"), n.array(), name);
                    for (int i = 0; i < n.length(); i++) Fixtures.assertMatches(exp.get("values").get(i), n.get(i), name + " row " + i);
                }
                case RaggedMmap r -> {
                    assertEquals(exp.get("dtype").asText(), r.dtype().numpyName());
                    assertEquals(exp.get("length").asLong(), r.length());
                    for (int i = 0; i < r.length(); i++) {
                        JsonNode sample = exp.get("samples").get(i);
                        NdArray a = r.get(i);
                        assertArrayEquals(Fixtures.shape(sample.get("shape")), a.shape(), name + " sample " + i);
                        assertArrayEquals(a.shape(), r.shape(i));
                        Fixtures.assertMatches(sample.get("values"), a, name + " sample " + i);
                    }
                }
                case StringsMmap st -> {
                    assertEquals(exp.get("length").asLong(), st.length());
                    for (int i = 0; i < st.length(); i++) assertEquals(exp.get("values").get(i).asText(), st.get(i));
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> writingTheSameContentGivesTheSameBytes() {
        JsonNode stores = Fixtures.expected().get("stores");
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stores.fields(); it.hasNext(); ) {
            var e = it.next();
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> checkRewrite(e.getKey())));
        }
        return tests.stream();
    }

    private void checkRewrite(String name) throws IOException {
        Path src = Fixtures.root().resolve(name);
        Path dst = tmp.resolve(name);
        try (Store s = Stores.open(src)) {
            switch (s) {
                case NumpyMmap n -> NumpyMmap.fromArray(dst, n.array()).close();
                case RaggedMmap r -> RaggedMmap.fromLists(dst, new ArrayList<>(r)).close();
                case StringsMmap st -> StringsMmap.fromStrings(dst, new ArrayList<>(st)).close();
            }
        }
        assertSameMmapNinjaFiles(src, dst);
    }

    /** Every file mmap_ninja wrote exists with the same bytes; ninjastore's extra files are ignored. */
    static void assertSameMmapNinjaFiles(Path expected, Path actual) throws IOException {
        try (Stream<Path> files = Files.walk(expected)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isDirectory(p)) continue;
                Path rel = expected.relativize(p);
                Path q = actual.resolve(rel.toString());
                assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(q), "bytes of " + rel);
            }
        }
        try (Stream<Path> files = Files.walk(actual)) {
            for (Path q : (Iterable<Path>) files::iterator) {
                String n = q.getFileName().toString();
                if (Files.isDirectory(q) || n.endsWith(".crc32c") || n.equals("ninjastore.lock")) continue;
                Path rel = actual.relativize(q);
                assertEquals(true, Files.exists(expected.resolve(rel.toString())), "unexpected file " + rel);
            }
        }
    }

}
