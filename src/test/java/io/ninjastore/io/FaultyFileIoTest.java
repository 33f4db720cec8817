package io.ninjastore.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The power-loss model the store tests rely on: only what was synced survives, and a crash stops everything. */
class FaultyFileIoTest {
    @TempDir
    Path root;

    private static ByteBuffer bytes(String s) { return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)); }

    @Test
    void unsyncedWritesAndEntriesAreRolledBack() throws IOException {
        Files.writeString(root.resolve("old"), "old");
        FaultyFileIo io = new FaultyFileIo(root, null);
        try (FileIo.WritableFile f = io.open(root.resolve("old"), false)) {
            f.write(bytes("new!"), 0);
        }
        try (FileIo.WritableFile f = io.open(root.resolve("created"), true)) {
            f.write(bytes("x"), 0);
            f.force(); // content durable, but its name is not until the directory is synced
        }
        io.powerLoss(null);
        assertEquals("old", Files.readString(root.resolve("old")));
        assertFalse(Files.exists(root.resolve("created")));
    }

    /**
     * The model of in-place overwrites (spec C-9): a power loss that keeps every name and append may
     * still lose an unsynced overwrite, even though a rename made after it survives; a synced one is kept.
     */
    @Test
    void unsyncedInPlaceOverwritesAreLostWhateverWasRenamedAfterThem() throws IOException {
        Files.writeString(root.resolve("lagging"), "AAAA");
        Files.writeString(root.resolve("synced"), "AAAA");
        Files.writeString(root.resolve("point"), "old");
        FaultyFileIo io = new FaultyFileIo(root, null);
        try (FileIo.SmallFile lagging = io.openInPlaceSmallFile(root.resolve("lagging"));
             FileIo.SmallFile synced = io.openInPlaceSmallFile(root.resolve("synced"));
             FileIo.WritableFile appended = io.open(root.resolve("point"), false)) {
            lagging.replace("BBBB".getBytes(StandardCharsets.US_ASCII), false);
            lagging.replace("CCCC".getBytes(StandardCharsets.US_ASCII), false);
            synced.replace("DDDD".getBytes(StandardCharsets.US_ASCII), true);
            appended.write(bytes("+more"), 3);
            io.replaceAtomically(root.resolve("point"), "new".getBytes(StandardCharsets.US_ASCII), false);
        }
        assertEquals(1, io.unsyncedOverwrites());
        io.dropUnsyncedOverwrites();
        assertEquals("AAAA", Files.readString(root.resolve("lagging")), "the overwrite is lost, back to before the first one");
        assertEquals("DDDD", Files.readString(root.resolve("synced")));
        assertEquals("new", Files.readString(root.resolve("point")), "the later rename survives");
        assertEquals(0, io.unsyncedOverwrites());
        assertTrue(io.trace().stream().anyMatch(t -> t.startsWith("overwrite lagging")), io.trace().toString());
    }

    @Test
    void syncedContentAndEntriesSurvive() throws IOException {
        FaultyFileIo io = new FaultyFileIo(root, null);
        io.createDirectories(root.resolve("d"));
        try (FileIo.WritableFile f = io.open(root.resolve("d/file"), true)) {
            f.write(bytes("durable"), 0);
            f.force();
            f.write(bytes("LOST"), 0);
        }
        io.syncDirectory(root.resolve("d"));
        io.syncDirectory(root);
        io.powerLoss(null);
        assertEquals("durable", Files.readString(root.resolve("d/file")));
    }

    @Test
    void aRenameIsDurableOnlyAfterItsDirectoryIsSynced() throws IOException {
        Files.writeString(root.resolve("a"), "A");
        FaultyFileIo io = new FaultyFileIo(root, null);
        io.replaceAtomically(root.resolve("a"), "B".getBytes(StandardCharsets.US_ASCII), false);
        assertEquals("B", Files.readString(root.resolve("a")));
        io.powerLoss(null);
        assertEquals("A", Files.readString(root.resolve("a")), "an unsynced replace is rolled back");
        io.replaceAtomically(root.resolve("a"), "C".getBytes(StandardCharsets.US_ASCII), true);
        io.powerLoss(null);
        assertEquals("C", Files.readString(root.resolve("a")), "a synced replace survives");
        assertTrue(io.notDurable(root).isEmpty());
    }

    @Test
    void aRenamedButUnforcedFileMayComeBackEmpty() throws IOException {
        Files.writeString(root.resolve("a"), "A");
        FaultyFileIo io = new FaultyFileIo(root, null);
        io.replaceAtomically(root.resolve("a"), "B".getBytes(StandardCharsets.US_ASCII), false);
        io.syncDirectory(root); // the rename is durable, the new file's content never was
        io.powerLoss(null);
        assertEquals("", Files.readString(root.resolve("a")));
    }

    @Test
    void aCrashStopsTheOperationAndEveryOneAfter() throws IOException {
        FaultyFileIo io = new FaultyFileIo(root, new Random(1));
        FileIo.WritableFile f = io.open(root.resolve("f"), true); // operation 0
        io.crashAt(2);
        f.write(bytes("first"), 0); // operation 1
        assertThrows(FaultyFileIo.SimulatedCrash.class, () -> f.write(bytes("second write"), 5));
        assertThrows(FaultyFileIo.SimulatedCrash.class, f::force);
        assertThrows(FaultyFileIo.SimulatedCrash.class, () -> io.syncDirectory(root));
        f.close(); // closing is not an operation: a dying process closes everything
        assertTrue(io.crashed());
        byte[] on = Files.readAllBytes(root.resolve("f"));
        assertTrue(on.length >= 5 && on.length < 17, "a torn write lands a prefix: " + on.length + " bytes");
        assertArrayEquals("first".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(on, 5));
    }

    @Test
    void theCommitPointWatchReportsWhatIsNotDurable() throws IOException {
        Files.createDirectories(root.resolve("s"));
        FaultyFileIo io = new FaultyFileIo(root, null);
        io.watchCommitPoint(root.resolve("s"), root.resolve("s/shape.ninja"));
        try (FileIo.WritableFile f = io.open(root.resolve("s/data.ninja"), true)) {
            f.write(bytes("data"), 0); // never forced
        }
        io.replaceAtomically(root.resolve("s/shape.ninja"), new byte[8], true);
        assertEquals(1, io.violations().size(), io.violations().toString());
        assertTrue(io.violations().getFirst().contains("s/data.ninja (content)"), io.violations().toString());
    }
}
