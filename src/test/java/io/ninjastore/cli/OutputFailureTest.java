package io.ninjastore.cli;

import io.ninjastore.store.StringsMmap;
import io.ninjastore.testing.ChildProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Output that cannot be written makes a command fail, whichever command it is (checked once, in {@link Main}). */
class OutputFailureTest {
    @TempDir
    Path tmp;

    /** A stream that refuses every byte, as a full disk or a closed pipe does, with {@code why} as the OS says it. */
    private static OutputStream refusing(String why) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException { throw new IOException(why); }

            @Override
            public void write(byte[] b, int off, int len) throws IOException { throw new IOException(why); }
        };
    }

    private record Run(int status, String err) {}

    private static Run run(PrintWriter out, String... args) {
        StringWriter err = new StringWriter();
        int status = Main.execute(new Main(), out, new PrintWriter(err), args);
        return new Run(status, err.toString());
    }

    private String store() throws IOException {
        Path dir = tmp.resolve("s");
        if (!Files.exists(dir)) StringsMmap.fromStrings(dir, List.of("a", "b")).close();
        return dir.toString();
    }

    @Test
    void everyCommandWhoseOutputIsLostExits1SayingSo() throws IOException {
        for (String[] args : List.of(new String[] {"info", store()}, new String[] {"cat", store()}, new String[] {"verify", store()},
                new String[] {"--version"}, new String[] {"demo"})) {
            Run r = run(new PrintWriter(refusing("No space left on device")), args);
            assertEquals(new Run(1, "ninjastore: cannot write to standard output\n"), r, String.join(" ", args));
        }
        // The process's standard output also says why
        Run r = run(new StandardOutput(refusing("No space left on device")), "info", store());
        assertEquals(new Run(1, "ninjastore: cannot write to standard output: No space left on device\n"), r);
    }

    @Test
    void aReaderThatWentAwayEndsTheCommandQuietlyWithStatus1() throws IOException {
        assertEquals(new Run(1, ""), run(new StandardOutput(refusing("Broken pipe")), "cat", store()));
    }

    @Test
    void aFailedCommandKeepsItsStatus() throws IOException {
        Run usage = run(new PrintWriter(refusing("No space left on device")), "info", store(), "--no-such-option");
        assertEquals(2, usage.status(), usage.toString());
        Run missing = run(new PrintWriter(refusing("No space left on device")), "info", tmp.resolve("missing").toString());
        assertEquals(1, missing.status(), missing.toString());
    }

    @Test
    void standardOutputOnAFullDeviceExits1() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\" >/dev/full", "sh", ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "info", store()));
        ChildProcess.Result r = ChildProcess.run(cmd, tmp, Map.of(), tmp, 120);
        assertEquals(1, r.status(), r::toString);
        assertEquals("ninjastore: cannot write to standard output: No space left on device\n", r.err());
    }
}
