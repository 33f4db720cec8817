package io.ninjastore.crosslang;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code spec/reference/ninja_ref.py} with the machine's python3, when it has numpy. */
final class Python {
    static final Path REFERENCE = Path.of("spec", "reference", "ninja_ref.py").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 120;
    private static volatile String unavailable;
    private static volatile boolean probed;

    private Python() {}

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() { return "status " + status + "\n--- out:\n" + out + "--- err:\n" + err; }
    }

    /** Skips the calling test, saying why, when python3 with numpy cannot be run here. */
    static void assumeAvailable() {
        if (!probed) {
            String why = null;
            if (!Files.isRegularFile(REFERENCE)) why = REFERENCE + " is missing";
            else {
                try {
                    Result r = exec(List.of("python3", "-c", "import numpy"));
                    if (r.status() != 0) why = "python3 cannot import numpy (" + r.err().strip() + ")";
                } catch (UncheckedIOException e) {
                    why = "python3 is not on the PATH (" + e.getCause().getMessage() + ")";
                }
            }
            unavailable = why;
            probed = true;
        }
        Assumptions.assumeTrue(unavailable == null,
                () -> "cross-language checks did NOT run: " + unavailable + "; install python3 and numpy to run them");
    }

    /** {@code python3 ninja_ref.py ARGS}. */
    static Result ref(String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3", REFERENCE.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Like {@link #ref} but fails the test unless the reference exits with 0. */
    static String refOk(String... args) {
        Result r = ref(args);
        if (r.status() != 0) throw new AssertionError("ninja_ref.py " + String.join(" ", args) + " failed: " + r);
        return r.out();
    }

    /**
     * Runs many {@code ninja_ref.py} command lines in one Python process (numpy's import dominates a
     * run): each goes through the reference CLI's own {@code main(argv)}, with its stdout and stderr
     * captured separately. Results are in call order.
     */
    static List<Result> batch(List<List<String>> calls) {
        try {
            Path spec = Files.createTempFile("ninja-ref-calls-", ".json");
            try {
                Files.writeString(spec, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(calls), StandardCharsets.UTF_8);
                Process p = new ProcessBuilder("python3", "-c", BATCH, REFERENCE.getParent().toString(), spec.toString())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
                byte[] out = readAll(p.getInputStream());
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("the ninja_ref.py batch did not finish in " + TIMEOUT_SECONDS + " s");
                }
                if (p.exitValue() != 0) throw new AssertionError("the ninja_ref.py batch failed: " + new String(err.join(), StandardCharsets.UTF_8));
                return parseFrames(out, calls.size());
            } finally {
                Files.deleteIfExists(spec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Like {@link #batch} but fails unless every call exits with 0; returns their stdout. */
    static List<String> batchOk(List<List<String>> calls) {
        List<Result> results = batch(calls);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).status() != 0) throw new AssertionError("ninja_ref.py " + String.join(" ", calls.get(i)) + " failed: " + results.get(i));
        }
        return results.stream().map(Result::out).toList();
    }

    private static final String BATCH = String.join("\n",
            "import io, json, sys",
            "sys.path.insert(0, sys.argv[1])",
            "import ninja_ref",
            "calls = json.load(open(sys.argv[2], encoding='utf-8'))",
            "out = sys.stdout.buffer",
            "for argv in calls:",
            "    buf, err = io.BytesIO(), io.StringIO()",
            "    real = sys.stdout, sys.stderr",
            "    sys.stdout, sys.stderr = io.TextIOWrapper(buf, encoding='utf-8'), err",
            "    try:",
            "        status = ninja_ref.main(argv)",
            "    except SystemExit as e:",
            "        status = e.code if isinstance(e.code, int) else 1",
            "    finally:",
            "        sys.stdout.flush()",
            "        data = buf.getvalue()",
            "        sys.stdout, sys.stderr = real",
            "    e = err.getvalue().encode('utf-8')",
            "    out.write(b'%d %d %d\\n' % (status, len(data), len(e)))",
            "    out.write(data)",
            "    out.write(e)",
            "out.flush()");

    private static List<Result> parseFrames(byte[] out, int expected) {
        List<Result> results = new ArrayList<>();
        int at = 0;
        while (at < out.length) {
            int nl = at;
            while (out[nl] != '\n') nl++;
            String[] head = new String(out, at, nl - at, StandardCharsets.US_ASCII).split(" ");
            int len = Integer.parseInt(head[1]);
            int errLen = Integer.parseInt(head[2]);
            at = nl + 1;
            String o = new String(out, at, len, StandardCharsets.UTF_8);
            String e = new String(out, at + len, errLen, StandardCharsets.UTF_8);
            at += len + errLen;
            results.add(new Result(Integer.parseInt(head[0]), o, e));
        }
        if (results.size() != expected) throw new AssertionError("the ninja_ref.py batch answered " + results.size() + " of " + expected + " calls");
        return results;
    }

    static Result exec(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
