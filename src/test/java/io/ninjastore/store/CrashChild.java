package io.ninjastore.store;

import io.ninjastore.store.CrashSamples.Kind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The main class of the child JVMs the crash, lock and concurrency tests start (and kill). Each
 * command prints what it did, one line at a time, so the parent knows what is committed when it
 * kills the child.
 *
 * <ul>
 *   <li>{@code work ROOT SEED PROGRESS} writes three stores (ragged, strings, dense) under ROOT, one
 *       thread each, each with its durability drawn from the seed, building a store when absent and
 *       appending otherwise, forever; it prints {@code READY}, then appends {@code P kind acked attempted}
 *       to the file PROGRESS before every change reaches the store and after every commit returns.</li>
 *   <li>{@code hold DIR} opens DIR for writing, prints {@code HOLDING}, and keeps it until stdin closes.</li>
 *   <li>{@code try DIR} tries to open DIR for writing and prints {@code ACQUIRED} or {@code REFUSED message}.</li>
 *   <li>{@code truncated ROOT} maps a ragged and a strings store under ROOT, truncates their files as
 *       another program might, reads again, and prints one line per outcome; it must not crash.</li>
 *   <li>{@code read DIR NESTED_FROM UNTIL} reads the ragged store DIR with {@code refresh()} until it
 *       holds UNTIL samples, checking every sample, and prints {@code OK n checks} or {@code BAD ...}.</li>
 * </ul>
 */
public final class CrashChild {
    private CrashChild() {}

    /** Starts a child JVM on the same java and class path running {@code args}. */
    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // Quick to start and to kill: no C2, a small serial heap.
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xss512k",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads lines of a child until one starts with {@code prefix} (or the child ends: null). */
    static String awaitLine(BufferedReader out, String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) return line;
        }
        return null;
    }

    static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Kills with SIGKILL and waits for the process to be gone (its locks released by the OS). */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("child " + p.pid() + " did not die");
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        switch (args[0]) {
            case "work" -> {
                // Progress goes to a file, not the pipe: what a killed process wrote to a file is all
                // there afterwards, whatever the parent's pipe reader was doing when it died.
                try (PrintStream progress = new PrintStream(new java.io.FileOutputStream(args[3], true), true, StandardCharsets.UTF_8)) {
                    work(Path.of(args[1]), Long.parseLong(args[2]), out, progress);
                }
            }
            case "hold" -> {
                try (Store s = Stores.openWritable(Path.of(args[1]), WriteOptions.defaults())) {
                    out.println("HOLDING " + s.length());
                    while (System.in.read() >= 0) { /* until the parent closes our stdin (or kills us) */ }
                }
            }
            case "try" -> {
                try (Store s = Stores.openWritable(Path.of(args[1]), WriteOptions.defaults())) {
                    out.println("ACQUIRED " + s.length());
                } catch (StoreLockedException e) {
                    out.println("REFUSED " + e.getMessage());
                }
            }
            case "read" -> read(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]), out);
            case "truncated" -> truncatedUnderReader(Path.of(args[1]), out);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Durability of store {@code kind} in the run with {@code seed}: both occur in every few runs. */
    static Durability durability(long seed, Kind kind) {
        return new Random(seed * 31 + kind.ordinal()).nextInt(3) == 0 ? Durability.SYNC : Durability.NONE;
    }

    /** Where each kind's store lives under a crash test root, and its nested-from sample. */
    static Path storeDir(Path root, Kind kind) { return root.resolve(kind.name().toLowerCase()); }

    static long nestedFrom(Kind kind) { return kind == Kind.RAGGED ? 40 : Long.MAX_VALUE; }

    private static void work(Path root, long seed, PrintStream out, PrintStream progress) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Thread t = new Thread(() -> {
                Random rnd = new Random(seed + kind.ordinal());
                CrashWorkload w = new CrashWorkload(kind, storeDir(root, kind), nestedFrom(kind),
                        WriteOptions.defaults().withDurability(durability(seed, kind)));
                w.onProgress = () -> progress.println("P " + kind + " " + w.acked + " " + w.attempted);
                try {
                    // Grows by a few hundred samples per run; the parent starts afresh past a cap.
                    w.run(Long.MAX_VALUE, rnd);
                } catch (Throwable e) {
                    progress.println("FAILED " + kind + " " + e);
                    e.printStackTrace(System.err);
                }
            }, "writer-" + kind);
            threads.add(t);
        }
        out.println("READY");
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
    }

    /**
     * Reads through mappings whose files were truncated meanwhile (spec C-43). Prints
     * {@code OUTCOME what exception-class message} per access, then {@code DONE}.
     */
    private static void truncatedUnderReader(Path root, PrintStream out) throws IOException {
        Path ragged = root.resolve("ragged"), strings = root.resolve("strings");
        try (RaggedMmap r = RaggedMmap.open(ragged); StringsMmap s = StringsMmap.open(strings)) {
            io.ninjastore.array.NdArray view = r.get(r.length() - 1);
            for (long i = 0; i < r.length(); i++) CrashSamples.check(r, i, Long.MAX_VALUE); // maps everything
            for (long i = 0; i < s.length(); i++) s.get(i);
            for (Path f : List.of(ragged.resolve("ends/data.ninja"), ragged.resolve("data.ninja"), strings.resolve("data.ninja"))) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
            }
            outcome(out, "ragged-get", () -> r.get(r.length() - 1).copy());
            outcome(out, "ragged-shape", () -> r.shape(r.length() - 1));
            outcome(out, "strings-get", () -> s.get(s.length() - 1));
            outcome(out, "old-view-copy", view::copy);
            outcome(out, "ragged-refresh", () -> {
                r.refresh();
                return r.length();
            });
            outcome(out, "verify-deep", () -> StoreVerifier.verify(ragged, true).healthy());
        }
        out.println("DONE");
    }

    private interface Access {
        Object run() throws Exception;
    }

    private static void outcome(PrintStream out, String what, Access a) {
        try {
            out.println("OUTCOME " + what + " ok " + a.run());
        } catch (Throwable e) {
            out.println("OUTCOME " + what + " " + e.getClass().getName() + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private static void read(Path dir, long nestedFrom, long until, PrintStream out) throws IOException {
        long checks = 0, seen = -1;
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            out.println("READY " + r.length());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (r.length() < until && System.nanoTime() < deadline) {
                r.refresh();
                long n = r.length();
                if (n < seen) {
                    out.println("BAD length went back from " + seen + " to " + n);
                    return;
                }
                // every new sample, and the last one again: a view must not change under a reader
                for (long i = Math.max(0, seen); i < n; i++, checks++) CrashSamples.check(r, i, nestedFrom);
                if (n > 0) CrashSamples.check(r, n - 1, nestedFrom);
                seen = n;
            }
            out.println(r.length() >= until ? "OK " + r.length() + " " + checks : "BAD timed out at " + r.length());
        } catch (AssertionError | RuntimeException e) {
            out.println("BAD " + e);
        }
    }
}
