package io.ninjastore.io;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small-file slot that replaces {@code shape.ninja} by exchanging two inodes (spec C-3). */
class ExchangingSmallFileTest {
    @TempDir
    Path tmp;

    private static byte[] twoWords(long v) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(v).putLong(~v).array();
    }

    @Test
    void theRealFileSystemExchangesWhenNativeAccessIsEnabled() throws Exception {
        // The test JVM runs with --enable-native-access=ALL-UNNAMED, as the launcher does.
        Path f = Files.write(tmp.resolve("shape.ninja"), new byte[8]);
        try (FileIo.SmallFile s = FileIo.DEFAULT.openSmallFile(f)) {
            assertTrue(RenameExchange.available(), "renameat2 should be reachable on Linux with native access");
            assertInstanceOf(ExchangingSmallFile.class, s);
        }
    }

    @Test
    @Spec("C-3")
    void everyReplacementLeavesExactlyTheNewContentAndCloseLeavesNoTemporary() throws Exception {
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(0));
        try (FileIo.SmallFile s = FileIo.DEFAULT.openSmallFile(f)) {
            for (long v = 1; v <= 50; v++) {
                s.replace(twoWords(v), v % 10 == 0);
                assertArrayEquals(twoWords(v), Files.readAllBytes(f));
            }
            s.replace(new byte[8], false); // a shorter content shrinks the file
            assertArrayEquals(new byte[8], Files.readAllBytes(f));
            s.replace(twoWords(7), false); // and a longer one grows it again
            assertArrayEquals(twoWords(7), Files.readAllBytes(f));
        }
        assertFalse(Files.exists(tmp.resolve("shape.ninja.xchg")));
        try (var l = Files.list(tmp)) {
            assertEquals(1, l.count());
        }
    }

    @Test
    @Spec("C-63")
    void aReaderHoldingTheSpareKeepsItsValueAndTheWriterMovesToANewInode() throws Exception {
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(0));
        try (ExchangingSmallFile s = (ExchangingSmallFile) FileIo.DEFAULT.openSmallFile(f)) {
            s.replace(twoWords(1), false);
            // A slow reader: it opened the name and took its shared lock, then the writer exchanged twice.
            try (NativeFile slow = NativeFile.openForReading(f)) {
                assertEquals(NativeFile.Lock.TAKEN, slow.lockShared(0));
                s.replace(twoWords(2), false); // the slow reader's inode is now the spare
                s.replace(twoWords(3), false); // which the writer must not rewrite
                assertArrayEquals(twoWords(1), slow.readUpTo(64));
                assertEquals(1, s.sparesLeftToReaders());
            }
            assertArrayEquals(twoWords(3), ExchangingSmallFile.read(f, 64));
            s.replace(twoWords(4), false); // with no reader left, the inodes take turns again
            s.replace(twoWords(5), false);
            assertEquals(1, s.sparesLeftToReaders());
            assertArrayEquals(twoWords(5), ExchangingSmallFile.read(f, 64));
        }
        try (var l = Files.list(tmp)) {
            assertEquals(1, l.count(), "close leaves no spare behind");
        }
    }

    /** The file opened as a writer does, with the writer's exclusive lock taken. */
    private static NativeFile exclusivelyLocked(Path f) throws IOException {
        NativeFile w = NativeFile.openForWriting(f);
        assertEquals(NativeFile.Lock.TAKEN, w.tryLockExclusive());
        return w;
    }

    @Test
    @Spec("C-63")
    void aReaderWaitsWhileTheWriterHoldsTheExclusiveLock() throws Exception {
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(1));
        try (NativeFile writer = exclusivelyLocked(f)) {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return ExchangingSmallFile.read(f, 64);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            assertFalse(read.isDone(), "the reader must wait for the writer's lock");
            writer.writeAtStart(twoWords(2));
            writer.unlock();
            assertArrayEquals(twoWords(2), read.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    @Spec("C-63")
    void aWriterStoppedWhileHoldingItsLockDoesNotHangItsReaders() throws Exception {
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(1));
        try (NativeFile stopped = exclusivelyLocked(f)) {
            try (NativeFile reader = NativeFile.openForReading(f)) {
                assertEquals(NativeFile.Lock.HELD, reader.lockShared(TimeUnit.MILLISECONDS.toNanos(50)));
            }
            long t0 = System.nanoTime();
            assertArrayEquals(twoWords(1), ExchangingSmallFile.read(f, 64)); // after the bounded wait, two reads agree
            assertTrue(System.nanoTime() - t0 >= ExchangingSmallFile.MAX_READER_WAIT_NANOS, "it waited for the writer first");
        }
    }

    @Test
    @Spec("C-63")
    void theWriterCannotTakeTheExclusiveLockWhileAReaderHoldsTheSharedOne() throws Exception {
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(1));
        try (NativeFile reader = NativeFile.openForReading(f); NativeFile writer = NativeFile.openForWriting(f)) {
            assertEquals(NativeFile.Lock.TAKEN, reader.lockShared(0));
            // another descriptor in this same process: OFD locks still exclude
            assertEquals(NativeFile.Lock.HELD, writer.tryLockExclusive());
        }
        try (NativeFile writer = NativeFile.openForWriting(f)) {
            assertEquals(NativeFile.Lock.TAKEN, writer.tryLockExclusive(), "closing the reader's descriptor dropped its lock");
        }
    }

    @Test
    void aFileSystemWithoutLocksIsToldApartFromALockHeldOrAnError() {
        assertEquals(NativeFile.Lock.HELD, NativeFile.outcome(11)); // EAGAIN
        assertEquals(NativeFile.Lock.HELD, NativeFile.outcome(13)); // EACCES
        assertEquals(NativeFile.Lock.UNSUPPORTED, NativeFile.outcome(NativeCalls.ENOLCK));
        assertEquals(NativeFile.Lock.UNSUPPORTED, NativeFile.outcome(NativeCalls.EINVAL));
        assertNull(NativeFile.outcome(9), "EBADF is an error to report"); // EBADF
    }

    @Test
    @Spec("C-63")
    void withoutNativeCallsAReadIsTakenOnlyWhenTwoReadsInARowAgree() throws Exception {
        Path f = tmp.resolve("shape.ninja");
        Iterator<byte[]> settling = List.of(twoWords(1), twoWords(2), twoWords(2)).iterator();
        assertArrayEquals(twoWords(2), ExchangingSmallFile.untilTwoReadsAgree(f, settling::next));
        AtomicLong n = new AtomicLong();
        IOException e = assertThrows(IOException.class,
                () -> ExchangingSmallFile.untilTwoReadsAgree(f, () -> twoWords(n.incrementAndGet())));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("changed"), e.getMessage());
    }

    @Test
    void lockableFilesReportMissingAndExistingFilesByName() throws Exception {
        Path missing = tmp.resolve("missing.ninja");
        assertThrows(NoSuchFileException.class, () -> NativeFile.openForReading(missing));
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(1));
        assertThrows(FileAlreadyExistsException.class, () -> NativeFile.create(f, true));
        try (NativeFile r = NativeFile.openForReading(f)) {
            assertArrayEquals(Arrays.copyOf(twoWords(1), 5), r.readUpTo(5), "at most the limit");
        }
        try (NativeFile w = NativeFile.openForWriting(f)) {
            w.writeAtStart(new byte[] {9});
            w.truncate(1);
            w.sync();
        }
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
    }

    @Test
    @Spec({"C-3", "C-63"})
    void aConcurrentReaderSeesOneWholeReplacementOrAnother() throws Exception {
        // Not necessarily in order: a reader that opened the name just before an exchange can read,
        // through that inode, the next value written into it (a value its writer has begun to commit,
        // never an invented or torn one), and then the current one. Store readers keep the larger.
        // Before the handshake (C-63) a reader here very rarely read a mix of two values.
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong started = new AtomicLong();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get() && torn.get() == null) {
                try {
                    ByteBuffer b = ByteBuffer.wrap(ExchangingSmallFile.read(f, 64)).order(ByteOrder.LITTLE_ENDIAN);
                    long v = b.getLong(), w = b.getLong();
                    if (w != ~v) torn.set("read a mix: " + v + " / " + ~w);
                    else if (v > started.get()) torn.set("read " + v + " before the writer began to write it");
                } catch (Exception e) {
                    torn.set("read failed: " + e);
                }
            }
        });
        try (FileIo.SmallFile s = FileIo.DEFAULT.openSmallFile(f)) {
            for (long v = 1; v <= 20_000 && torn.get() == null; v++) {
                started.set(v);
                s.replace(twoWords(v), false);
            }
        } finally {
            stop.set(true);
            reader.join();
        }
        assertNull(torn.get());
    }

    @Test
    void aFileIoWithoutItsOwnSmallFilesRenamesEveryTime() throws Exception {
        FileIo plain = new FileIo() { // only the primitives: the default openSmallFile must use them
            @Override public WritableFile open(Path file, boolean create) throws java.io.IOException { return FileIo.DEFAULT.open(file, create); }
            @Override public void syncDirectory(Path dir) throws java.io.IOException { FileIo.DEFAULT.syncDirectory(dir); }
            @Override public void rename(Path from, Path to) throws java.io.IOException { FileIo.DEFAULT.rename(from, to); }
            @Override public void createDirectories(Path dir) throws java.io.IOException { FileIo.DEFAULT.createDirectories(dir); }
            @Override public void deleteRecursively(Path path) throws java.io.IOException { FileIo.DEFAULT.deleteRecursively(path); }
        };
        Path f = Files.write(tmp.resolve("shape.ninja"), new byte[8]);
        try (FileIo.SmallFile s = plain.openSmallFile(f)) {
            assertInstanceOf(RenamingSmallFile.class, s);
            s.replace(twoWords(3), true);
        }
        assertArrayEquals(twoWords(3), Files.readAllBytes(f));
    }
}
