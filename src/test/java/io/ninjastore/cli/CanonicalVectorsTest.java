package io.ninjastore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cat --json} and {@code info --json} print, byte for byte, what {@code spec/vectors/<name>.json}
 * records (the reference reader's output) for every conformance vector.
 */
@Spec({"J-1", "J-2", "J-3", "J-4", "J-5", "J-6", "J-7"})
class CanonicalVectorsTest {
    static final Path VECTORS = Path.of("spec", "vectors").toAbsolutePath();

    @TestFactory
    Stream<DynamicTest> everyVectorPrintsItsExpectedLines() throws IOException {
        List<Path> expected;
        try (Stream<Path> s = Files.list(VECTORS)) {
            expected = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(expected.isEmpty(), "no vectors under " + VECTORS);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path json : expected) {
            String name = json.getFileName().toString().replaceFirst("\\.json$", "");
            tests.add(DynamicTest.dynamicTest(name, () -> check(VECTORS.resolve(name), new ObjectMapper().readTree(json.toFile()))));
        }
        return tests.stream();
    }

    private static void check(Path store, JsonNode expected) throws IOException {
        CliRun.Result info = CliRun.run("info", store.toString(), "--json");
        assertEquals(0, info.status(), info.toString());
        assertEquals(expected.get("info_line").asText() + "\n", info.out());

        StringBuilder lines = new StringBuilder();
        for (JsonNode l : expected.get("cat_lines")) lines.append(l.asText()).append('\n');
        CliRun.Result cat = CliRun.run("cat", store.toString(), "--json");
        assertEquals(0, cat.status(), cat.toString());
        assertEquals(lines.toString(), cat.out());
    }
}
