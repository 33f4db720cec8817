package io.ninjastore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The mmap_ninja 0.8.2 fixtures in test resources, and comparison of arrays with their expected.json. */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/mmap_ninja-0.8.2/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(root().resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a fixture store to a writable place (the resources may be read-only). */
    public static Path copy(String name, Path into) throws IOException {
        Path src = root().resolve(name);
        Path dst = into.resolve(name);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    t.toFile().setWritable(true);
                }
            }
        }
        return dst;
    }

    /** Asserts that {@code actual} holds the nested-list {@code expected} exactly. */
    public static void assertMatches(JsonNode expected, NdArray actual, String where) {
        if (actual.ndim() == 0) {
            assertScalar(expected, actual, new long[0], where);
            return;
        }
        assertTrue(expected.isArray(), where + ": expected a list for shape " + Arrays.toString(actual.shape()));
        assertEquals(actual.shape(0), expected.size(), where + ": length along the first axis");
        for (int i = 0; i < expected.size(); i++) {
            NdArray row = actual.row(i);
            if (row.ndim() == 0) assertScalar(expected.get(i), actual, new long[] {i}, where + "[" + i + "]");
            else assertMatches(expected.get(i), row, where + "[" + i + "]");
        }
    }

    private static void assertScalar(JsonNode e, NdArray a, long[] idx, String where) {
        long[] full = idx;
        DType t = a.dtype();
        if (a.ndim() != idx.length) fail(where + ": rank mismatch");
        switch (t.kind()) {
            case BOOL -> assertEquals(e.asBoolean(), a.getBoolean(full), where);
            case SIGNED, UNSIGNED -> assertEquals(new BigInteger(e.asText()), a.getBigInteger(full), where);
            case FLOAT -> assertEquals(0, Double.compare(number(e), a.getDouble(full)), where + ": " + e + " vs " + a.getDouble(full));
            case COMPLEX -> {
                double[] c = a.getComplex(full);
                assertEquals(0, Double.compare(number(e.get(0)), c[0]), where + " re");
                assertEquals(0, Double.compare(number(e.get(1)), c[1]), where + " im");
            }
        }
    }

    public static double number(JsonNode e) {
        if (e.isTextual()) {
            return switch (e.asText()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("not a number: " + e);
            };
        }
        return e.asDouble();
    }

    public static long[] shape(JsonNode shapeNode) {
        long[] s = new long[shapeNode.size()];
        for (int i = 0; i < s.length; i++) s[i] = shapeNode.get(i).asLong();
        return s;
    }
}
