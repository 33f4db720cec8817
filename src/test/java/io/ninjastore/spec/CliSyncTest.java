package io.ninjastore.spec;

import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.cli.Main;
import io.ninjastore.store.Durability;
import io.ninjastore.store.WriteOptions;
import io.ninjastore.testing.ChildProcess;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --sync} selects {@link Durability#SYNC} (spec C-8), proven two ways: the option maps to SYNC
 * in the write options {@code import} and {@code append} use, and, end to end, the command run in a
 * child JVM under {@code strace} calls fsync/fdatasync on the store's files and directories with
 * {@code --sync} and calls none without it (C-6).
 */
class CliSyncTest {
    /** An fsync-family call and the path of its descriptor, as {@code strace -y} prints it. */
    private static final Pattern SYNC_CALL = Pattern.compile("\\b(fsync|fdatasync)\\(\\d+<([^>]*)>\\)\\s*=\\s*0");

    @TempDir
    Path tmp;

    @Test
    @Spec("C-8")
    void theSyncOptionMapsToSyncDurability() throws ReflectiveOperationException {
        assertEquals(Durability.SYNC, durability("import", "s", "in.jsonl", "--type", "ragged", "--dtype", "int32", "--sync"));
        assertEquals(Durability.NONE, durability("import", "s", "in.jsonl", "--type", "ragged", "--dtype", "int32"));
        assertEquals(Durability.SYNC, durability("append", "s", "in.jsonl", "--sync"));
        assertEquals(Durability.NONE, durability("append", "s", "in.jsonl"));
    }

    /**
     * The write options of the parsed command line. {@code import} and {@code append} share the
     * package-private {@code WriteFlags} mixin; its {@code options()} is what they write with.
     */
    private static Durability durability(String... args) throws ReflectiveOperationException {
        CommandLine.ParseResult parsed = Main.commandLine(new Main()).parseArgs(args);
        Object flags = parsed.subcommand().commandSpec().mixins().get("flags").userObject();
        Method options = flags.getClass().getDeclaredMethod("options");
        options.setAccessible(true);
        return ((WriteOptions) options.invoke(flags)).durability();
    }

    @Test
    @Spec({"C-8", "C-6", "C-7"})
    void importAppendAndCompileSyncOnlyWithTheOption() throws IOException {
        assumeStrace();
        Path real = tmp.toRealPath(); // strace prints the paths the kernel resolved
        Path in = Files.writeString(tmp.resolve("in.jsonl"), "[1,2]\n[3]\n");

        List<Call> quiet = traced("import", tmp.resolve("a").toString(), in.toString(), "--type", "ragged", "--dtype", "int32");
        assertEquals(List.of(), quiet, "import without --sync");
        List<Call> synced = traced("import", tmp.resolve("b").toString(), in.toString(), "--type", "ragged", "--dtype", "int32", "--sync");
        assertTrue(synced.stream().anyMatch(c -> c.call().equals("fdatasync") && c.path().endsWith("/starts/data.ninja")), synced::toString);
        assertTrue(synced.stream().anyMatch(c -> c.call().equals("fsync") && Path.of(c.path()).equals(real)),
                () -> "the rename that publishes the store is made durable: " + synced);

        assertEquals(List.of(), traced("append", tmp.resolve("a").toString(), in.toString()), "append without --sync");
        List<Call> appended = traced("append", tmp.resolve("a").toString(), in.toString(), "--sync");
        assertTrue(appended.contains(new Call("fdatasync", real.resolve("a/data.ninja").toString())), appended::toString);
        assertTrue(appended.contains(new Call("fsync", real.resolve("a/starts").toString())),
                () -> "the commit point's directory: " + appended);

        Path src = Files.createDirectories(tmp.resolve("src"));
        Npy.write(src.resolve("x.npy"), NdArray.of(new float[] {1, 2}));
        assertEquals(List.of(), traced("compile", src.toString(), tmp.resolve("ds").toString()), "compile without --sync");
        List<Call> compiled = traced("compile", src.toString(), tmp.resolve("ds2").toString(), "--sync");
        assertTrue(compiled.stream().anyMatch(c -> c.call().equals("fdatasync") && c.path().endsWith("/manifest.json.tmp")), compiled::toString);
        assertTrue(compiled.stream().anyMatch(c -> c.call().equals("fsync") && Path.of(c.path()).equals(real)),
                () -> "the rename that publishes the data set is made durable: " + compiled);
    }

    private record Call(String call, String path) {}

    /** Runs {@code ninjastore ARGS} in a child JVM under strace; returns its fsync-family calls on files under the temp dir. */
    private List<Call> traced(String... args) throws IOException {
        Path trace = Files.createTempFile(tmp, "strace", ".txt");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-y", "-e", "trace=fsync,fdatasync", "-o", trace.toString(),
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ChildProcess.Result r = ChildProcess.run(cmd, tmp, Map.of(), tmp, 120);
        assertEquals(0, r.status(), () -> "ninjastore " + String.join(" ", args) + ": " + r);
        List<Call> calls = new ArrayList<>();
        String root = tmp.toRealPath().toString();
        for (String line : Files.readAllLines(trace)) {
            Matcher m = SYNC_CALL.matcher(line);
            if (m.find() && (m.group(2) + "/").startsWith(root + "/")) calls.add(new Call(m.group(1), m.group(2).replaceFirst("/$", "")));
        }
        return calls;
    }

    /** strace must exist and be allowed to trace (containers often forbid ptrace). */
    private void assumeStrace() throws IOException {
        ChildProcess.Result probe;
        try {
            probe = ChildProcess.run(List.of("strace", "-f", "-qq", "-e", "trace=fsync", "true"), tmp, Map.of(), tmp, 30);
        } catch (IOException notInstalled) {
            probe = null;
        }
        ChildProcess.Result p = probe;
        Assumptions.assumeTrue(p != null && p.status() == 0,
                () -> "the end-to-end --sync check did NOT run: strace " + (p == null ? "is not installed" : "cannot trace here: " + p.err().strip())
                        + "; theSyncOptionMapsToSyncDurability still checks the mapping");
    }
}
