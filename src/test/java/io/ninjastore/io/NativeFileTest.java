package io.ninjastore.io;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mapping past a file's end, which one mapping of a growing store rests on (spec C-64). */
class NativeFileTest {
    @TempDir
    Path tmp;
    private Path file;

    @BeforeEach
    void needsNativeCalls() throws IOException {
        assertTrue(NativeFile.available(), "the tests run with native access on Linux");
        file = tmp.resolve("data.ninja");
        Files.write(file, new byte[] {1, 2, 3});
    }

    @Test
    @Spec("C-64")
    void aMappingPastTheEndShowsWhatTheFileGrowsInto() throws IOException {
        try (NativeFile f = NativeFile.openForMapping(file); Arena arena = Arena.ofShared()) {
            MemorySegment m = f.map(1 << 20, arena);
            assertEquals(1 << 20, m.byteSize());
            assertEquals(3, m.get(ValueLayout.JAVA_BYTE, 2));
            Files.write(file, new byte[] {4, 5}, StandardOpenOption.APPEND);
            assertEquals(5, m.get(ValueLayout.JAVA_BYTE, 4));
        }
    }

    @Test
    @Spec("C-64")
    void closingTheArenaUnmapsAndTheFileMayCloseFirst() throws IOException {
        Arena arena = Arena.ofShared();
        MemorySegment m;
        try (NativeFile f = NativeFile.openForMapping(file)) {
            m = f.map(4096, arena);
        }
        assertEquals(1, m.get(ValueLayout.JAVA_BYTE, 0)); // the mapping outlives the descriptor
        assertEquals(1, mappingsOf(file));
        arena.close();
        assertEquals(0, mappingsOf(file));
        assertThrows(IllegalStateException.class, () -> m.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    @Spec("C-64")
    void theSameFileIsTheOneOpenedNotWhatNowHasItsName() throws IOException {
        try (NativeFile f = NativeFile.openForMapping(file)) {
            Path other = tmp.resolve("other");
            Files.write(other, new byte[] {9, 9, 9, 9});
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel ch = FileChannel.open(f.sameFile(), StandardOpenOption.READ)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
                ch.read(b, 0);
                assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(b.array(), b.position()));
            }
        }
    }

    @Test
    void refusesAMissingFileAndAnEmptyMapping() throws IOException {
        assertThrows(NoSuchFileException.class, () -> NativeFile.openForMapping(tmp.resolve("missing")));
        try (NativeFile f = NativeFile.openForMapping(file); Arena arena = Arena.ofConfined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.map(0, arena));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    private static long mappingsOf(Path file) throws IOException {
        String name = file.toAbsolutePath().toString();
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.endsWith(name)).count();
        }
    }
}
