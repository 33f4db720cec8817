package io.ninjastore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ninjastore sample}: the line format, windows that really are the stored rows, seeds, modes. */
class SampleCommandTest {
    @TempDir
    Path tmp;
    private Path store;

    /** Sample i has 3 + i rows of 2 values; row r of sample i holds (100 i + r, -(100 i + r)). */
    @BeforeEach
    void build() throws IOException {
        List<NdArray> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int rows = 3 + i;
            int[] v = new int[rows * 2];
            for (int r = 0; r < rows; r++) {
                v[2 * r] = 100 * i + r;
                v[2 * r + 1] = -(100 * i + r);
            }
            samples.add(NdArray.of(v, rows, 2));
        }
        samples.add(NdArray.of(new int[] {7, 7}, 1, 2)); // too short for a window of 2: never drawn
        store = tmp.resolve("r");
        RaggedMmap.fromLists(store, samples).close();
    }

    private List<JsonNode> sample(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("sample", store.toString(), "--window", "2", "--json"));
        args.addAll(List.of(extra));
        CliRun.Result r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : r.lines()) out.add(m.readTree(line));
        return out;
    }

    @Test
    void linesAreWindowsOfTheStoredRows() throws IOException {
        List<JsonNode> lines = sample("--active", "2", "--rate", "3", "--mode", "with_replacement", "--seed", "1", "--count", "200");
        assertEquals(200, lines.size());
        for (JsonNode l : lines) {
            long i = l.get("sample").asLong(), o = l.get("offset").asLong();
            assertTrue(i >= 0 && i < 5, "the 1-row sample cannot give a window of 2: " + l);
            assertTrue(o >= 0 && o + 2 <= 3 + i, l.toString());
            for (int r = 0; r < 2; r++) {
                assertEquals(100 * i + o + r, l.get("values").get(r).get(0).asLong(), l.toString());
                assertEquals(-(100 * i + o + r), l.get("values").get(r).get(1).asLong(), l.toString());
            }
        }
    }

    @Test
    void theSameSeedPrintsTheSameLinesAndAnotherSeedOthers() throws IOException {
        String[] a = {"--active", "3", "--rate", "4", "--mode", "single_active", "--dist", "binomial", "--count", "100", "--seed"};
        List<JsonNode> x = sample(concat(a, "42"));
        assertEquals(x, sample(concat(a, "42")));
        assertNotEquals(x, sample(concat(a, "43")));
    }

    @Test
    void anExhaustiveMuxEndsEarlyAfterUsingEveryStreamerOnce() throws IOException {
        List<JsonNode> lines = sample("--active", "2", "--rate", "2", "--dist", "constant", "--mode", "exhaustive",
                "--seed", "5", "--count", "1000");
        assertEquals(10, lines.size(), "5 usable samples, 2 windows each");
        Set<Long> seen = new HashSet<>();
        for (JsonNode l : lines) seen.add(l.get("sample").asLong());
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), seen);
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliRun.Result bad = CliRun.run("sample", store.toString(), "--window", "2", "--active", "2", "--rate", "3",
                "--mode", "sometimes", "--seed", "1", "--count", "3");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("'sometimes' is not one of with_replacement, single_active, exhaustive"), bad.err());
        CliRun.Result missing = CliRun.run("sample", tmp.resolve("nope").toString(), "--window", "2", "--active", "2",
                "--rate", "3", "--mode", "exhaustive", "--seed", "1", "--count", "3");
        assertEquals(1, missing.status());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }

    private CliRun.Result run(String... options) {
        List<String> args = new ArrayList<>(List.of("sample", store.toString(), "--seed", "1", "--count", "3"));
        args.addAll(List.of(options));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void aValueWrongWhateverTheStoreIsAUsageError() {
        String[][] cases = {
                {"--window", "0", "--active", "2", "--rate", "3", "--mode", "exhaustive"},
                {"--window", "2", "--active", "2", "--rate", "3", "--mode", "exhaustive", "--count", "-1"},
                {"--window", "2", "--active", "0", "--rate", "3", "--mode", "exhaustive"},
                {"--window", "2", "--active", "2", "--rate", "0.5", "--mode", "exhaustive"},
                {"--window", "2", "--active", "2", "--rate", "NaN", "--mode", "exhaustive"},
                {"--window", "2", "--active", "2", "--rate", "Infinity", "--mode", "exhaustive"},
                {"--window", "2", "--active", "2", "--rate", "2.5", "--dist", "constant", "--mode", "exhaustive"},
                {"--window", "2", "--active", "2", "--rate", "3", "--mode", "bogus"},
                {"--window", "2", "--active", "2", "--rate", "3", "--dist", "gauss", "--mode", "exhaustive"},
                {"--window", "1", "--active", "2", "--rate", "1e300", "--dist", "binomial", "--mode", "exhaustive"},
                {"--window", "1", "--active", "2147483647", "--rate", "2", "--mode", "with_replacement"},
        };
        for (String[] c : cases) {
            CliRun.Result r = run(c);
            assertEquals(2, r.status(), String.join(" ", c) + "\n" + r);
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("(see 'ninjastore sample --help')"), r.err());
        }
        assertTrue(run(cases[3]).err().contains("--rate must be a number in [1, 2^53], got 0.5"));
        assertTrue(run(cases[9]).err().contains("--rate must be a number in [1, 2^53], got 1.0E300"), run(cases[9]).err());
        assertTrue(run(cases[10]).err().contains("--active must be at most 65536 with --mode with_replacement, got 2147483647"));
        assertTrue(run(cases[6]).err().contains("--dist constant needs a whole-number --rate, got 2.5"));
    }

    @Test
    void moreSingleActiveStreamersThanSamplesIsAnErrorAboutTheStore() {
        CliRun.Result r = run("--window", "2", "--active", "7", "--rate", "3", "--mode", "single_active");
        assertEquals(1, r.status(), "valid on its face: only this store (6 samples) does not fit it");
        assertEquals("ninjastore: --active 7: single_active keeps each sample active at most once, and " + store + " has 6 samples",
                r.err().strip());
        assertEquals(0, run("--window", "2", "--active", "6", "--rate", "3", "--mode", "single_active").status());
    }

    @Test
    void aStoreOfAnotherKindIsNamedAsSuchNotAsCorrupt() throws IOException {
        Path strings = tmp.resolve("strs");
        StringsMmap.fromStrings(strings, List.of("a", "b")).close();
        Path dense = tmp.resolve("dense");
        NumpyMmap.fromArray(dense, NdArray.of(new int[] {1, 2, 3, 4}, 2, 2)).close();
        for (Path p : List.of(strings, dense)) {
            CliRun.Result r = CliRun.run("sample", p.toString(), "--window", "1", "--active", "1", "--rate", "1", "--mode", "exhaustive",
                    "--seed", "1", "--count", "1");
            assertEquals(1, r.status(), r.toString());
            String kind = p == strings ? "a strings store" : "a numpy store";
            assertEquals("ninjastore: sample needs a ragged store; " + p + " is " + kind, r.err().strip());
        }
    }

    private static String[] concat(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
