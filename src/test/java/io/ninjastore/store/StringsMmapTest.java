package io.ninjastore.store;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.RandomAccess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StringsMmap} case by case: its layout, UTF-8 in both directions, set, and bad input. */
class StringsMmapTest {
    private static final List<String> AWKWARD = List.of("", "plain", "nul\0byte", "\0", "héllo", "日本語", "emoji 😀🎉",
            "\uD83D\uDE00", "\uFFFD is valid", "tab\tnew\nline", "\u2028", "\u007F", "𝄞");

    @TempDir
    Path tmp;

    @Test
    @Spec({"F-20", "F-21"})
    void writesUtf8BytesWithByteOffsets() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("ab", "", "é", "😀")).close();
        assertEquals("string", Files.readString(dir.resolve("type.ninja")));
        assertArrayEquals("abé😀".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(dir.resolve("data.ninja")));
        assertArrayEquals(StoresTest.le(0, 2, 2, 4), Files.readAllBytes(dir.resolve("starts/data.ninja")));
        assertArrayEquals(StoresTest.le(2, 2, 4, 8), Files.readAllBytes(dir.resolve("ends/data.ninja")), "byte, not char, offsets");
        assertFalse(Files.exists(dir.resolve("dtype.ninja")) || Files.exists(dir.resolve("shape.ninja")));
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals(List.of("ab", "", "é", "😀"), new ArrayList<>(s));
            assertArrayEquals("😀".getBytes(StandardCharsets.UTF_8), s.bytes(3));
        }
    }

    @Test
    @Spec("F-22")
    void everyStringWithAUtf8EncodingRoundTrips() throws IOException {
        Path dir = tmp.resolve("awkward");
        StringsMmap.fromStrings(dir, AWKWARD).close();
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals(AWKWARD, new ArrayList<>(s));
            assertEquals(AWKWARD, s.stream().toList());
            assertEquals(List.of("𝄞", "", "𝄞"), s.get(new long[] {12, 0, 12}));
        }
    }

    @Test
    @Spec("F-22")
    void aBulkReadGivesWhatSingleReadsGiveAcrossChunks() throws IOException {
        Path dir = tmp.resolve("bulk");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 700; i++) all.add(AWKWARD.get(i % AWKWARD.size()) + "#".repeat(i % 5));
        StringsMmap.fromStrings(dir, all).close();
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        try (StringsMmap s = StringsMmap.open(dir)) {
            for (int len : new int[] {0, 1, 255, 256, 257, 513, 2000}) {
                long[] idx = r.longs(len, 0, all.size()).toArray();
                List<String> bulk = s.get(idx);
                assertEquals(len, bulk.size());
                for (int k = 0; k < len; k++) assertEquals(s.get(idx[k]), bulk.get(k), "index " + idx[k]);
                bulk.add("mutable"); // a new list, the caller's
            }
            long[] badInSecondChunk = r.longs(300, 0, all.size()).toArray();
            badInSecondChunk[290] = all.size();
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.get(badInSecondChunk));
            assertEquals(assertThrows(IndexOutOfBoundsException.class, () -> s.get((long) all.size())).getMessage(), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.get(new long[] {0, -1}));
        }
    }

    @Test
    @Spec({"F-21", "F-22"})
    void aBulkReadRefusesARangeOutsideTheDataAndMalformedUtf8AsSingleReadsDo() throws IOException {
        Path dir = tmp.resolve("bulkbad");
        StringsMmap.fromStrings(dir, List.of("ok", "??", "fine")).close();
        Files.write(dir.resolve("data.ninja"), new byte[] {'o', 'k', (byte) 0xff, '?', 'f', 'i', 'n', 'e'});
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals(List.of("fine", "ok"), s.get(new long[] {2, 0}));
            CorruptStoreException utf8 = assertThrows(CorruptStoreException.class, () -> s.get(new long[] {0, 1}));
            assertEquals(assertThrows(CorruptStoreException.class, () -> s.get(1)).getMessage(), utf8.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.get(new long[] {1, 5}),
                    "an index outside the store fails before any string of its chunk is read");
        }
        Files.write(dir.resolve("ends/data.ninja"), StoresTest.le(99, 4, 8)); // open checks only the last end
        try (StringsMmap s = StringsMmap.open(dir)) {
            CorruptStoreException range = assertThrows(CorruptStoreException.class, () -> s.get(new long[] {2, 0}));
            assertEquals(assertThrows(CorruptStoreException.class, () -> s.get(0)).getMessage(), range.getMessage());
            assertTrue(range.getMessage().contains("starts[0]/ends[0]"), range.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00b", "\uDBFF", "ok\uD83D", "\uDE00\uD83D"})
    @Spec("F-22")
    void aLoneSurrogateIsRefusedNamingTheStringAndChangesNothing(String bad) throws IOException {
        Path dir = tmp.resolve("s");
        try (StringsMmap s = StringsMmap.fromStrings(dir, List.of("x", "y"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.extend(List.of("fine", bad)));
            assertTrue(e.getMessage().contains("string 3") && e.getMessage().contains("lone surrogate"), e.getMessage());
            assertEquals(2, s.size(), "the batch is all or nothing");
            IllegalArgumentException set = assertThrows(IllegalArgumentException.class, () -> s.set(0L, bad));
            assertTrue(set.getMessage().contains("string 0"), set.getMessage());
            s.append("z");
        }
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals(List.of("x", "y", "z"), new ArrayList<>(s));
        }
        assertThrows(IllegalArgumentException.class, () -> StringsMmap.fromStrings(tmp.resolve("new"), List.of(bad)));
        assertFalse(Files.exists(tmp.resolve("new")), "a refused build leaves nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "eda080", "f4908080", "e282", "80"}) // stray byte, overlong, CESU surrogate, > U+10FFFF, cut, continuation
    @Spec("F-22")
    void malformedUtf8FromAnotherToolIsReportedWithTheSampleIndex(String hex) throws IOException {
        Path dir = tmp.resolve("m");
        StringsMmap.fromStrings(dir, List.of("ok", "??", "fine")).close();
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] data = ("ok" + "?".repeat(bad.length) + "fine").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bad, 0, data, 2, bad.length);
        Files.write(dir.resolve("data.ninja"), data);
        Files.write(dir.resolve("starts/data.ninja"), StoresTest.le(0, 2, 2 + bad.length));
        Files.write(dir.resolve("ends/data.ninja"), StoresTest.le(2, 2 + bad.length, 6 + bad.length));
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals("ok", s.get(0));
            assertEquals("fine", s.get(2));
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> s.get(1));
            assertEquals("sample 1", e.field());
            assertEquals(dir.resolve("data.ninja"), e.file());
            assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
            // where, in the sample and in the file (the bad bytes start the sample, at byte 2 of the data)
            assertTrue(e.getMessage().contains(" at byte 0 of its " + bad.length + " (data.ninja byte 2, F-22)"), e.getMessage());
            assertArrayEquals(bad, s.bytes(1), "the raw bytes stay readable");
            assertThrows(CorruptStoreException.class, () -> new ArrayList<>(s));
        }
    }

    @Test
    @Spec("F-22")
    void aStringLongerThanAJavaArrayIsRefusedAsSuchNotAsCorruption() throws IOException {
        Path dir = tmp.resolve("huge");
        StringsMmap.fromStrings(dir, List.of("a")).close();
        long end = (1L << 31) + 8; // past what a byte[] holds; the file is sparse, so this costs no disk
        try (var f = new java.io.RandomAccessFile(dir.resolve("data.ninja").toFile(), "rw")) {
            f.setLength(end);
        }
        VerifyTest.putLong(dir.resolve("ends/data.ninja"), 0, end);
        try (StringsMmap s = StringsMmap.open(dir)) {
            for (var read : List.<Runnable>of(() -> s.get(0), () -> s.bytes(0), () -> s.get(new long[] {0}))) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, read::run);
                assertEquals("string 0 of " + dir + " is " + end + " UTF-8 bytes; a Java array or String holds at most "
                        + (Integer.MAX_VALUE - 8), e.getMessage());
            }
        }
    }

    @Test
    void setNeedsTheSameUtf8ByteLength() throws IOException {
        Path dir = tmp.resolve("set");
        try (StringsMmap s = StringsMmap.fromStrings(dir, List.of("héllo", "日", ""))) {
            s.set(0L, "hello!");           // 6 bytes for 6 bytes, though one char more
            assertEquals("日", s.set(1, "ab\0"), "List.set returns the old string");
            s.set(2L, "");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set(0L, "héllo!"));
            assertTrue(e.getMessage().contains("6 UTF-8 bytes") && e.getMessage().contains("new value 7"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.set(2L, "x"));
            assertThrows(IndexOutOfBoundsException.class, () -> s.set(3L, ""));
        }
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals(List.of("hello!", "ab\0", ""), new ArrayList<>(s));
        }
    }

    @Test
    @Spec("F-23")
    void emptyStoresInBothLayouts() throws IOException {
        Path ours = tmp.resolve("ours");
        StringsMmap.fromStrings(ours, List.of()).close();
        assertEquals(1, Files.size(ours.resolve("data.ninja"))); // one zero byte, never empty (F-6)
        assertArrayEquals(StoresTest.le(0), Files.readAllBytes(ours.resolve("starts/shape.ninja")));
        try (StringsMmap s = StringsMmap.open(ours)) {
            assertTrue(s.isEmpty());
        }
        Path bare = Files.createDirectories(tmp.resolve("bare")); // what mmap_ninja writes for []
        try (StringsMmap s = StringsMmap.open(bare)) {
            assertEquals(0, s.length());
            assertEquals(List.of(), new ArrayList<>(s));
            try (StringsMmap w = StringsMmap.openWritable(bare, WriteOptions.defaults())) {
                w.extend(List.of("a", "b"));
            }
            s.refresh();
            assertEquals(0, s.length(), "a reader of a bare directory has no commit point to follow (documented on refresh)");
        }
        try (StringsMmap s = StringsMmap.open(bare)) {
            assertEquals(List.of("a", "b"), new ArrayList<>(s), "reopened, it sees them");
        }
        Path oneShot = tmp.resolve("oneShot");
        StringsMmap.fromStrings(oneShot, List.of("a", "b")).close();
        StoresTest.assertSameStoreFiles(oneShot, bare);
    }

    @Test
    void growingInPiecesWritesTheBytesOfOneWrite() throws IOException {
        Path pieces = tmp.resolve("pieces");
        try (StringsMmap s = StringsMmap.create(pieces, WriteOptions.defaults())) {
            s.extend(AWKWARD.subList(0, 4));
            s.extend(List.of());
            for (String x : AWKWARD.subList(4, 9)) s.append(x);
            s.extend(AWKWARD.subList(9, AWKWARD.size()));
        }
        Path gen = tmp.resolve("gen");
        StringsMmap.fromGenerator(gen, AWKWARD.iterator(), 3).close();
        Path one = tmp.resolve("one");
        StringsMmap.fromStrings(one, AWKWARD).close();
        StoresTest.assertSameStoreFiles(one, pieces);
        StoresTest.assertSameStoreFiles(one, gen);
    }

    @Test
    void itIsAReadOnlyRandomAccessList() throws IOException {
        try (StringsMmap s = StringsMmap.fromStrings(tmp.resolve("l"), List.of("a", "b"))) {
            assertInstanceOf(RandomAccess.class, s);
            assertThrows(UnsupportedOperationException.class, () -> s.add("c"));
            assertThrows(UnsupportedOperationException.class, () -> s.remove(0));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.get(2));
            assertTrue(e.getMessage().contains("string 2") && e.getMessage().contains(s.path().toString()), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.get(-1));
            assertThrows(NullPointerException.class, () -> s.append(null));
        }
    }

    @Test
    void openingAMissingDirectoryDoesNotCreateIt() {
        Path dir = tmp.resolve("a").resolve("b");
        assertThrows(NoSuchFileException.class, () -> StringsMmap.open(dir));
        assertThrows(NoSuchFileException.class, () -> StringsMmap.openWritable(dir, WriteOptions.defaults()));
        assertFalse(Files.exists(tmp.resolve("a")));
    }

    @Test
    @Spec("C-42")
    void aReaderCannotWriteAndNothingReadsAfterClose() throws IOException {
        StringsMmap.fromStrings(tmp.resolve("r"), List.of("a")).close();
        StringsMmap s = StringsMmap.open(tmp.resolve("r"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.append("b"));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        s.close();
        assertThrows(IllegalStateException.class, () -> s.get(0));
        assertThrows(IllegalStateException.class, s::length);
    }
}
