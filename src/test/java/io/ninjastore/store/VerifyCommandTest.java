package io.ninjastore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.cli.VerifyCommand;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ninjastore verify STORE [--deep] [--json]}: exit 0 when healthy, 1 when not; one line for an error. */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new VerifyCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path store() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("alpha", "beta", "gamma")).close();
        return dir;
    }

    @Test
    @Spec({"C-45", "C-46"})
    void aHealthyStoreExitsZero() throws IOException {
        Path dir = store();
        Run r = run(dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith(dir + ": string, 3 samples: healthy (structure only"), r.out());
        Run deep = run(dir.toString(), "--deep");
        assertEquals(0, deep.exit());
        assertTrue(deep.out().contains("healthy (deep: "), deep.out());
    }

    @Test
    @Spec({"C-45", "C-46", "F-34"})
    void aCorruptStoreExitsOneAndSaysWhere() throws IOException {
        Path dir = store();
        VerifyTest.flipByte(dir.resolve("data.ninja"), 7);
        assertEquals(0, run(dir.toString()).exit(), "the structure is intact");
        Run r = run(dir.toString(), "--deep");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("1 problem"), r.out());
        assertTrue(r.out().contains("problem: CHECKSUM " + dir.resolve("data.ninja") + ": checksum [0, 14)"), r.out());
    }

    @Test
    @Spec({"C-46"})
    void jsonIsOneCompactObject() throws IOException {
        Path dir = store();
        VerifyTest.flipByte(dir.resolve("data.ninja"), 7);
        Run r = run(dir.toString(), "--deep", "--json");
        assertEquals(1, r.exit());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length, r.out());
        assertFalse(lines[0].contains(": "), "compact (J-1)");
        JsonNode j = new ObjectMapper().readTree(lines[0]);
        assertEquals("string", j.get("type").asText());
        assertEquals(3, j.get("length").asLong());
        assertFalse(j.get("healthy").asBoolean());
        assertEquals("checksum", j.get("problems").get(0).get("kind").asText());
        assertEquals(0, j.get("problems").get(0).get("from").asLong());
        assertEquals(14, j.get("problems").get(0).get("to").asLong());
        assertEquals(dir.resolve("data.ninja").toString(), j.get("problems").get(0).get("file").asText());
    }

    @Test
    @Spec({"C-46"})
    void aMissingStoreIsOneLineOnStderrAndExitOne() {
        Run r = run(tmp.resolve("nowhere").toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("nowhere: no store directory there"), r.err());
    }

    /** A file or a pipe in place of the store is named and said not to be a directory ("afile: afile" before). */
    @Test
    @Spec({"C-46"})
    void aFileInPlaceOfTheStoreIsOneLineSayingWhatWasExpected() throws Exception {
        Path file = tmp.resolve("afile");
        java.nio.file.Files.writeString(file, "hi");
        Path pipe = tmp.resolve("apipe");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        for (Path p : List.of(file, pipe)) {
            Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> run(p.toString()));
            assertEquals(1, r.exit());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(p + ": not a directory; expected a store or offline data set directory"), r.err());
        }
    }
}
