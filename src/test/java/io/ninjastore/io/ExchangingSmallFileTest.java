package io.ninjastore.io;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    @Spec("C-3")
    void aConcurrentReaderSeesOneWholeReplacementOrAnother() throws Exception {
        // Not necessarily in order: a reader that opened the name just before an exchange can read,
        // through that inode, the next value written into it (a value its writer has begun to commit,
        // never an invented or torn one), and then the current one. Store readers keep the larger.
        Path f = Files.write(tmp.resolve("shape.ninja"), twoWords(0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong started = new AtomicLong();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get() && torn.get() == null) {
                try {
                    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
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
