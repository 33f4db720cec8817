package io.ninjastore.store;

import io.ninjastore.io.FaultyFileIo;
import io.ninjastore.io.FileIo;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Power loss, simulated by a file layer that forgets every write not yet synced ({@link FaultyFileIo}):
 * the writer stops dead at a random operation, the power goes out, and the store must still hold
 * everything whose commit returned under {@link Durability#SYNC}, and still open under
 * {@link Durability#NONE}. The "lossy" variant lets each file and directory keep either its synced
 * or its newer state, as a real file system may.
 *
 * <p>Seeded: set {@code -Dninjastore.seed=N} to replay; {@code -Dninjastore.powerloss.rounds=N} for more rounds.
 */
class PowerLossTest {
    private static final long SEED = Long.getLong("ninjastore.seed", System.nanoTime());
    private static final int ROUNDS = Integer.getInteger("ninjastore.powerloss.rounds", 3);

    @TempDir
    Path tmp;
    private final AtomicInteger cases = new AtomicInteger();

    static {
        System.out.println("PowerLossTest seed: " + SEED + " (replay with -Dninjastore.seed=" + SEED + ")");
    }

    private static WriteOptions options(Durability d, FileIo io) {
        return WriteOptions.defaults().withDurability(d).withFileIo(io);
    }

    @TestFactory
    @Spec({"C-7", "C-10", "C-12", "C-14", "C-30"})
    Stream<DynamicTest> syncLosesNothingCommitted() {
        List<DynamicTest> tests = new ArrayList<>();
        Random seeds = new Random(SEED);
        for (Kind kind : Kind.values()) {
            for (boolean build : new boolean[] {true, false}) {
                for (boolean lossy : new boolean[] {false, true}) {
                    for (int r = 0; r < ROUNDS; r++) {
                        long seed = seeds.nextLong();
                        tests.add(DynamicTest.dynamicTest(kind + (build ? " build" : " append") + (lossy ? " lossy" : "") + " seed " + seed,
                                () -> powerLoss(kind, Durability.SYNC, build, lossy, seed)));
                    }
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    @Spec({"C-6", "C-10"})
    Stream<DynamicTest> noneStillOpens() {
        List<DynamicTest> tests = new ArrayList<>();
        Random seeds = new Random(SEED + 1);
        for (Kind kind : Kind.values()) {
            for (boolean build : new boolean[] {true, false}) {
                for (int r = 0; r < ROUNDS; r++) {
                    long seed = seeds.nextLong();
                    tests.add(DynamicTest.dynamicTest(kind + (build ? " build" : " append") + " seed " + seed,
                            () -> powerLoss(kind, Durability.NONE, build, false, seed)));
                }
            }
        }
        return tests.stream();
    }

    /**
     * C-9: the shape files that are not the commit point are overwritten in place, and a power loss
     * may lose such an overwrite while the later replacement of the commit point survives (ext4
     * journals renames in order, not overwritten data). Readers take lengths from the commit point
     * (F-29), so under NONE the store still opens with every commit that returned; under SYNC the
     * overwrites were synced first and nothing is lost either way.
     */
    @TestFactory
    @Spec({"C-9", "F-29", "C-6", "C-7"})
    Stream<DynamicTest> lostInPlaceShapeWritesLoseNoCommit() {
        List<DynamicTest> tests = new ArrayList<>();
        Random seeds = new Random(SEED + 3);
        for (Kind kind : Kind.values()) {
            for (Durability d : Durability.values()) {
                for (int r = 0; r < ROUNDS; r++) {
                    long seed = seeds.nextLong();
                    tests.add(DynamicTest.dynamicTest(kind + " " + d + " seed " + seed, () -> loseOverwrites(kind, d, seed)));
                }
            }
        }
        return tests.stream();
    }

    private void loseOverwrites(Kind kind, Durability durability, long seed) throws IOException {
        Random rnd = new Random(seed);
        long nestedFrom = rnd.nextInt(40);
        long prefill = 1 + rnd.nextInt(25);
        long total = prefill + 5 + rnd.nextInt(40);
        long workloadSeed = rnd.nextLong();
        long ops = run(kind, durability, nestedFrom, prefill, total, workloadSeed, Long.MAX_VALUE, null).ops();
        // Mostly a crash among the operations, sometimes none: the power goes out after the last append returned.
        long crashAt = rnd.nextInt(4) == 0 ? Long.MAX_VALUE : (long) (rnd.nextDouble() * (ops + 1));
        Round round = run(kind, durability, nestedFrom, prefill, total, workloadSeed, crashAt, rnd);
        int lost = round.io.unsyncedOverwrites();
        if (durability == Durability.SYNC && crashAt == Long.MAX_VALUE) assertEquals(0, lost, "SYNC leaves no overwrite unsynced");
        if (durability == Durability.NONE && kind != Kind.DENSE && crashAt == Long.MAX_VALUE) {
            assertTrue(lost > 0, "NONE appends overwrite the shapes in place without syncing them");
        }
        round.io.dropUnsyncedOverwrites();
        String where = "crash at operation " + crashAt + " of " + ops + ", " + lost + " overwrites lost, " + round.work.acked
                + " acked, " + round.work.attempted + " attempted";
        try {
            round.work.checkRecovered(round.work.acked, WriteOptions.defaults());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(where + "; trace tail: " + tail(round.io.trace()), e);
        }
    }

    /**
     * One round: a store (prefilled durably unless {@code build}), a workload under the faulty layer
     * stopped at a random operation, a power loss, then the checks of {@link CrashWorkload#checkRecovered}.
     */
    private void powerLoss(Kind kind, Durability durability, boolean build, boolean lossy, long seed) throws IOException {
        Random rnd = new Random(seed);
        long nestedFrom = rnd.nextInt(40);
        long prefill = build ? 0 : 1 + rnd.nextInt(25);
        long total = prefill + 5 + rnd.nextInt(40);
        long workloadSeed = rnd.nextLong();

        // A dry run counts the operations of the (deterministic) workload; the crash falls among them.
        long ops = run(kind, durability, nestedFrom, prefill, total, workloadSeed, Long.MAX_VALUE, null).ops();
        long crashAt = (long) (rnd.nextDouble() * (ops + 1));
        Round round = run(kind, durability, nestedFrom, prefill, total, workloadSeed, crashAt, rnd);
        round.io.powerLoss(lossy ? new Random(rnd.nextLong()) : null);

        long minimum = durability == Durability.SYNC ? round.work.acked : prefill;
        String where = "crash at operation " + crashAt + " of " + ops + ", " + round.work.acked + " acked, " + round.work.attempted
                + " attempted";
        try {
            round.work.checkRecovered(minimum, WriteOptions.defaults());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(where + "; trace tail: " + tail(round.io.trace()), e);
        }
    }

    private record Round(FaultyFileIo io, CrashWorkload work) {
        long ops() { return io.ops(); }
    }

    private Round run(Kind kind, Durability d, long nestedFrom, long prefill, long total, long workloadSeed, long crashAt, Random torn)
            throws IOException {
        Path root = Files.createDirectories(tmp.resolve("case" + cases.incrementAndGet()));
        Path dir = root.resolve("store");
        if (prefill > 0) new CrashWorkload(kind, dir, nestedFrom, WriteOptions.defaults()).run(prefill, new Random(workloadSeed));
        FaultyFileIo io = new FaultyFileIo(root, torn);
        io.crashAt(crashAt);
        CrashWorkload w = new CrashWorkload(kind, dir, nestedFrom, options(d, io));
        w.acked = w.attempted = prefill;
        try {
            w.run(total, new Random(workloadSeed + 1));
        } catch (FaultyFileIo.SimulatedCrash expected) {
            // the machine stopped; run() closed what it had open (closing writes nothing)
        }
        return new Round(io, w);
    }

    /**
     * C-7: with SYNC, at the instant the commit point is renamed into place every other file and
     * directory entry of the store is already durable, and when an append returns so is the commit
     * point. Checked on every operation trace of builds, appends and the flat-to-nested conversion.
     */
    @Test
    @Spec({"C-7", "C-30"})
    void syncMakesEverythingDurableBeforeTheCommitPoint() throws IOException {
        for (Kind kind : Kind.values()) {
            Path root = Files.createDirectories(tmp.resolve("order-" + kind));
            Path dir = root.resolve("store");
            FaultyFileIo io = new FaultyFileIo(root, null);
            WriteOptions o = options(Durability.SYNC, io);
            CrashWorkload w = new CrashWorkload(kind, dir, 12, o);
            w.run(3, new Random(7)); // a build only
            assertEquals(List.of(), io.notDurable(root), kind + ": not durable after a SYNC build returned");
            io.watchCommitPoint(dir, kind == Kind.DENSE ? dir.resolve(NinjaFiles.SHAPE) : dir.resolve(RaggedMmap.STARTS).resolve(NinjaFiles.SHAPE));
            try (Store s = CrashSamples.openWritable(kind, dir, o)) {
                for (long n = s.length(); n < 40; n += 4) {
                    CrashSamples.append(s, n, n + 4, 12); // crosses sample 15, which converts shapes/ to nested
                    assertEquals(List.of(), io.notDurable(root), kind + ": not durable after a SYNC append of " + (n + 4) + " returned");
                }
            }
            assertEquals(List.of(), io.violations(), kind + ": commit point named files that were not durable");
            assertTrue(io.trace().stream().anyMatch(t -> t.startsWith("force")), "the trace shows no fsync at all");
        }
    }

    /**
     * A repair (C-10) made under SYNC is itself power-loss safe: a shape cut back is durable before
     * the file it describes is truncated, so a power loss during or after the repair never leaves a
     * data file shorter than its shape.
     */
    @TestFactory
    @Spec({"C-7", "C-10"})
    Stream<DynamicTest> syncRepairSurvivesPowerLoss() {
        List<DynamicTest> tests = new ArrayList<>();
        Random seeds = new Random(SEED + 2);
        for (Kind kind : Kind.values()) {
            for (int r = 0; r < 2 * ROUNDS; r++) {
                long seed = seeds.nextLong();
                tests.add(DynamicTest.dynamicTest(kind + " seed " + seed, () -> repairThenPowerLoss(kind, seed)));
            }
        }
        return tests.stream();
    }

    private void repairThenPowerLoss(Kind kind, long seed) throws IOException {
        Random rnd = new Random(seed);
        long nestedFrom = rnd.nextInt(30);
        long prefill = 1 + rnd.nextInt(20);
        long workloadSeed = rnd.nextLong();
        long ops = run(kind, Durability.NONE, nestedFrom, prefill, prefill + 30, workloadSeed, Long.MAX_VALUE, null).ops();
        // A process crash (no power loss) leaves a torn tail ...
        Round crashed = run(kind, Durability.NONE, nestedFrom, prefill, prefill + 30, workloadSeed, (long) (rnd.nextDouble() * ops), rnd);
        long committed;
        try (Store r = crashed.work.open()) {
            committed = r.length();
        }
        Path root = crashed.work.dir.getParent();
        // ... which a SYNC writer repairs; the power goes out at a random operation of the repair
        // (counted on a copy first).
        Path copy = Files.createDirectories(tmp.resolve("repair-dry-" + cases.incrementAndGet()));
        org.apache.commons.io.FileUtils.copyDirectory(root.toFile(), copy.toFile());
        FaultyFileIo dryIo = new FaultyFileIo(copy, null);
        CrashSamples.openWritable(kind, copy.resolve("store"), options(Durability.SYNC, dryIo)).close();
        FaultyFileIo io = new FaultyFileIo(root, rnd);
        io.crashAt((long) (rnd.nextDouble() * (dryIo.ops() + 1)));
        try {
            CrashSamples.openWritable(kind, crashed.work.dir, options(Durability.SYNC, io)).close();
        } catch (FaultyFileIo.SimulatedCrash expected) {
            // stopped mid-repair
        }
        io.powerLoss(new Random(rnd.nextLong()));
        CrashWorkload w = new CrashWorkload(kind, crashed.work.dir, nestedFrom, WriteOptions.defaults());
        w.attempted = committed;
        try {
            assertEquals(committed + 1, w.checkRecovered(committed, WriteOptions.defaults()));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("trace tail: " + tail(io.trace()), e);
        }
    }

    private static List<String> tail(List<String> trace) {
        return trace.subList(Math.max(0, trace.size() - 25), trace.size());
    }
}
