package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file truncated under a live reader by another program (spec C-43). The JVM turns the SIGBUS of
 * a mapped access past the end of a file into an {@link InternalError}; the store translates it in
 * one place into a {@link CorruptStoreException} naming the file. Run in a child JVM because the
 * failure this guards against is the JVM dying (the CRC32C intrinsic over a mapping does).
 */
@Tag("crash")
class CorruptionUnderReaderTest {
    @TempDir
    Path tmp;

    @Test
    @Spec({"C-43"})
    void aFileTruncatedUnderAReaderIsAnExceptionNotACrash() throws Exception {
        RaggedMmap.fromGenerator(tmp.resolve("ragged"), CrashSamples.arrays(Kind.RAGGED, 0, 5000, Long.MAX_VALUE), 500, DType.INT64,
                WriteOptions.defaults()).close();
        StringsMmap.fromGenerator(tmp.resolve("strings"), Stream.iterate(0L, i -> i + 1).limit(5000).map(CrashSamples::string).iterator(), 500)
                .close();
        Process p = CrashChild.start("truncated", tmp.toString());
        BufferedReader out = CrashChild.stdout(p);
        Map<String, String> outcomes = new HashMap<>();
        String done = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("OUTCOME ")) {
                String[] w = line.split(" ", 3);
                outcomes.put(w[1], w[2]);
            } else if (line.equals("DONE")) {
                done = line;
            }
        }
        assertEquals(0, p.waitFor(), "the child JVM died: " + outcomes);
        assertEquals("DONE", done);
        String corrupt = CorruptStoreException.class.getName();
        assertTrue(outcomes.get("ragged-get").startsWith(corrupt + " " + tmp.resolve("ragged")), outcomes.get("ragged-get"));
        assertTrue(outcomes.get("ragged-get").contains("truncated"), outcomes.get("ragged-get"));
        assertTrue(outcomes.get("ragged-shape").startsWith(corrupt + " " + tmp.resolve("ragged/ends/data.ninja")), outcomes.get("ragged-shape"));
        assertTrue(outcomes.get("strings-get").startsWith(corrupt + " " + tmp.resolve("strings/data.ninja")), outcomes.get("strings-get"));
        // A view handed out earlier is plain memory: the JVM's own error, but no crash.
        assertTrue(outcomes.get("old-view-copy").startsWith(InternalError.class.getName()), outcomes.get("old-view-copy"));
        assertTrue(outcomes.get("ragged-refresh").startsWith("ok ") || outcomes.get("ragged-refresh").startsWith(corrupt),
                outcomes.get("ragged-refresh"));
        assertEquals("ok false", outcomes.get("verify-deep"));
    }
}
