package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.io.FaultyFileIo;
import io.ninjastore.store.CrashSamples.Kind;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repair (spec C-10..C-14, C-30): what a writer finds after a crash, and what readers see meanwhile. */
class RepairTest {
    /** The operations of a conversion that move directories, flip the flag or commit: where a failure is most interesting. */
    private static final java.util.regex.Pattern SWAP_STEP = java.util.regex.Pattern.compile(
            "^(rename|delete) s/(shapes(\\.tmp-\\w+)?|shapes_are_flat\\.ninja\\.tmp|starts/shape\\.ninja\\.tmp)( |$)|^syncdir s(/starts)?$");

    @TempDir
    Path tmp;

    private static WriteOptions with(FaultyFileIo io) { return WriteOptions.defaults().withFileIo(io); }

    /** Leaves an interrupted append of {@code k} ragged samples: everything written but the commit point. */
    private static void interruptedAppend(Path root, Path dir, long from, long k, long nestedFrom) throws IOException {
        FaultyFileIo io = new FaultyFileIo(root, null);
        io.watchCommitPoint(dir, dir.resolve("starts/shape.ninja"));
        // count the operations of the append, then stop it at the rename of the commit point
        Path copy = Files.createDirectories(root.resolveSibling(root.getFileName() + "-dry"));
        org.apache.commons.io.FileUtils.copyDirectory(root.toFile(), copy.toFile());
        FaultyFileIo dry = new FaultyFileIo(copy, null);
        try (RaggedMmap w = RaggedMmap.openWritable(copy.resolve(dir.getFileName()), with(dry))) {
            long opened = dry.ops();
            w.extend(CrashSamples.raggedBatch(from, from + k, nestedFrom));
            List<String> trace = dry.trace();
            long rename = opened + trace.subList((int) opened, trace.size()).indexOf("rename " + dir.getFileName()
                    + "/starts/shape.ninja.tmp -> " + dir.getFileName() + "/starts/shape.ninja");
            io.crashAt(rename);
        }
        try (RaggedMmap w = RaggedMmap.openWritable(dir, with(io))) {
            w.extend(CrashSamples.raggedBatch(from, from + k, nestedFrom));
        } catch (FaultyFileIo.SimulatedCrash expected) {
            // the commit point was never replaced
        }
        CorruptionProperties.deleteTree(copy);
    }

    /**
     * A reader that saw an interrupted append's index entries must accept that the repair cut them:
     * refresh() used to throw "shrank" when the next commit left ends/ shorter than it had seen.
     */
    @Test
    @Spec({"C-10", "C-40", "F-12"})
    void aReaderRefreshesAcrossARepairThatCutIndexEntries() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path dir = root.resolve("r");
        RaggedMmap.fromLists(dir, CrashSamples.raggedBatch(0, 10, Long.MAX_VALUE), DType.INT64, WriteOptions.defaults()).close();
        interruptedAppend(root, dir, 10, 6, Long.MAX_VALUE);
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(10, r.length(), "the interrupted samples are not committed");
            try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) { // cuts ends/ from 16 to 10 entries
                w.extend(CrashSamples.raggedBatch(10, 12, Long.MAX_VALUE)); // ends/ now 12: fewer than the reader saw
            }
            r.refresh();
            assertEquals(12, r.length());
            CrashSamples.checkAll(r, Long.MAX_VALUE);
        }
    }

    /** A writer that crashed between the two renames of a conversion leaves shapes/ missing (spec C-14). */
    @Test
    @Spec({"C-14", "F-15", "C-40"})
    void readersFollowAConversionInterruptedBetweenItsRenames() throws IOException {
        Path dir = tmp.resolve("r");
        long nestedFrom = 15;
        RaggedMmap.fromLists(dir, CrashSamples.raggedBatch(0, 8, nestedFrom), DType.INT64, WriteOptions.defaults()).close();
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
                w.extend(CrashSamples.raggedBatch(8, 12, nestedFrom));
            }
            Files.move(dir.resolve("shapes"), dir.resolve("shapes.tmp-flat")); // as the crash left it
            r.refresh();
            assertEquals(12, r.length());
            CrashSamples.checkAll(r, nestedFrom);
            try (RaggedMmap fresh = RaggedMmap.open(dir)) {
                CrashSamples.checkAll(fresh, nestedFrom);
            }
            try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) { // restores shapes/, then converts
                assertTrue(Files.isDirectory(dir.resolve("shapes")));
                w.extend(CrashSamples.raggedBatch(12, 20, nestedFrom));
                assertFalse(w.shapesAreFlat());
            }
            r.refresh();
            assertEquals(20, r.length());
            assertFalse(r.shapesAreFlat());
            CrashSamples.checkAll(r, nestedFrom);
        }
        assertTrue(StoreVerifier.verify(dir, true).healthy());
    }

    /** A 0-d array is stored as mmap_ninja stores it: an empty shape.ninja (F-4, F-7); it was written as shape [1]. */
    @Test
    @Spec({"F-4", "F-7", "C-30"})
    void aZeroDimensionalArrayIsStoredWithAnEmptyShape() throws IOException {
        Path dir = tmp.resolve("scalar");
        try (NumpyMmap n = NumpyMmap.fromArray(dir, NdArray.scalar(DType.FLOAT64, 2.5))) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(new long[0], n.shape());
            assertEquals(1, n.length());
        }
        Path vector = Path.of(System.getProperty("basedir", "")).resolve("spec/vectors/dense_0d").toAbsolutePath();
        for (String f : List.of("data.ninja", "dtype.ninja", "order.ninja", "shape.ninja", "type.ninja")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(vector.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
        }
        try (NumpyMmap n = NumpyMmap.open(dir)) {
            assertEquals(2.5, n.array().getDouble());
        }
        assertTrue(StoreVerifier.verify(dir, true).healthy());
    }

    /** F-19: converting by appends gives, file for file, what one write of all samples gives (checksum sidecars aside). */
    @Test
    @Spec({"F-19", "C-14"})
    void aConversionByAppendsEqualsAOneShotWrite() throws IOException {
        Path appended = tmp.resolve("appended"), oneShot = tmp.resolve("one-shot");
        try (RaggedMmap w = RaggedMmap.fromLists(appended, CrashSamples.raggedBatch(0, 9, 5), DType.INT64, WriteOptions.defaults())) {
            w.extend(CrashSamples.raggedBatch(9, 13, 5));
            w.extend(CrashSamples.raggedBatch(13, 20, 5));
        }
        RaggedMmap.fromLists(oneShot, CrashSamples.raggedBatch(0, 20, 5), DType.INT64, WriteOptions.defaults()).close();
        java.util.Map<String, byte[]> a = CorruptionTest.snapshot(appended), b = CorruptionTest.snapshot(oneShot);
        a.keySet().removeIf(k -> k.endsWith(ChecksumLog.SUFFIX));
        b.keySet().removeIf(k -> k.endsWith(ChecksumLog.SUFFIX));
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) org.junit.jupiter.api.Assertions.assertArrayEquals(b.get(k), a.get(k), k);
    }

    @Test
    @Spec({"C-3", "F-36", "C-10"})
    void openingForWriteDeletesTemporaryFilesACrashLeft() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("a", "b")).close();
        Files.writeString(dir.resolve("starts/shape.ninja.tmp"), "torn");
        Files.writeString(dir.resolve("type.ninja.tmp"), "torn");
        assertTrue(StoreVerifier.verify(dir, false).notes().stream().anyMatch(n -> n.contains("shape.ninja.tmp")));
        StringsMmap.openWritable(dir, WriteOptions.defaults()).close();
        assertFalse(Files.exists(dir.resolve("starts/shape.ninja.tmp")));
        assertFalse(Files.exists(dir.resolve("type.ninja.tmp")));
        assertEquals(List.of(), StoreVerifier.verify(dir, false).notes());
    }

    /** C-30: an abandoned build beside the target is deleted by the next build; one still running is left alone. */
    @Test
    @Spec({"C-30", "F-36"})
    void abandonedBuildsAreCleanedUpButNotOnesInProgress() throws Exception {
        Path target = tmp.resolve("data");
        Path abandoned = tmp.resolve(".data" + Builds.BUILDING + "dead");
        Path running = tmp.resolve(".data" + Builds.BUILDING + "alive");
        StringsMmap.fromStrings(abandoned, List.of("half")).close();
        StringsMmap.fromStrings(running, List.of("busy")).close();
        try (StringsMmap busy = StringsMmap.openWritable(running, WriteOptions.defaults())) {
            StringsMmap.fromStrings(target, List.of("new")).close();
            assertFalse(Files.exists(abandoned));
            assertTrue(Files.exists(running), "its writer holds its lock");
            busy.append("still mine");
        }
    }

    /** C-30: a swap interrupted between its two renames leaves the old store parked; the next build puts it back. */
    @Test
    @Spec({"C-30"})
    void aReplaceInterruptedBetweenItsRenamesIsUndone() throws IOException {
        Path target = tmp.resolve("data");
        StringsMmap.fromStrings(target, List.of("old")).close();
        Files.move(target, tmp.resolve(".data" + Builds.REPLACED + "1"));
        Files.createDirectories(tmp.resolve(".data" + Builds.BUILDING + "2")); // the replacement, never renamed into place
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> StringsMmap.fromStrings(target, List.of("other")),
                "the old store is back, and a build that does not replace refuses it");
        try (StringsMmap r = StringsMmap.open(target)) {
            assertEquals(List.of("old"), List.copyOf(r));
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(target), s.toList());
        }
    }

    /**
     * C-13: a batch that fails inside the process (an I/O error at any operation of it) is rolled back
     * at once: the store keeps its committed samples and the same writer carries on.
     */
    @Test
    @Spec({"C-13"})
    void aBatchThatFailsAtAnyOperationIsRolledBack() throws IOException {
        for (Kind kind : Kind.values()) for (Durability d : Durability.values()) {
            Path root = Files.createDirectories(tmp.resolve("fail-" + kind + d));
            Path dir = root.resolve("s");
            new CrashWorkload(kind, dir, 3, WriteOptions.defaults()).run(6, new Random(1));
            FaultyFileIo io = new FaultyFileIo(root, null);
            try (Store w = CrashSamples.openWritable(kind, dir, with(io).withDurability(d))) {
                long opened = io.ops();
                CrashSamples.append(w, 6, 12, 3); // crosses sample 10, the conversion for ragged
                opened = io.ops();
                CrashSamples.append(w, 12, 18, 3);
                long perBatch = io.ops() - opened;
                long n = 18;
                for (long k = 0; k < perBatch; k++) {
                    io.failAt(io.ops() + k);
                    long at = n;
                    IOException e = assertThrows(IOException.class, () -> CrashSamples.append(w, at, at + 6, 3));
                    assertTrue(e.getMessage().contains("injected"), e.getMessage());
                    if (w.length() == n + 6) {
                        // only the last operation, the directory sync after the commit point's rename, may
                        // fail after the batch is committed: it is then visible, just not known durable
                        assertEquals(Durability.SYNC, d);
                        assertEquals(perBatch - 1, k, kind + ": committed although operation " + k + " failed");
                        n += 6;
                    } else {
                        assertEquals(n, w.length(), kind + ": failure at operation " + k + " of the batch");
                    }
                    CrashSamples.append(w, n, n + 1, 3); // the writer carries on
                    n++;
                }
            }
            try (Store r = new CrashWorkload(kind, dir, 3, WriteOptions.defaults()).open()) {
                CrashSamples.checkAll(r, 3);
            }
            VerifyReport v = StoreVerifier.verify(dir, true);
            assertTrue(v.healthy() && v.notes().isEmpty() && v.unchecksummed().isEmpty(), v::toString);
        }
    }

    /** The same for the batch that converts shapes/ to the nested layout (C-13, C-14), at every one of its operations. */
    @Test
    @Spec({"C-13", "C-14"})
    void aConversionThatFailsAtAnyOperationIsRolledBack() throws IOException {
        for (Durability d : Durability.values()) {
            Path root = Files.createDirectories(tmp.resolve("conv-" + d));
            Path dir = root.resolve("s");
            RaggedMmap.fromLists(dir, CrashSamples.raggedBatch(0, 6, 8), DType.INT64, WriteOptions.defaults()).close();
            Path copy = Files.createDirectories(tmp.resolve("conv-dry-" + d));
            org.apache.commons.io.FileUtils.copyDirectory(root.toFile(), copy.toFile());
            FaultyFileIo dry = new FaultyFileIo(copy, null);
            List<Long> points = new java.util.ArrayList<>();
            try (RaggedMmap w = RaggedMmap.openWritable(copy.resolve("s"), with(dry).withDurability(d))) {
                int opened = (int) dry.ops();
                w.extend(CrashSamples.raggedBatch(6, 12, 8)); // sample 10 is 2-d: converts
                List<String> trace = dry.trace().subList(opened, (int) dry.ops());
                // every step of the swap and of the commit point, and a sample of the rest
                for (int k = 0; k < trace.size(); k++) {
                    String op = trace.get(k);
                    boolean swap = SWAP_STEP.matcher(op).find();
                    if (swap || k % 45 == 0) points.add((long) k);
                }
            }
            for (long k : points) {
                Path run = Files.createDirectories(tmp.resolve("conv-" + d + "-" + k));
                org.apache.commons.io.FileUtils.copyDirectory(root.toFile(), run.toFile());
                FaultyFileIo io = new FaultyFileIo(run, null);
                Path s = run.resolve("s");
                try (RaggedMmap w = RaggedMmap.openWritable(s, with(io).withDurability(d))) {
                    io.failAt(io.ops() + k);
                    IOException e = null;
                    try {
                        w.extend(CrashSamples.raggedBatch(6, 12, 8));
                    } catch (IOException x) {
                        e = x;
                    }
                    long len = w.length();
                    String failed = io.trace().stream().filter(t -> t.startsWith("FAIL")).findFirst().orElseThrow();
                    if (e == null) { // only the cleanup after a complete conversion may fail unnoticed
                        List<String> t = io.trace();
                        String prev = t.get(t.indexOf(failed) - 1);
                        assertTrue(len == 12 && (failed.contains(RaggedMmap.SHAPES_FLAT_OLD) || prev.contains(RaggedMmap.SHAPES_FLAT_OLD)), failed);
                    } else if (len == 12) { // committed; only the sync after the commit point failed
                        assertTrue(d == Durability.SYNC && failed.startsWith("FAIL syncdir s/starts"), failed);
                    } else {
                        assertEquals(6, len, d + " " + failed);
                    }
                    if (len == 6) w.extend(CrashSamples.raggedBatch(6, 12, 8)); // the writer carries on
                    w.extend(CrashSamples.raggedBatch(12, 16, 8));
                    assertFalse(w.shapesAreFlat());
                }
                try (RaggedMmap r = RaggedMmap.open(s)) {
                    assertEquals(16, r.length());
                    CrashSamples.checkAll(r, 8);
                }
                VerifyReport v = StoreVerifier.verify(s, true);
                assertTrue(v.healthy() && v.unchecksummed().isEmpty(), () -> "operation of the conversion failed: " + v);
                CorruptionProperties.deleteTree(run);
            }
        }
    }

    @Test
    @Spec({"C-13", "F-9"})
    void aBadSampleInTheMiddleOfABatchLeavesNothingBehind() throws IOException {
        Path dir = tmp.resolve("r");
        try (RaggedMmap w = RaggedMmap.fromLists(dir, CrashSamples.raggedBatch(0, 4, Long.MAX_VALUE), DType.INT64, WriteOptions.defaults())) {
            List<NdArray> batch = new java.util.ArrayList<>(CrashSamples.raggedBatch(4, 8, Long.MAX_VALUE));
            batch.add(2, NdArray.of(new double[] {0.5})); // float64 does not cast safely to int64
            assertThrows(IllegalArgumentException.class, () -> w.extend(batch));
            assertEquals(4, w.length());
            w.extend(CrashSamples.raggedBatch(4, 8, Long.MAX_VALUE));
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(8, r.length());
            CrashSamples.checkAll(r, Long.MAX_VALUE);
        }
        assertTrue(StoreVerifier.verify(dir, true).notes().isEmpty());
    }
}
