package io.ninjastore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Child JVMs killed with SIGKILL at random instants while they build and append a ragged, a strings
 * and a dense store at once (each with NONE or SYNC durability, from the seed). After every kill, for
 * every store: ninjastore reads a correct prefix, at least what the child saw committed and at most
 * what it had handed over; opening for write repairs it (C-10: nothing left past the prefix, deep
 * verification clean and fully checksummed); an append lands right after the prefix. The state each
 * kill left is also read by Python's reference reader ({@code spec/reference/ninja_ref.py}, when
 * python3 and numpy are present), which must see the same prefix.
 *
 * <p>Three kill points per child; {@code -Dninjastore.crash.kills=N} children (default 100, about a
 * minute on two busy cores). The soak runs longer: {@code mvn test -Dsurefire.excludedGroups=
 * -Dgroups=soak -Dtest=CrashTest -Dninjastore.soak.kills=2000}. Replay with {@code -Dninjastore.seed=N}.
 */
@Tag("crash")
class CrashTest {
    private static final long SEED = Long.getLong("ninjastore.seed", System.nanoTime());
    /** A store past this many samples is deleted, so the next child builds it again (the build path). */
    private static final long CAP = 2500;

    static {
        System.out.println("CrashTest seed: " + SEED + " (replay with -Dninjastore.seed=" + SEED + ")");
    }

    @TempDir
    Path tmp;

    @Test
    @Spec({"C-1", "C-2", "C-4", "C-5", "C-6", "C-7", "C-10", "C-12", "C-14", "C-22", "C-30", "C-44", "F-51"})
    void sigkillAtRandomInstantsLosesNothingCommitted() throws Exception {
        crashLoop(Integer.getInteger("ninjastore.crash.kills", 100));
    }

    @Test
    @Tag("soak")
    void soak() throws Exception {
        crashLoop(Integer.getInteger("ninjastore.soak.kills", 1000));
    }

    /** What one kill left of one store, for Python to read. */
    private record Snapshot(Kind kind, Path dir, long length) {}

    private void crashLoop(int kills) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("stores"));
        Path snapshots = Files.createDirectories(tmp.resolve("snapshots"));
        Random rnd = new Random(SEED);
        List<Snapshot> forPython = new ArrayList<>();
        Map<Kind, Long> lengths = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) lengths.put(k, 0L);
        long killPoints = 0, midBatch = 0;
        for (int run = 0; run < kills; run++) {
            long seed = rnd.nextLong();
            Path progressFile = tmp.resolve("progress-" + run);
            Process child = CrashChild.start("work", root.toString(), Long.toString(seed), progressFile.toString());
            BufferedReader out = CrashChild.stdout(child);
            assertEquals("READY", CrashChild.awaitLine(out, "READY"), "child " + run + " never got ready");
            // Kill early, mid-way or late: mostly within the first few commits, sometimes well into a run.
            long delay = rnd.nextInt(4) == 0 ? rnd.nextInt(800) : rnd.nextInt(250);
            Thread.sleep(delay);
            CrashChild.kill(child);
            Map<Kind, long[]> progress = new EnumMap<>(Kind.class);
            for (String line : Files.readAllLines(progressFile)) {
                String[] w = line.split(" ");
                if (line.startsWith("FAILED")) fail("the child failed by itself before it was killed: " + line);
                // each line is one write(2) of a few bytes to a file: a kill cannot cut it
                assertEquals("P", w[0], line);
                progress.put(Kind.valueOf(w[1]), new long[] {Long.parseLong(w[2]), Long.parseLong(w[3])});
            }

            for (Kind kind : Kind.values()) {
                killPoints++;
                Path dir = CrashChild.storeDir(root, kind);
                long[] p = progress.getOrDefault(kind, new long[] {lengths.get(kind), lengths.get(kind)});
                long acked = p[0], attempted = Math.max(p[1], lengths.get(kind));
                if (attempted > acked) midBatch++;
                String where = "run " + run + " (child seed " + seed + ", " + CrashChild.durability(seed, kind) + ", killed after " + delay
                        + " ms), " + kind + ": acked " + acked + ", attempted " + attempted;
                CrashWorkload w = new CrashWorkload(kind, dir, CrashChild.nestedFrom(kind), WriteOptions.defaults());
                w.attempted = attempted;
                try {
                    if (Builds.occupied(dir)) {
                        long n;
                        try (Store r = w.open()) {
                            n = r.length();
                        }
                        Path snap = snapshots.resolve(run + "-" + kind);
                        org.apache.commons.io.FileUtils.copyDirectory(dir.toFile(), snap.toFile());
                        forPython.add(new Snapshot(kind, snap, n));
                    }
                    long now = w.checkRecovered(acked, WriteOptions.defaults());
                    assertTrue(w.leftoverBuilds() <= 1, "abandoned builds pile up beside " + dir);
                    if (now > CAP || (now > 0 && rnd.nextInt(8) == 0)) {
                        CorruptionProperties.deleteTree(dir); // the next child builds it again
                        now = 0;
                    }
                    lengths.put(kind, now);
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(where, e);
                }
            }
        }
        System.out.println("CrashTest: " + killPoints + " kill points (" + midBatch + " with a batch in flight), " + forPython.size()
                + " states read by both readers");
        assertTrue(killPoints >= 3L * kills);
        pythonReadsTheSamePrefix(forPython);
    }

    static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Python's reference reader opens every state a kill left (before any repair) and must see the
     * same samples ninjastore saw (spec C-44, F-51). Skipped when python3 with numpy is missing.
     */
    private static void pythonReadsTheSamePrefix(List<Snapshot> snapshots) throws Exception {
        Path ref = Path.of(System.getProperty("basedir", "")).resolve("spec/reference").toAbsolutePath();
        if (!pythonWithNumpy() || !Files.exists(ref.resolve("ninja_ref.py"))) {
            System.out.println("CrashTest: python3 with numpy not found: the Python half of the check did not run");
            return;
        }
        String script = String.join("\n",
                "import sys, json",
                "sys.path.insert(0, sys.argv[1])",
                "import ninja_ref as nr",
                "for line in sys.stdin:",
                "    path = line.rstrip('\\n')",
                "    try:",
                "        print(json.dumps({'length': nr.read(path)['length'], 'lines': list(nr.cat(path))}))",
                "    except Exception as e:",
                "        print(json.dumps({'error': repr(e)}))",
                "    sys.stdout.flush()");
        Process py = new ProcessBuilder("python3", "-c", script, ref.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ObjectMapper json = new ObjectMapper();
        Thread feeder = Thread.ofPlatform().start(() -> {
            try (Writer in = new OutputStreamWriter(py.getOutputStream(), StandardCharsets.UTF_8)) {
                for (Snapshot s : snapshots) in.write(s.dir() + "\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8))) {
            for (Snapshot s : snapshots) {
                String line = out.readLine();
                if (line == null) fail("python3 stopped before " + s.dir());
                JsonNode r = json.readTree(line);
                if (r.has("error")) fail("Python could not read " + s.dir() + " (ninjastore read " + s.length() + "): " + r.get("error"));
                assertEquals(s.length(), r.get("length").asLong(), "Python and ninjastore disagree on the length of " + s.dir());
                long nested = CrashChild.nestedFrom(s.kind());
                for (int i = 0; i < s.length(); i++) {
                    assertEquals(CrashSamples.json(s.kind(), i, nested), r.get("lines").get(i).asText(), s.dir() + " sample " + i);
                }
            }
        }
        feeder.join();
        assertEquals(0, py.waitFor());
        System.out.println("CrashTest: Python read " + snapshots.size() + " crash states, all the same as ninjastore");
    }
}
