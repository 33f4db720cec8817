package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StoreVerifier}: structure (cheap) and checksums (deep), every problem with its file, field and byte range. */
class VerifyTest {
    @TempDir
    Path tmp;

    static void flipByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            ch.write(b, at);
        }
    }

    static void putLong(Path file, long at, long value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, value), at);
        }
    }

    private Path ragged(String name, long n, long nestedFrom) throws IOException {
        Path dir = tmp.resolve(name);
        RaggedMmap.fromGenerator(dir, CrashSamples.arrays(CrashSamples.Kind.RAGGED, 0, n, nestedFrom), 7, DType.INT64,
                WriteOptions.defaults()).close();
        return dir;
    }

    @Test
    @Spec({"C-45", "F-34", "F-18"})
    void storesNinjastoreWritesAreHealthyAndFullyChecksummed() throws IOException {
        Path flat = ragged("flat", 30, Long.MAX_VALUE), nested = ragged("nested", 30, 10);
        Path strings = tmp.resolve("strings");
        StringsMmap.fromGenerator(strings, Stream.iterate(0L, i -> i + 1).limit(40).map(CrashSamples::string).iterator(), 9).close();
        Path dense = tmp.resolve("dense");
        NumpyMmap.fromGenerator(dense, CrashSamples.arrays(CrashSamples.Kind.DENSE, 0, 25, 0), 4).close();
        Path empty = tmp.resolve("empty");
        RaggedMmap.create(empty, DType.FLOAT32, WriteOptions.defaults()).close();
        for (Path p : List.of(flat, nested, strings, dense, empty)) {
            for (boolean deep : new boolean[] {false, true}) {
                VerifyReport r = StoreVerifier.verify(p, deep);
                assertTrue(r.healthy(), r::toString);
                assertEquals(List.of(), r.unchecksummed(), p + ": every committed byte has a checksum");
                assertEquals(List.of(), r.notes(), p.toString());
                if (!p.equals(empty)) assertEquals(deep, r.bytesChecked() > 0, p + ": " + r.bytesChecked());
            }
        }
        assertEquals(30, StoreVerifier.verify(nested, true).length());
        assertEquals("ragged", StoreVerifier.verify(nested, true).type());
    }

    @Test
    @Spec({"C-45", "F-32", "F-34", "F-53"})
    void mmapNinjaStoresAreHealthyButUnchecksummed() throws IOException {
        for (String name : List.of("ragged_nested_int32", "strings_basic", "dense_float32_2d", "ragged_generated_uint16")) {
            Path dir = Fixtures.copy(name, tmp);
            VerifyReport r = StoreVerifier.verify(dir, true);
            assertTrue(r.healthy(), r::toString);
            assertEquals(0, r.bytesChecked());
            assertFalse(r.unchecksummed().isEmpty(), name);
            assertTrue(r.unchecksummed().stream().anyMatch(u -> u.file().equals(dir.resolve("data.ninja")) && u.from() == 0), r::toString);
        }
    }

    /** Bytes appended by a tool that keeps no checksum log are unchecksummed, not corrupt; later ninjastore appends are checksummed again. */
    @Test
    @Spec({"F-31", "F-32", "F-34", "C-12", "F-30"})
    void bytesAppendedWithoutALogAreUnchecksummedAndLaterAppendsAreChecksummed() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("one", "two")).close();
        try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults().withChecksums(false))) {
            w.append("by another tool");
        }
        VerifyReport r = StoreVerifier.verify(dir, true);
        assertTrue(r.healthy(), r::toString);
        assertEquals(List.of(new VerifyReport.Range(dir.resolve("data.ninja"), 6, 21)),
                r.unchecksummed().stream().filter(u -> u.file().equals(dir.resolve("data.ninja"))).toList());
        try (StringsMmap w = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
            w.append("by ninjastore again");
        }
        VerifyReport after = StoreVerifier.verify(dir, true);
        assertTrue(after.healthy(), after::toString);
        assertEquals(List.of(new VerifyReport.Range(dir.resolve("data.ninja"), 6, 21)),
                after.unchecksummed().stream().filter(u -> u.file().equals(dir.resolve("data.ninja"))).toList(),
                "the gap stays unchecksummed; the new string is covered");
        assertEquals(List.of(new VerifyReport.Range(dir.resolve("starts/data.ninja"), 16, 24)),
                after.unchecksummed().stream().filter(u -> u.file().equals(dir.resolve("starts/data.ninja"))).toList());
        assertEquals(r.bytesChecked() + 19 + 8 + 8, after.bytesChecked(), "the new string's bytes and its starts/ends entries");
    }

    /** A log of thousands of records (one per single-row append) is read in blocks; a flip in the last record's bytes is found. */
    @Test
    @Spec({"F-30", "F-31", "C-12"})
    void aLongLogIsReadAcrossItsBlocks() throws IOException {
        Path dir = tmp.resolve("d");
        int n = 4200; // more records than one block of the reader holds
        try (NumpyMmap w = NumpyMmap.create(dir, DType.INT64, new long[] {3}, WriteOptions.defaults())) {
            for (int i = 0; i < n; i++) w.append(CrashSamples.denseRow(i));
        }
        assertEquals((long) n * ChecksumLog.RECORD, Files.size(dir.resolve("data.ninja.crc32c")));
        NumpyMmap.openWritable(dir, WriteOptions.defaults()).close(); // keeps every record
        assertEquals((long) n * ChecksumLog.RECORD, Files.size(dir.resolve("data.ninja.crc32c")));
        VerifyReport ok = StoreVerifier.verify(dir, true);
        assertTrue(ok.healthy() && ok.unchecksummed().isEmpty(), ok::toString);
        flipByte(dir.resolve("data.ninja"), Files.size(dir.resolve("data.ninja")) - 1);
        VerifyReport bad = StoreVerifier.verify(dir, true);
        assertEquals(1, bad.problems().size(), bad::toString);
        assertEquals(Files.size(dir.resolve("data.ninja")), bad.problems().getFirst().to());
    }

    @Test
    @Spec({"F-30", "F-34", "C-45"})
    void aFlippedDataByteIsAChecksumMismatchOnlyTheDeepCheckSees() throws IOException {
        Path dir = ragged("r", 40, Long.MAX_VALUE);
        long at = Files.size(dir.resolve("data.ninja")) / 2;
        flipByte(dir.resolve("data.ninja"), at);
        assertTrue(StoreVerifier.verify(dir, false).healthy(), "structure is intact");
        VerifyReport r = StoreVerifier.verify(dir, true);
        assertFalse(r.healthy());
        assertEquals(1, r.problems().size(), r::toString);
        VerifyReport.Problem p = r.problems().getFirst();
        assertEquals(VerifyReport.Kind.CHECKSUM, p.kind());
        assertEquals(dir.resolve("data.ninja"), p.file());
        assertTrue(p.from() <= at && at < p.to(), p.toString());
    }

    /** An in-place overwrite rewrites the records covering it (F-33): checksums stay right, and a CRC over the file is never over a mapping. */
    @Test
    @Spec({"F-33", "F-30"})
    void anInPlaceOverwriteRewritesItsChecksumRecords() throws IOException {
        Path dir = tmp.resolve("d");
        try (NumpyMmap w = NumpyMmap.fromGenerator(dir, CrashSamples.arrays(CrashSamples.Kind.DENSE, 0, 30, 0), 7)) {
            w.set(12, NdArray.fromLongs(DType.INT64, new long[] {-1, -2, -3}));
            w.set(0, NdArray.fromLongs(DType.INT64, new long[] {4, 5, 6}));
        }
        VerifyReport r = StoreVerifier.verify(dir, true);
        assertTrue(r.healthy() && r.unchecksummed().isEmpty(), r::toString);
        try (NumpyMmap n = NumpyMmap.open(dir)) {
            assertEquals(List.of(-1L, -2L, -3L), java.util.Arrays.stream(n.get(12).copy().toLongArray()).boxed().toList());
        }
    }

    @Test
    @Spec({"F-16", "C-45"})
    void badOffsetsAreReportedPerSampleWithTheirByteRange() throws IOException {
        Path dir = ragged("r", 20, Long.MAX_VALUE);
        putLong(dir.resolve("ends/data.ninja"), 5 * 8, 1L << 40); // out of range
        putLong(dir.resolve("starts/data.ninja"), 9 * 8, 0); // goes back
        VerifyReport r = StoreVerifier.verify(dir, false);
        assertFalse(r.healthy());
        assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("starts[5]/ends[5]") && p.from() == 40 && p.to() == 48
                && p.message().contains("not within")), r::toString);
        assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("starts[9]/ends[9]") && p.message().contains("goes back")), r::toString);
        assertTrue(r.problems().stream().anyMatch(p -> p.field().startsWith("flattened_shapes[")), r::toString);
        assertTrue(StoreVerifier.verify(dir, true).problems().stream().anyMatch(p -> p.kind() == VerifyReport.Kind.CHECKSUM
                && p.file().equals(dir.resolve("ends/data.ninja"))), "the deep check also sees the changed bytes");
    }

    @Test
    @Spec({"F-22", "C-45"})
    void invalidUtf8IsFoundByTheDeepCheck() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("ok", "é!", "fine")).close();
        try (FileChannel ch = FileChannel.open(dir.resolve("data.ninja"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xC3, (byte) 0x28}), 2); // é's lead byte with a bad continuation
        }
        VerifyReport r = StoreVerifier.verify(dir, true);
        assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("string 1") && p.from() == 2 && p.to() == 5), r::toString);
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertThrows(CorruptStoreException.class, () -> s.get(1));
        }
    }

    @Test
    @Spec({"F-12", "F-32", "C-45"})
    void anInterruptedAppendsTailIsANoteNotAProblem() throws IOException {
        Path dir = ragged("r", 10, Long.MAX_VALUE);
        // what a crash between the data/ends commits and the starts commit leaves
        Files.write(dir.resolve("data.ninja"), new byte[64], StandardOpenOption.APPEND);
        try (FileChannel ch = FileChannel.open(dir.resolve("data.ninja.crc32c"), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[13])); // a torn record
        }
        VerifyReport r = StoreVerifier.verify(dir, true);
        assertTrue(r.healthy(), r::toString);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("64 bytes past the committed")), r::toString);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("trailing partial record")), r::toString);
        RaggedMmap.openWritable(dir, WriteOptions.defaults()).close();
        assertEquals(List.of(), StoreVerifier.verify(dir, true).notes(), "opening for write cut the tail");
    }

    @Test
    @Spec({"F-32", "C-45"})
    void aTornRecordInTheMiddleOfTheLogIsAProblem() throws IOException {
        Path dir = ragged("r", 30, Long.MAX_VALUE);
        Path log = dir.resolve("data.ninja.crc32c");
        assertTrue(Files.size(log) >= 3 * ChecksumLog.RECORD);
        flipByte(log, ChecksumLog.RECORD + 3); // record 1 of at least 3
        VerifyReport r = StoreVerifier.verify(dir, false);
        assertFalse(r.healthy());
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(log) && p.field().equals("record 1") && p.from() == 24), r::toString);
    }

    @Test
    @Spec({"F-4", "F-6", "C-45"})
    void structuralDamageIsReportedNotThrown() throws IOException {
        Path dir = ragged("r", 12, 4);
        Files.write(dir.resolve("shapes/dtype.ninja"), "int65".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("flattened_shapes/shape.ninja"), new byte[] {0, 0, 0, 0, 0, 0, 0, 0x40}); // 2^62 entries
        Files.delete(dir.resolve("ends/data.ninja"));
        VerifyReport r = StoreVerifier.verify(dir, true);
        assertFalse(r.healthy());
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(dir.resolve("shapes/dtype.ninja")) && p.field().equals("dtype")), r::toString);
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(dir.resolve("flattened_shapes/shape.ninja"))), r::toString);
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(dir.resolve("ends/data.ninja")) && p.field().equals("file")), r::toString);
    }

    @Test
    void problemsAreCappedSoAReportStaysSmall() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, Stream.iterate(0, i -> i + 1).limit(StoreVerifier.MAX_PROBLEMS + 500).map(i -> "x").toList()).close();
        try (FileChannel ch = FileChannel.open(dir.resolve("ends/data.ninja"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((StoreVerifier.MAX_PROBLEMS + 500) * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putLong(0, 1L << 50), 0); // ends[0] out of range, every later end before its start
        }
        VerifyReport r = StoreVerifier.verify(dir, false);
        assertEquals(StoreVerifier.MAX_PROBLEMS, r.problems().size());
        assertEquals(500, r.problemsOmitted(), "every string is out of range; those past the cap are counted");
        assertFalse(r.healthy());
    }

    @Test
    @Spec({"F-40", "F-41", "F-42", "C-45"})
    void anOfflineDataSetIsVerifiedWithItsThreeStores() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("offline"));
        RaggedMmap.fromLists(dir.resolve("data"), List.of(NdArray.of(new float[] {1, 2}), NdArray.of(new float[] {3}))).close();
        StringsMmap.fromStrings(dir.resolve("names"), List.of("a.npy", "b.npy")).close();
        StringsMmap.fromStrings(dir.resolve("metadata"), List.of("{}", "{}")).close();
        Files.writeString(dir.resolve("type.ninja"), "offline");
        Files.writeString(dir.resolve("manifest.json"), "{\"type\":\"offline\",\"version\":1,\"length\":2,\"future\":true}");
        VerifyReport ok = StoreVerifier.verify(dir, true);
        assertTrue(ok.healthy(), ok::toString);
        assertEquals(2, ok.length());
        Files.writeString(dir.resolve("manifest.json"), "{\"type\":\"offline\",\"version\":1,\"length\":3}");
        VerifyReport bad = StoreVerifier.verify(dir, false);
        assertEquals(3, bad.problems().size(), bad::toString); // each store is one entry short
        Files.writeString(dir.resolve("manifest.json"), "{\"type\":\"offline\",\"version\":2,\"length\":2}");
        assertTrue(StoreVerifier.verify(dir, false).problems().stream().anyMatch(p -> p.field().equals("version")));
    }

    @Test
    @Spec({"F-16", "C-45"})
    void offsetsThatGoBackNameTheLastSampleInRange() throws IOException {
        Path dir = tmp.resolve("s");
        StringsMmap.fromStrings(dir, List.of("aaaa", "bbbb", "cccc")).close(); // [0, 4) [4, 8) [8, 12)
        putLong(dir.resolve("starts/data.ninja"), 8, 100);
        putLong(dir.resolve("ends/data.ninja"), 8, 104); // sample 1 out of range: skipped
        putLong(dir.resolve("starts/data.ninja"), 16, 2);
        putLong(dir.resolve("ends/data.ninja"), 16, 3); // back from sample 0's end
        VerifyReport r = StoreVerifier.verify(dir, false);
        assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("starts[2]/ends[2]")
                && p.message().equals("[2, 3) goes back from sample 0's [0, 4) (F-16)")), r::toString);
    }

    /** An offline data set over {@code entries}, with names and empty metadata, committed by its manifest. */
    private Path offline(String name, List<NdArray> entries) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        RaggedMmap.fromLists(dir.resolve("data"), entries).close();
        StringsMmap.fromStrings(dir.resolve("names"), entries.stream().map(e -> "e" + entries.indexOf(e)).toList()).close();
        StringsMmap.fromStrings(dir.resolve("metadata"), entries.stream().map(e -> "{}").toList()).close();
        Files.writeString(dir.resolve("type.ninja"), "offline");
        Files.writeString(dir.resolve("manifest.json"), "{\"type\":\"offline\",\"version\":1,\"length\":" + entries.size() + "}");
        return dir;
    }

    @Test
    @Spec({"F-42", "C-45"})
    void entriesWithOtherAxesNameTheEntryTheyDifferFrom() throws IOException {
        Path dir = offline("axes", List.of(NdArray.of(new float[] {1}), NdArray.of(new float[] {2, 3}), NdArray.of(new float[] {4, 5, 6, 7}, 2, 2)));
        putLong(dir.resolve("data/ends/data.ninja"), 0, 1L << 40); // entry 0 out of range: entry 1 sets the axes
        VerifyReport r = StoreVerifier.verify(dir, false);
        assertTrue(r.problems().stream().anyMatch(p -> p.field().equals("shapes[2]")
                && p.message().startsWith("2 axes, but entry 1 has 1 axis (")), r::toString);
    }

    @Test
    @Spec({"F-36", "C-45"})
    void aTemporaryFileInsideAnOfflineDataSetsNestedShapesIsNoted() throws IOException {
        Path dir = offline("tmpfile", List.of(NdArray.of(new float[] {1, 2, 3, 4}, 2, 2), NdArray.of(new float[] {5, 6}, 1, 2)));
        assertTrue(Files.isDirectory(dir.resolve("data/shapes/starts")), "2-d entries keep their shapes in a nested store");
        Path leftover = Files.writeString(dir.resolve("data/shapes/starts/shape.ninja.tmp"), "(2,)");
        VerifyReport r = StoreVerifier.verify(dir, false);
        assertTrue(r.healthy(), r::toString);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith(leftover + ": a writer's temporary file")), r::toString);
    }

    @Test
    @Spec({"F-23", "C-45"})
    void aMissingDirectoryIsAnIOExceptionAndAnEmptyOneIsNotAStore() throws IOException {
        assertThrows(NoSuchFileException.class, () -> StoreVerifier.verify(tmp.resolve("nothing"), false));
        Files.writeString(Files.createDirectories(tmp.resolve("other")).resolve("README"), "hi");
        VerifyReport r = StoreVerifier.verify(tmp.resolve("other"), false);
        assertFalse(r.healthy());
        assertEquals("type.ninja", r.problems().getFirst().file().getFileName().toString());
        VerifyReport bare = StoreVerifier.verify(Files.createDirectories(tmp.resolve("bare")), false);
        assertTrue(bare.healthy(), "mmap_ninja's empty strings list is a bare directory (F-23)");
        assertEquals(0, bare.length());
    }
}
