package io.ninjastore.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the CLI in-process with captured output, as a user would run {@code ninjastore ARGS}. */
public final class CliRun {
    private CliRun() {}

    /** What one run printed and returned. */
    public record Result(int status, String out, String err) {
        public List<String> lines() { return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1); }

        @Override
        public String toString() { return "status " + status + "\n--- out:\n" + out + "--- err:\n" + err; }
    }

    public static Result run(String... args) { return runWithStdin("", args); }

    public static Result runWithStdin(String stdin, String... args) {
        return runWithStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    public static Result runWithStdin(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new Main(stdin), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }
}
