package io.ninjastore.offline;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs python3 (with numpy) for cross-language checks; a test that needs it is skipped where python3 or
 * numpy is missing, as the design says (the reference is optional on a build machine).
 */
final class Python {
    private Python() {}

    private static Boolean available;

    static synchronized void assumeAvailable() {
        if (available == null) {
            try {
                available = run(List.of("-c", "import numpy"), "").status == 0;
            } catch (IOException e) {
                available = false;
            }
        }
        Assumptions.assumeTrue(available, "python3 with numpy is not installed: cross-language check skipped");
    }

    record Result(int status, String out, String err) {}

    /** Runs {@code python3 args} in the repository root with {@code stdin}; UTF-8 both ways. */
    static Result run(List<String> args, String stdin) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("python3");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Vectors.root().toFile());
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONPATH", Vectors.root().resolve("spec/reference").toString());
        Process p = pb.start();
        try {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) throw new IOException("python3 timed out");
            return new Result(p.exitValue(), out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            p.destroy();
        }
    }

    /** {@code spec/reference/ninja_ref.py args...}, which must succeed; its stdout lines. */
    static List<String> ref(String... args) throws IOException {
        List<String> a = new ArrayList<>();
        a.add(Vectors.root().resolve("spec/reference/ninja_ref.py").toString());
        a.addAll(List.of(args));
        Result r = run(a, "");
        if (r.status != 0) throw new AssertionError("ninja_ref.py " + String.join(" ", args) + " failed: " + r.err);
        return r.out.isEmpty() ? List.of() : List.of(r.out.split("\n"));
    }

    static Path script(String name) { return Vectors.root().resolve("spec/reference").resolve(name); }
}
