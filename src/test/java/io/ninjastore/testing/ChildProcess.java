package io.ninjastore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program to completion with its output in files (so a chatty child can never block on a
 * full pipe) and returns what it printed. Stateless.
 */
public final class ChildProcess {
    private ChildProcess() {}

    /** What one run printed and returned. */
    public record Result(int status, String out, String err) {
        @Override
        public String toString() { return "status " + status + "\n--- stdout:\n" + out + "--- stderr:\n" + err; }
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this process's environment.
     *
     * @throws IOException when the program cannot be started (not installed)
     * @throws AssertionError when it runs longer than {@code timeoutSeconds} (it is killed)
     */
    public static Result run(List<String> command, Path dir, Map<String, String> env, Path scratch, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile(scratch, "child", ".out");
        Path err = Files.createTempFile(scratch, "child", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " ran longer than " + timeoutSeconds + " s; killed");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
        try {
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
