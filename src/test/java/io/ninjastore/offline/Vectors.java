package io.ninjastore.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The conformance vectors of {@code spec/vectors} (written by the Python reference) and file comparison. */
final class Vectors {
    private Vectors() {}

    /** The repository root: surefire runs tests there. */
    static Path root() { return Path.of(System.getProperty("user.dir")); }

    static Path store(String name) { return root().resolve("spec/vectors").resolve(name); }

    /** {@code <name>.json}: the reference CLI's {@code info} line and {@code cat} lines. */
    static JsonNode expected(String name) throws IOException {
        return new ObjectMapper().readTree(store(name + ".json").toFile());
    }

    /**
     * The two directories hold the same files with the same bytes, leaving out ninjastore's own sidecars
     * (checksums, writer locks), which the reference does not write.
     */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        Map<String, byte[]> want = files(expected);
        Map<String, byte[]> got = files(actual);
        assertEquals(want.keySet(), got.keySet(), "the files of " + actual + " against " + expected);
        for (var e : want.entrySet()) assertArrayEquals(e.getValue(), got.get(e.getKey()), "bytes of " + e.getKey());
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        out.keySet().removeIf(k -> k.endsWith(".crc32c") || k.endsWith("ninjastore.lock"));
        return out;
    }
}
