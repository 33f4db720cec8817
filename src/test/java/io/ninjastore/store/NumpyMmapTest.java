package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NumpyMmap} case by case: the files it writes, each operation, and each bad input. */
class NumpyMmapTest {
    @TempDir
    Path tmp;

    private static NdArray iota(DType t, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        long[] v = new long[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return NdArray.fromLongs(t, v).reshape(shape);
    }

    // ------------------------------------------------------------------ the files

    @Test
    @Spec({"F-2", "F-3", "F-4", "F-5", "F-6"})
    void writesMmapNinjasFiles() throws IOException {
        Path dir = tmp.resolve("s");
        NdArray a = iota(DType.INT16, 2, 3);
        try (NumpyMmap s = NumpyMmap.fromArray(dir, a)) {
            assertEquals(2, s.length());
            assertTrue(s.isWritable());
        }
        assertEquals("numpy", Files.readString(dir.resolve("type.ninja")));
        assertEquals("int16", Files.readString(dir.resolve("dtype.ninja")));
        assertEquals("C", Files.readString(dir.resolve("order.ninja")));
        assertArrayEquals(StoresTest.le(2, 3), Files.readAllBytes(dir.resolve("shape.ninja")));
        assertArrayEquals(a.toBytes(ByteOrder.LITTLE_ENDIAN), Files.readAllBytes(dir.resolve("data.ninja")));
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertFalse(s.isWritable());
            assertEquals("numpy", s.typeName());
            assertEquals(dir, s.path());
            assertEquals(DType.INT16, s.dtype());
            assertEquals('C', s.order());
            assertArrayEquals(new long[] {2, 3}, s.shape());
            assertEquals(a, s.array());
            assertEquals(a.row(1), s.get(1));
            assertEquals(a.row(1), s.get(-1), "negative rows count from the end");
        }
    }

    @Test
    @Spec({"F-5", "F-6", "F-28"})
    void aFortranOrderedArrayIsStoredInFortranOrder() throws IOException {
        Path dir = tmp.resolve("f");
        NdArray c = iota(DType.FLOAT32, 3, 2);
        NdArray f = c.transpose().copy().transpose(); // the same values, laid out in F order
        assertTrue(f.isFortranContiguous() && !f.isContiguous());
        NumpyMmap.fromArray(dir, f).close();
        assertEquals("F", Files.readString(dir.resolve("order.ninja")));
        assertArrayEquals(StoresTest.le(3, 2), Files.readAllBytes(dir.resolve("shape.ninja")));
        assertArrayEquals(c.transpose().toBytes(ByteOrder.LITTLE_ENDIAN), Files.readAllBytes(dir.resolve("data.ninja")));
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals('F', s.order());
            assertEquals(c, s.array());
            assertEquals(c.row(2), s.get(2));
        }
    }

    @Test
    @Spec("F-28")
    void aStridedViewIsStoredInCOrder() throws IOException {
        NdArray view = iota(DType.INT32, 4, 5).get(Index.range(null, null, -2), Index.range(1L, null, 2));
        try (NumpyMmap s = NumpyMmap.fromArray(tmp.resolve("v"), view)) {
            assertEquals('C', s.order());
            assertEquals(view, s.array());
        }
    }

    @Test
    @Spec({"F-4", "F-7"})
    void aZeroDimensionalArrayHasAnEmptyShapeFileAndLengthOne() throws IOException {
        Path dir = tmp.resolve("z");
        try (NumpyMmap s = NumpyMmap.fromArray(dir, NdArray.scalar(DType.FLOAT64, 2.5))) {
            assertEquals(1, s.length());
            assertArrayEquals(new long[0], s.shape());
        }
        assertEquals(0, Files.size(dir.resolve("shape.ninja")), "mmap_ninja writes no axis for a 0-d array");
        assertArrayEquals(StoresTest.le(Double.doubleToLongBits(2.5)), Files.readAllBytes(dir.resolve("data.ninja")));
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertArrayEquals(new long[0], s.shape());
            assertEquals(1, s.length());
            assertEquals(2.5, s.array().getDouble());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get(0));
            assertTrue(e.getMessage().contains("0-d"), e.getMessage());
        }
        try (NumpyMmap s = NumpyMmap.openWritable(dir, WriteOptions.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.append(NdArray.scalar(DType.FLOAT64, 1)));
            assertTrue(e.getMessage().contains("0-d"), e.getMessage());
        }
    }

    @Test
    void anEmptyArrayMakesAnEmptyStoreThatGrows() throws IOException {
        Path dir = tmp.resolve("e");
        try (NumpyMmap s = NumpyMmap.fromArray(dir, NdArray.zeros(DType.UINT8, 0, 3))) {
            assertEquals(0, s.length());
            assertArrayEquals(new long[] {0, 3}, s.shape());
            s.append(NdArray.ofBits(DType.UINT8, new byte[] {1, 2, 3}));
            assertEquals(1, s.length());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("data.ninja")));
        try (NumpyMmap s = NumpyMmap.create(tmp.resolve("c"), DType.INT64, new long[] {2}, WriteOptions.defaults())) {
            assertArrayEquals(new long[] {0, 2}, s.shape());
            s.extend(iota(DType.INT64, 3, 2));
            assertEquals(iota(DType.INT64, 3, 2), s.array());
        }
    }

    // ------------------------------------------------------------------ building and growing

    @Test
    void fromGeneratorCommitsEveryBatchAndEqualsFromArray() throws IOException {
        NdArray all = iota(DType.FLOAT64, 10, 2, 2);
        List<NdArray> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) rows.add(all.row(i));
        try (NumpyMmap s = NumpyMmap.fromGenerator(tmp.resolve("g"), rows.iterator(), 3)) {
            assertEquals(all, s.array());
        }
        NumpyMmap.fromArray(tmp.resolve("a"), all).close();
        StoresTest.assertSameStoreFiles(tmp.resolve("a"), tmp.resolve("g"));
    }

    @Test
    void fromGeneratorOfNothingIsRefusedAndWritesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NumpyMmap.fromGenerator(tmp.resolve("n"), List.<NdArray>of().iterator(), 4));
        assertTrue(e.getMessage().contains("yielded no rows"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("n")));
        assertThrows(IllegalArgumentException.class,
                () -> NumpyMmap.fromGenerator(tmp.resolve("b"), List.of(iota(DType.INT8, 2)).iterator(), 0));
    }

    @Test
    @Spec("C-30")
    void aGeneratorFailingMidwayKeepsTheBatchesItCommitted() throws IOException {
        Path dir = tmp.resolve("mid");
        Iterator<NdArray> rows = new Iterator<>() {
            int i;
            @Override public boolean hasNext() { return true; }
            @Override public NdArray next() {
                if (i == 5) throw new IllegalStateException("producer broke at row 5");
                return NdArray.fromLongs(DType.INT32, new long[] {i++, 0});
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NumpyMmap.fromGenerator(dir, rows, 2));
        assertEquals("producer broke at row 5", e.getMessage());
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(4, s.length(), "two committed batches of two");
        }
    }

    @Test
    void extendAppendAndSetThenReopen() throws IOException {
        Path dir = tmp.resolve("grow");
        try (NumpyMmap s = NumpyMmap.fromArray(dir, iota(DType.INT32, 2, 3))) {
            s.extend(iota(DType.INT32, 3, 3));
            s.append(NdArray.of(new int[] {7, 8, 9}));
            s.set(0, NdArray.of(new int[] {-1, -2, -3}));
            s.set(-1, NdArray.of(new short[] {10, 11, 12})); // int16 casts safely to int32
            assertEquals(6, s.length());
        }
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertArrayEquals(new int[] {-1, -2, -3, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12}, s.array().toIntArray());
        }
    }

    @Test
    void extendTakesBigEndianAndStridedRows() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putInt(1).putInt(2).putInt(3).putInt(4);
        NdArray be = NdArray.wrap(MemorySegment.ofArray(b.array()), DType.INT32, ByteOrder.BIG_ENDIAN, 2, 2).transpose();
        try (NumpyMmap s = NumpyMmap.create(tmp.resolve("be"), DType.INT32, new long[] {2}, WriteOptions.defaults())) {
            s.extend(be);
            assertArrayEquals(new int[] {1, 3, 2, 4}, s.array().toIntArray());
        }
    }

    @Test
    void viewsTakenBeforeAGrowthStayValid() throws IOException {
        try (NumpyMmap s = NumpyMmap.fromArray(tmp.resolve("v"), iota(DType.INT64, 2, 2))) {
            NdArray before = s.get(1);
            NdArray whole = s.array();
            for (int i = 0; i < 100; i++) s.extend(iota(DType.INT64, 50, 2));
            assertArrayEquals(new long[] {2, 3}, before.toLongArray());
            assertEquals(2, whole.shape(0), "a view keeps the shape it was taken with");
            assertEquals(5002, s.length());
        }
    }

    // ------------------------------------------------------------------ refusals

    @Test
    @Spec("F-9")
    void extendingWithAnotherRowShapeNamesBothShapes() throws IOException {
        try (NumpyMmap s = NumpyMmap.fromArray(tmp.resolve("s"), iota(DType.INT32, 2, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.extend(iota(DType.INT32, 2, 4)));
            assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[3]"), e.getMessage());
            assertTrue(e.getMessage().contains(s.path().toString()), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.append(iota(DType.INT32, 2)));
            assertThrows(IllegalArgumentException.class, () -> s.extend(iota(DType.INT32, 1, 1, 3)));
            IllegalArgumentException set = assertThrows(IllegalArgumentException.class, () -> s.set(0, iota(DType.INT32, 4)));
            assertTrue(set.getMessage().contains("[4]") && set.getMessage().contains("[3]"), set.getMessage());
            assertEquals(2, s.length(), "nothing was added");
        }
        assertEquals(24, Files.size(tmp.resolve("s").resolve("data.ninja")));
    }

    @Test
    @Spec("F-9")
    void extendingWithALossyDtypeNamesBothDtypesUnlessAskedToCast() throws IOException {
        Path dir = tmp.resolve("s");
        try (NumpyMmap s = NumpyMmap.fromArray(dir, iota(DType.INT32, 2, 2))) {
            for (DType lossy : new DType[] {DType.INT64, DType.UINT32, DType.FLOAT32, DType.FLOAT64, DType.COMPLEX64}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.extend(iota(lossy, 1, 2)));
                assertTrue(e.getMessage().contains(lossy.numpyName()) && e.getMessage().contains("int32"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> s.set(0, iota(lossy, 2)));
            }
            s.extend(iota(DType.UINT16, 1, 2)); // safe
            s.extend(iota(DType.BOOL, 1, 2));
            assertEquals(4, s.length());
        }
        try (NumpyMmap s = NumpyMmap.openWritable(dir, WriteOptions.defaults().withCasting(Casting.UNSAFE))) {
            s.extend(NdArray.of(new double[] {1.9, -2.9}, 1, 2));
            s.set(0, NdArray.of(new long[] {1L << 32 | 5, 6}));
            assertArrayEquals(new int[] {5, 6, 2, 3, 0, 1, 0, 1, 1, -2}, s.array().toIntArray());
        }
    }

    @Test
    @Spec("F-8")
    void appendingToAFortranOrderedStoreIsRefusedAndChangesNothing() throws IOException {
        Path dir = tmp.resolve("f");
        NumpyMmap.fromArray(dir, iota(DType.FLOAT64, 2, 3).transpose().copy().transpose()).close();
        byte[] before = Files.readAllBytes(dir.resolve("data.ninja"));
        try (NumpyMmap s = NumpyMmap.openWritable(dir, WriteOptions.defaults())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> s.append(NdArray.of(new double[] {1, 2})));
            assertTrue(e.getMessage().contains("Fortran") && e.getMessage().contains(dir.toString()), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> s.extend(iota(DType.FLOAT64, 2, 2)));
            assertEquals(2, s.length());
        }
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("data.ninja")));
        assertArrayEquals(StoresTest.le(2, 3), Files.readAllBytes(dir.resolve("shape.ninja")));
    }

    @Test
    void openingAMissingDirectoryDoesNotCreateIt() {
        Path dir = tmp.resolve("parent").resolve("missing");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> NumpyMmap.open(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> NumpyMmap.openWritable(dir, WriteOptions.defaults()));
        assertFalse(Files.exists(dir.getParent()), "not even its parent");
    }

    @Test
    void aReaderCannotWrite() throws IOException {
        NumpyMmap.fromArray(tmp.resolve("r"), iota(DType.INT8, 2, 2)).close();
        try (NumpyMmap s = NumpyMmap.open(tmp.resolve("r"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.append(iota(DType.INT8, 2)));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> s.set(0, iota(DType.INT8, 2)));
        }
    }

    @Test
    void rowsOutOfBoundsNameTheStore() throws IOException {
        try (NumpyMmap s = NumpyMmap.fromArray(tmp.resolve("b"), iota(DType.INT8, 2, 2))) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.get(2));
            assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains(s.path().toString()), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> s.get(-3));
            assertThrows(IndexOutOfBoundsException.class, () -> s.set(2, iota(DType.INT8, 2)));
        }
    }

    @Test
    @Spec("C-42")
    void viewsDieWithTheStore() throws IOException {
        NumpyMmap s = NumpyMmap.fromArray(tmp.resolve("d"), iota(DType.INT8, 2, 2));
        NdArray row = s.get(0);
        NdArray copy = row.copy();
        s.close();
        s.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> row.getLong(0));
        assertThrows(IllegalStateException.class, s::length);
        assertThrows(IllegalStateException.class, () -> s.get(0));
        assertEquals(1, copy.getLong(1), "a copy outlives the store");
    }

    @Test
    void buildingOverAnExistingStoreNeedsReplaceExisting() throws IOException {
        Path dir = tmp.resolve("x");
        NumpyMmap.fromArray(dir, iota(DType.INT8, 2)).close();
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> NumpyMmap.fromArray(dir, iota(DType.INT8, 3)));
        assertTrue(e.getMessage().contains("replaceExisting"), e.getMessage());
        NumpyMmap.fromArray(dir, iota(DType.INT16, 3), WriteOptions.defaults().withReplaceExisting(true)).close();
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(iota(DType.INT16, 3), s.array());
        }
        Files.createDirectories(tmp.resolve("empty"));
        NumpyMmap.fromArray(tmp.resolve("empty"), iota(DType.INT8, 2)).close(); // an empty directory is no store
    }

    @Test
    @Spec({"F-3", "F-4", "F-5", "F-6"})
    void corruptSmallFilesAreReportedWithTheFileAndTheField() throws IOException {
        Path dir = tmp.resolve("c");
        NumpyMmap.fromArray(dir, iota(DType.INT32, 2, 2)).close();
        byte[] shape = Files.readAllBytes(dir.resolve("shape.ninja"));
        check(dir, "shape.ninja", new byte[7], "shape");
        check(dir, "shape.ninja", StoresTest.le(-1L, 2), "shape[0]");
        check(dir, "shape.ninja", StoresTest.le(3, 2), "length");          // data holds 16 bytes, 3 rows need 24
        check(dir, "shape.ninja", StoresTest.le(1L << 62, 4), "shape");    // byte count overflows
        check(dir, "shape.ninja", new byte[65 * 8], "shape");   // more than 64 axes
        check(dir, "shape.ninja", new byte[5000], "size");      // not a small file
        Files.write(dir.resolve("shape.ninja"), shape);
        check(dir, "dtype.ninja", "float128".getBytes(), "dtype");
        check(dir, "dtype.ninja", "int32".getBytes(), null);
        check(dir, "order.ninja", "K".getBytes(), "order");
        check(dir, "order.ninja", "C".getBytes(), null);
        check(dir, "type.ninja", "ragged".getBytes(), "type");
        check(dir, "type.ninja", "numpy".getBytes(), null);
        Files.delete(dir.resolve("data.ninja"));
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> NumpyMmap.open(dir));
        assertEquals(dir.resolve("data.ninja"), e.file());
    }

    /** Writes {@code content} to {@code file} in {@code dir}; opening must then fail naming it and {@code field} (null: succeed). */
    private static void check(Path dir, String file, byte[] content, String field) throws IOException {
        Files.write(dir.resolve(file), content);
        if (field == null) {
            NumpyMmap.open(dir).close();
            return;
        }
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> NumpyMmap.open(dir));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.file().getFileName().toString().equals(file) || e.field().equals("length"), e.getMessage());
        assertTrue(e.getMessage().startsWith(e.file() + ": " + field + ": "), e.getMessage());
    }

    @Test
    @Spec("F-3")
    void boolBytesOtherThanZeroAndOneAreStoredAsOne() throws IOException {
        // numpy reads any non-zero byte as True, so a .npy or a view may hold 7 for True: a store holds 0 and 1
        byte[] raw = new byte[(1 << 20) + 3000]; // more than the 1 MiB staging buffer: the chunked path too
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (i % 3 == 0 ? 0 : i % 7 + 1);
        NdArray odd = NdArray.wrap(MemorySegment.ofArray(raw), DType.BOOL, ByteOrder.LITTLE_ENDIAN, raw.length / 8, 8);
        byte[] expected = raw.clone();
        for (int i = 0; i < expected.length; i++) if (expected[i] != 0) expected[i] = 1;
        Path dir = tmp.resolve("bools");
        try (NumpyMmap s = NumpyMmap.fromArray(dir, odd)) {
            s.extend(odd.get(Index.range(0, 2)));
            s.set(3, NdArray.wrap(MemorySegment.ofArray(new byte[] {5, 0, 9, 1, 0, 0, 0, 2}), DType.BOOL, ByteOrder.LITTLE_ENDIAN, 8));
        }
        byte[] data = Files.readAllBytes(dir.resolve("data.ninja"));
        assertEquals(expected.length + 16, data.length);
        System.arraycopy(new byte[] {1, 0, 1, 1, 0, 0, 0, 1}, 0, expected, 24, 8);
        assertArrayEquals(expected, java.util.Arrays.copyOf(data, expected.length));
        assertArrayEquals(java.util.Arrays.copyOf(expected, 16), java.util.Arrays.copyOfRange(data, expected.length, data.length));
        Path ragged = tmp.resolve("ragged-bools");
        RaggedMmap.fromLists(ragged, List.of(odd.get(Index.at(1)), odd.get(Index.at(2)))).close();
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 8, 24), Files.readAllBytes(ragged.resolve("data.ninja")));
    }
}
