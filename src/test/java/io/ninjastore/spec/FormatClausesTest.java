package io.ninjastore.spec;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.offline.CompileOptions;
import io.ninjastore.offline.Lardon;
import io.ninjastore.offline.LardonParser;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.offline.ParseOptions;
import io.ninjastore.store.CorruptStoreException;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Store;
import io.ninjastore.store.StoreVerifier;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.VerifyReport;
import io.ninjastore.store.WriteOptions;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clauses of {@code spec/FORMAT.md} that no other test proves on its own: each test writes the
 * bytes a clause talks about (or damages them) and checks what a reader or writer makes of them.
 */
class FormatClausesTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ small files and the worked example

    @Test
    @Spec("F-1")
    void whitespaceAroundTheTextSmallFilesAndTheCaseOfTheDtypeAreIgnored() throws IOException {
        Path dir = tmp.resolve("d");
        NumpyMmap.fromArray(dir, NdArray.of(new float[] {1.5f, -2f})).close();
        Files.writeString(dir.resolve("type.ninja"), "numpy\n");
        Files.writeString(dir.resolve("dtype.ninja"), " Float32\r\n");
        Files.writeString(dir.resolve("order.ninja"), "C\n");
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(DType.FLOAT32, s.dtype());
            assertEquals(NdArray.of(new float[] {1.5f, -2f}), s.array());
        }
        assertEquals("numpy", Stores.type(dir));
    }

    /** Appendix A of FORMAT.md, byte for byte; its checksum record was computed independently (bitwise CRC32C in Python). */
    @Test
    @Spec({"F-10", "F-13", "F-14", "F-30"})
    void theWorkedExampleOfTheSpecIsWhatAWriterWrites() throws IOException {
        Path dir = tmp.resolve("example");
        RaggedMmap.fromLists(dir, List.of(NdArray.of(new short[] {1, 2}), NdArray.scalarLong(DType.INT16, 7),
                NdArray.of(new short[0]))).close();
        assertEquals("01 00 02 00 07 00", hex(dir.resolve("data.ninja")));
        assertEquals("03 00 00 00 00 00 00 00", hex(dir.resolve("shape.ninja")));
        assertEquals("01 00 00 00", hex(dir.resolve("shapes_are_flat.ninja")));
        assertEquals("03 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00", hex(dir.resolve("shapes/shape.ninja")));
        assertArrayEquals(longs(0, 2, 3), Files.readAllBytes(dir.resolve("starts/data.ninja")));
        assertArrayEquals(longs(2, 3, 3), Files.readAllBytes(dir.resolve("ends/data.ninja")));
        assertArrayEquals(longs(2, 1, 0), Files.readAllBytes(dir.resolve("flattened_shapes/data.ninja")));
        assertArrayEquals(longs(2, 0, 0), Files.readAllBytes(dir.resolve("shapes/data.ninja")));
        assertEquals("00 00 00 00 00 00 00 00 06 00 00 00 00 00 00 00 57 fd 10 7d 74 68 3c 6f", hex(dir.resolve("data.ninja.crc32c")));
        CRC32C check = new CRC32C();
        check.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, check.getValue(), "the CRC32C the spec defines is java.util.zip.CRC32C");
    }

    // ------------------------------------------------------------------ ragged index stores

    @Test
    @Spec({"F-25", "F-21"})
    void indexStoresOfAnotherDtypeOrShapeAreRefusedNamingTheirShapeFile() throws IOException {
        Path ragged = ragged("r", List.of(NdArray.of(new int[] {1, 2}), NdArray.of(new int[] {3})));
        Path strings = tmp.resolve("s");
        StringsMmap.fromStrings(strings, List.of("a", "bc")).close();
        record Damage(Path store, String file, byte[] content, Path named) {}
        List<Damage> damages = List.of(
                new Damage(ragged, "starts/dtype.ninja", ascii("int32"), ragged.resolve("starts/shape.ninja")),
                new Damage(ragged, "ends/shape.ninja", longs(2, 1), ragged.resolve("ends/shape.ninja")),
                new Damage(ragged, "flattened_shapes/dtype.ninja", ascii("uint64"), ragged.resolve("flattened_shapes/shape.ninja")),
                new Damage(ragged, "shapes/shape.ninja", longs(2), ragged.resolve("shapes/shape.ninja")),
                new Damage(ragged, "shapes/shape.ninja", longs(1, 2), ragged.resolve("shapes/shape.ninja")),
                new Damage(ragged, "shape.ninja", longs(3, 1), ragged.resolve("shape.ninja")),
                new Damage(strings, "ends/dtype.ninja", ascii("float64"), strings.resolve("ends/shape.ninja")),
                new Damage(strings, "starts/shape.ninja", longs(1, 2), strings.resolve("starts/shape.ninja")));
        for (Damage d : damages) {
            Path f = d.store().resolve(d.file());
            byte[] before = Files.readAllBytes(f);
            Files.write(f, d.content());
            CorruptStoreException e = assertThrows(CorruptStoreException.class,
                    () -> (d.store() == ragged ? RaggedMmap.open(ragged) : StringsMmap.open(strings)).close(), d.file());
            assertEquals(d.named(), e.file(), d.file() + ": " + e.getMessage());
            assertThrows(CorruptStoreException.class, () -> Stores.openWritable(d.store(), WriteOptions.defaults()).close(), d.file());
            assertArrayEquals(d.content(), Files.readAllBytes(f), "a refused open for write changes nothing (C-15)");
            Files.write(f, before);
        }
        try (RaggedMmap r = RaggedMmap.open(ragged)) {
            assertEquals(2, r.length(), "every damage was undone");
        }
    }

    @Test
    @Spec("F-26")
    void aNestedShapesStoreHoldsInt64ShapesOfAtMost64Axes() throws IOException {
        Path dir = ragged("n", List.of(NdArray.of(new int[] {1, 2, 3, 4}, 2, 2)));
        Files.writeString(dir.resolve("shapes/dtype.ninja"), "uint64");
        CorruptStoreException dtype = assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(dir));
        assertEquals(dir.resolve("shapes/dtype.ninja"), dtype.file());

        // A shape of 65 ones holds one element, as sample 0 of a 1-element store does, but has too many axes.
        Path one = ragged("one", List.of(NdArray.of(new int[] {7}, 1, 1)));
        replaceShapes(one, List.of(NdArray.of(ones(65))));
        try (RaggedMmap r = RaggedMmap.open(one)) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> r.get(0));
            assertTrue(e.getMessage().contains("65 axes"), e.getMessage());
        }
    }

    @Test
    @Spec({"F-27", "F-16"})
    void aSampleHasAtMost64AxesAndAValidShape() throws IOException {
        try (RaggedMmap r = RaggedMmap.create(tmp.resolve("w"), DType.INT8, WriteOptions.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.append(NdArray.zeros(DType.INT8, ones(65))));
            assertTrue(e.getMessage().contains("64 axes"), e.getMessage());
            r.append(NdArray.zeros(DType.INT8, ones(64)));
            assertEquals(64, r.get(0).ndim());
        }
        List<long[]> bad = List.of(new long[] {-1, -1}, new long[] {1L << 40, 1L << 40, 1L << 40});
        for (long[] shape : bad) {
            Path dir = ragged("bad" + shape.length, List.of(NdArray.of(new int[] {7}, 1, 1)));
            replaceShapes(dir, List.of(NdArray.of(shape)));
            try (RaggedMmap r = RaggedMmap.open(dir)) {
                CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> r.get(0));
                assertEquals("shapes[0]", e.field(), e.getMessage());
                assertTrue(e.getMessage().contains("is not a valid shape"), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ strings

    @Test
    @Spec({"F-24", "F-2"})
    void aStringsDirectoryWithoutTypeAndDataIsAnEmptyStringsStore() throws IOException {
        Path dir = tmp.resolve("half");
        StringsMmap.fromStrings(dir, List.of()).close();
        Files.delete(dir.resolve("type.ninja")); // what a crash before the last file of an empty store leaves
        try (StringsMmap s = StringsMmap.open(dir)) {
            assertEquals(0, s.length());
        }
        try (Store s = Stores.open(dir)) { // found by its kind too
            assertEquals(0, s.length());
            assertTrue(s instanceof StringsMmap, s.toString());
        }
        Path besideOther = Files.writeString(dir.resolve("x.npy"), ""); // anything else: no store (F-2) ...
        CorruptStoreException notAStore = assertThrows(CorruptStoreException.class, () -> Stores.open(dir));
        assertEquals(dir.resolve("type.ninja"), notAStore.file());
        try (StringsMmap s = StringsMmap.open(dir)) { // ... unless opened as strings
            assertEquals(0, s.length());
        }
        Files.delete(besideOther);
        VerifyReport report = StoreVerifier.verify(dir, true);
        assertTrue(report.healthy(), report.toString());
        assertEquals("string", report.type());
        assertEquals(0, report.length());
        try (StringsMmap s = StringsMmap.openWritable(dir, WriteOptions.defaults())) {
            s.extend(List.of("x", "yz"));
        }
        Path oneShot = tmp.resolve("oneShot");
        StringsMmap.fromStrings(oneShot, List.of("x", "yz")).close();
        for (String f : List.of("type.ninja", "data.ninja", "starts/data.ninja", "starts/shape.ninja", "ends/data.ninja", "ends/shape.ninja")) {
            assertArrayEquals(Files.readAllBytes(oneShot.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
        }
    }

    // ------------------------------------------------------------------ checksum sidecar and lock file

    @Test
    @Spec({"F-32", "C-12"})
    void aZeroLengthRecordAndAPartialRecordEndTheLog() throws IOException {
        Path dir = ragged("log", List.of(NdArray.of(new int[] {1, 2, 3})));
        Path log = dir.resolve("data.ninja.crc32c");
        assertEquals(24, Files.size(log));
        for (byte[] tail : List.of(record(12, 0, 0), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})) {
            Files.write(log, tail, StandardOpenOption.APPEND);
            VerifyReport r = StoreVerifier.verify(dir, true);
            assertTrue(r.healthy(), "at the end of the log it is an interrupted write, not damage: " + r);
            try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
                assertEquals(1, w.length());
            }
            assertEquals(24, Files.size(log), "dropped on open for write");
        }
    }

    @Test
    @Spec("F-35")
    void aDataSetHasALockFileInEachStoreAndNoneAtItsTop() throws IOException {
        Path dst = tmp.resolve("ds");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1, 2}), Map.of(), "a");
        }
        assertFalse(Files.exists(dst.resolve("ninjastore.lock")));
        for (String store : List.of("data", "names", "metadata")) {
            List<String> lines = Files.readAllLines(dst.resolve(store).resolve("ninjastore.lock"), StandardCharsets.UTF_8);
            assertEquals(1, lines.size(), store);
            assertTrue(lines.getFirst().startsWith("pid " + ProcessHandle.current().pid() + " on "), lines.getFirst());
        }
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(1, list.length(), "the lock files mean nothing to a reader");
        }
    }

    // ------------------------------------------------------------------ offline data sets

    @Test
    @Spec("F-44")
    void aReaderLookingANameUpFindsTheFirstEntryWithIt() throws IOException {
        Path dst = tmp.resolve("dup");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1}), Map.of(), "a");
            p.register(NdArray.of(new float[] {2}), Map.of(), "b");
        }
        Path names = dst.resolve("names");
        deleteTree(names);
        StringsMmap.fromStrings(names, List.of("x", "x")).close(); // another writer broke the rule
        try (OfflineDataList picked = OfflineDataList.open(dst, ParseOptions.defaults().withFiles(List.of("x")))) {
            assertEquals(1, picked.length());
            assertEquals(NdArray.of(new float[] {1}), picked.get(0));
        }
    }

    @Test
    @Spec({"F-45", "F-41"})
    void aManifestOverOneMebibyteIsRefusedBeforeItIsParsed() throws IOException {
        Path dst = tmp.resolve("big");
        try (LardonParser p = Lardon.parser(null, dst, CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1}), Map.of(), "a");
        }
        assertEquals("{\"type\":\"offline\",\"version\":1,\"length\":1}", Files.readString(dst.resolve("manifest.json")));
        String padded = "{\"type\":\"offline\",\"version\":1,\"length\":1" + " ".repeat(1 << 20) + "}";
        Files.writeString(dst.resolve("manifest.json"), padded);
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> OfflineDataList.open(dst));
        assertEquals(dst.resolve("manifest.json"), e.file());
        assertEquals("size", e.field());
        Files.writeString(dst.resolve("manifest.json"), padded.substring(0, (1 << 20) - 1) + "}");
        try (OfflineDataList list = OfflineDataList.open(dst)) {
            assertEquals(1, list.length(), "a manifest of exactly 1 MiB is read");
        }
    }

    // ------------------------------------------------------------------ .npy

    @Test
    @Spec("N-1")
    void aNativeByteOrderDescrIsRead() throws IOException {
        String dict = "{'descr': '=i2', 'fortran_order': False, 'shape': (2,), }";
        ByteBuffer b = ByteBuffer.allocate(10 + dict.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length()).put(ascii(dict));
        b.order(ByteOrder.nativeOrder()).putShort((short) 258).putShort((short) -3);
        NdArray a = Npy.parse(MemorySegment.ofArray(b.array()), "native.npy");
        assertEquals(NdArray.of(new short[] {258, -3}), a);
    }

    // ------------------------------------------------------------------ helpers

    private Path ragged(String name, List<NdArray> samples) throws IOException {
        Path dir = tmp.resolve(name);
        RaggedMmap.fromLists(dir, samples).close();
        return dir;
    }

    /** Replaces the nested shapes/ of {@code dir} by a ragged int64 store of {@code shapes}, as another tool might. */
    private static void replaceShapes(Path dir, List<NdArray> shapes) throws IOException {
        deleteTree(dir.resolve("shapes"));
        RaggedMmap.fromLists(dir.resolve("shapes"), shapes).close();
        Files.write(dir.resolve("shapes_are_flat.ninja"), new byte[] {0, 0, 0, 0});
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    private static long[] ones(int n) {
        long[] s = new long[n];
        java.util.Arrays.fill(s, 1);
        return s;
    }

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return b.array();
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    /** A checksum record with a valid record CRC (F-30). */
    private static byte[] record(long offset, long length, int crc) {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(offset).putLong(length).putInt(crc);
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, 20);
        return b.putInt((int) c.getValue()).array();
    }

    private static String hex(Path f) throws IOException { return HEX.formatHex(Files.readAllBytes(f)); }
}
