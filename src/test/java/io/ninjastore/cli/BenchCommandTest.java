package io.ninjastore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ninjastore bench}'s contract (the performance issue): one JSON object with exactly the listed keys
 * on the last line of stdout, a table of figure, reference and ratio on stderr, and nothing left behind.
 */
class BenchCommandTest {
    private static final List<String> KEYS = List.of("ragged_build_mb_s", "ragged_random_get_per_s", "ragged_random_get_copy_per_s",
            "ragged_sequential_get_per_s", "ragged_extend10_per_s", "strings_build_per_s", "strings_random_get_per_s",
            "dense_build_mb_s", "dense_random_row_copy_per_s", "offline_first_axis_slice_per_s", "offline_deep_slice_per_s");

    @TempDir
    Path tmp;

    @Test
    void printsExactlyTheKeysAsOneJsonObjectOnTheLastLineAndATableOnStderr() throws IOException {
        Path dir = tmp.resolve("bench");
        CliRun.Result r = CliRun.run("bench", "--json", "--samples", "300", "--strings", "700", "--rows", "200", "--dir", dir.toString());
        assertEquals(0, r.status(), r.toString());
        String[] lines = r.out().split("\n");
        JsonNode o = new ObjectMapper().readTree(lines[lines.length - 1]);
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        assertEquals(KEYS, keys);
        for (String k : KEYS) {
            assertTrue(o.get(k).isNumber() && o.get(k).asDouble() > 0, k + " = " + o.get(k));
            assertTrue(lines[lines.length - 1].matches(".*\"" + k + "\":[0-9]+\\.[0-9]{2}[,}].*"), "a plain decimal: " + lines[lines.length - 1]);
            assertTrue(r.err().contains(k), "the table names " + k);
        }
        assertEquals(BenchCommand.REFERENCE.keySet().stream().toList(), KEYS, "a reference figure for every key");
        assertTrue(r.err().contains(BenchCommand.WARM_UP_BUILDS + " untimed warm-up builds"), r.err());
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the run's stores are deleted");
        }
    }

    @Test
    void buildsAreTimedOverWholeBuildsForASecondAfterTheWarmUpsEachIntoANewDirectory() throws IOException {
        Path dir = tmp.resolve("store");
        List<Boolean> existedBefore = new ArrayList<>();
        // each build "writes" 10 units in 0.3 s: 2 warm-ups, then 4 timed builds reach 1.2 s >= 1 s
        double rate = BenchCommand.timedBuilds(dir, d -> {
            existedBefore.add(Files.exists(d));
            Files.createDirectories(d.resolve("data"));
            return new BenchWorkloads.Built(10, 300_000_000L);
        });
        assertEquals(BenchCommand.WARM_UP_BUILDS + 4, existedBefore.size());
        assertEquals(List.of(false), existedBefore.stream().distinct().toList(), "each build's directory was deleted first");
        assertEquals(40 / 1.2, rate, 1e-9, "timed units over timed seconds; the warm-ups count for nothing");
        assertTrue(Files.isDirectory(dir.resolve("data")), "the last build stays for the reads");
    }

    @Test
    void refusesSizesThatAreNotPositiveAsAUsageError() {
        CliRun.Result r = CliRun.run("bench", "--samples", "0");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("must be positive"), r.err());
    }
}
