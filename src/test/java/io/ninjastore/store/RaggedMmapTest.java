package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RaggedMmap} case by case: its layout, each operation, and each bad input. */
class RaggedMmapTest {
    @TempDir
    Path tmp;

    private static NdArray ints(long... shapeThenNothing) {
        long n = 1;
        for (long d : shapeThenNothing) n *= d;
        long[] v = new long[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = i + 1;
        return NdArray.fromLongs(DType.INT32, v).reshape(shapeThenNothing);
    }

    private static byte[] bytes(Path p) throws IOException { return Files.readAllBytes(p); }

    // ------------------------------------------------------------------ layout

    @Test
    @Spec({"F-10", "F-11", "F-13", "F-14"})
    void oneDimensionalSamplesAndScalarsGetFlatShapes() throws IOException {
        Path dir = tmp.resolve("flat");
        List<NdArray> samples = List.of(ints(3), NdArray.scalarLong(DType.INT32, 7), ints(0), ints(2));
        RaggedMmap.fromLists(dir, samples).close();
        assertEquals("ragged", Files.readString(dir.resolve("type.ninja")));
        assertEquals("int32", Files.readString(dir.resolve("dtype.ninja")));
        assertArrayEquals(StoresTest.le(6), bytes(dir.resolve("shape.ninja")), "the data is 1-d: 6 elements");
        assertArrayEquals(StoresTest.le(0, 3, 4, 4), bytes(dir.resolve("starts/data.ninja")), "element offsets, not bytes");
        assertArrayEquals(StoresTest.le(3, 4, 4, 6), bytes(dir.resolve("ends/data.ninja")));
        assertArrayEquals(StoresTest.le(3, 1, 0, 2), bytes(dir.resolve("flattened_shapes/data.ninja")));
        assertArrayEquals(StoresTest.le(4, 1), bytes(dir.resolve("shapes/shape.ninja")), "shapes/ is dense (n, 1)");
        assertArrayEquals(StoresTest.le(3, 0, 0, 2), bytes(dir.resolve("shapes/data.ninja")), "a scalar and an empty sample both record 0");
        assertArrayEquals(new byte[] {1, 0, 0, 0}, bytes(dir.resolve("shapes_are_flat.ninja")));
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertTrue(r.shapesAreFlat());
            assertEquals(4, r.size());
            assertArrayEquals(new long[0], r.get(1).shape(), "one element: a scalar");
            assertEquals(7, r.get(1).getLong());
            assertArrayEquals(new long[] {0}, r.get(2).shape(), "no element: an empty 1-d sample");
            assertArrayEquals(new long[0], r.shape(1));
            assertArrayEquals(new long[] {0}, r.shape(2));
            for (int i = 0; i < 4; i++) assertEquals(samples.get(i), r.get(i));
        }
    }

    @Test
    @Spec({"F-15"})
    void anNDimensionalSampleGetsNestedShapes() throws IOException {
        Path dir = tmp.resolve("nested");
        List<NdArray> samples = List.of(ints(2, 3), NdArray.scalarLong(DType.INT32, 5), ints(4), ints(0, 2));
        RaggedMmap.fromLists(dir, samples).close();
        assertArrayEquals(new byte[] {0, 0, 0, 0}, bytes(dir.resolve("shapes_are_flat.ninja")));
        assertEquals("ragged", Files.readString(dir.resolve("shapes/type.ninja")));
        assertArrayEquals(StoresTest.le(2, 3, 0, 4, 0, 2), bytes(dir.resolve("shapes/data.ninja")), "each sample's shape; [0] for the scalar");
        assertArrayEquals(StoresTest.le(2, 1, 1, 2), bytes(dir.resolve("shapes/flattened_shapes/data.ninja")));
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertFalse(r.shapesAreFlat());
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(samples.get(i), r.get(i), "sample " + i);
                assertArrayEquals(samples.get(i).shape(), r.shape(i));
            }
        }
    }

    @Test
    void samplesAreZeroCopyCOrderViews() throws IOException {
        NdArray f = ints(3, 2).transpose().copy().transpose(); // Fortran-laid-out input
        try (RaggedMmap r = RaggedMmap.fromLists(tmp.resolve("v"), List.of(f, ints(2)))) {
            NdArray got = r.get(0);
            assertTrue(got.isContiguous());
            assertEquals(ints(3, 2), got);
            List<NdArray> some = r.get(new long[] {1, 0, 1});
            assertEquals(List.of(ints(2), ints(3, 2), ints(2)), some);
        }
    }

    // ------------------------------------------------------------------ empty stores and growth

    @Test
    @Spec("F-18")
    void anEmptyStoreCanBeCreatedAndAppendedTo() throws IOException {
        Path dir = tmp.resolve("empty");
        RaggedMmap.create(dir, DType.FLOAT32, WriteOptions.defaults()).close();
        assertArrayEquals(StoresTest.le(0), bytes(dir.resolve("shape.ninja")));
        assertEquals(1, Files.size(dir.resolve("data.ninja"))); // one zero byte, never empty (F-6)
        assertArrayEquals(StoresTest.le(0), bytes(dir.resolve("starts/shape.ninja")));
        assertArrayEquals(StoresTest.le(0, 1), bytes(dir.resolve("shapes/shape.ninja")));
        assertEquals("C", Files.readString(dir.resolve("order.ninja")));
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(0, r.size());
            assertTrue(r.isEmpty());
            assertEquals(DType.FLOAT32, r.dtype());
        }
        try (RaggedMmap r = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            r.append(NdArray.of(new float[] {1, 2}));
            r.extend(List.of(NdArray.of(new float[] {3, 4, 5, 6}, 2, 2)));
        }
        Path oneShot = tmp.resolve("oneShot");
        RaggedMmap.fromLists(oneShot, List.of(NdArray.of(new float[] {1, 2}), NdArray.of(new float[] {3, 4, 5, 6}, 2, 2))).close();
        StoresTest.assertSameStoreFiles(oneShot, dir);
        Path fromEmptyList = tmp.resolve("fromEmptyList");
        RaggedMmap.fromLists(fromEmptyList, List.of(), DType.FLOAT32, WriteOptions.defaults()).close();
        assertArrayEquals(StoresTest.le(0), bytes(fromEmptyList.resolve("starts/shape.ninja")));
    }

    @Test
    void anEmptyListWithoutADtypeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RaggedMmap.fromLists(tmp.resolve("x"), List.of()));
        assertTrue(e.getMessage().contains("dtype"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RaggedMmap.fromGenerator(tmp.resolve("y"), List.<NdArray>of().iterator(), 3));
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    @Spec({"F-19", "C-14"})
    void anNDimensionalSampleConvertsFlatShapesToNested() throws IOException {
        Path dir = tmp.resolve("grown");
        List<NdArray> first = List.of(ints(2), NdArray.scalarLong(DType.INT32, 9), ints(0));
        List<NdArray> then = List.of(ints(1, 2, 2), ints(3));
        try (RaggedMmap r = RaggedMmap.fromLists(dir, first)) {
            assertTrue(r.shapesAreFlat());
            NdArray viewBefore = r.get(0);
            r.extend(then);
            assertFalse(r.shapesAreFlat());
            assertEquals(ints(2), viewBefore, "views taken before the conversion stay valid");
            assertEquals(ints(1, 2, 2), r.get(3));
            assertArrayEquals(new long[0], r.shape(1));
        }
        List<NdArray> all = new ArrayList<>(first);
        all.addAll(then);
        Path oneShot = tmp.resolve("oneShot");
        RaggedMmap.fromLists(oneShot, all).close();
        StoresTest.assertSameStoreFiles(oneShot, dir);
        assertFalse(Files.exists(dir.resolve("shapes.tmp-nested")) || Files.exists(dir.resolve("shapes.tmp-flat")));
    }

    @Test
    void extendIsAllOrNothing() throws IOException {
        Path dir = tmp.resolve("atomic");
        RaggedMmap.fromLists(dir, List.of(ints(2), ints(3))).close();
        List<byte[]> before = snapshot(dir);
        try (RaggedMmap r = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            List<NdArray> batch = List.of(ints(4), ints(2, 2), NdArray.of(new long[] {1, 2}), ints(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.extend(batch));
            assertTrue(e.getMessage().contains("int64") && e.getMessage().contains("int32"), e.getMessage());
            assertEquals(2, r.size());
            r.append(ints(5));
            assertEquals(ints(5), r.get(2));
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(3, r.size());
            assertTrue(r.shapesAreFlat(), "the failed 2-d sample left no nested shapes behind");
        }
        RaggedMmap.fromLists(tmp.resolve("ref"), List.of(ints(2), ints(3), ints(5))).close();
        StoresTest.assertSameStoreFiles(tmp.resolve("ref"), dir);
        assertEquals(before.size(), snapshot(dir).size());
    }

    private static List<byte[]> snapshot(Path dir) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) if (Files.isRegularFile(p) && !StoresTest.ninjastoreOnly(p)) out.add(Files.readAllBytes(p));
        }
        return out;
    }

    @Test
    @Spec("F-9")
    void dtypesFollowTheDenseStoresRules() throws IOException {
        Path dir = tmp.resolve("dtypes");
        try (RaggedMmap r = RaggedMmap.fromLists(dir, List.of(ints(2)))) {
            r.append(NdArray.of(new short[] {1, 2, 3})); // int16 -> int32 is safe
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.append(NdArray.of(new float[] {1})));
            assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("int32"), e.getMessage());
            assertEquals(2, r.size());
        }
        try (RaggedMmap r = RaggedMmap.openWritable(dir, WriteOptions.defaults().withCasting(Casting.UNSAFE))) {
            r.append(NdArray.of(new double[] {2.9, -2.9}));
            assertArrayEquals(new int[] {2, -2}, r.get(2).toIntArray());
        }
        try (RaggedMmap r = RaggedMmap.fromLists(tmp.resolve("as"), List.of(ints(2)), DType.FLOAT64, WriteOptions.defaults())) {
            assertEquals(DType.FLOAT64, r.dtype(), "an explicit dtype wins over the first sample's");
        }
    }

    @Test
    void fromGeneratorCommitsEveryBatch() throws IOException {
        List<NdArray> samples = new ArrayList<>();
        for (int i = 0; i < 11; i++) samples.add(i % 3 == 0 ? ints(i % 4, 2) : ints(i));
        try (RaggedMmap r = RaggedMmap.fromGenerator(tmp.resolve("gen"), samples.iterator(), 4)) {
            assertEquals(samples, new ArrayList<>(r));
        }
        RaggedMmap.fromLists(tmp.resolve("one"), samples).close();
        StoresTest.assertSameStoreFiles(tmp.resolve("one"), tmp.resolve("gen"));
    }

    @Test
    void fromIndexableRunsInParallelInOrder() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        try (RaggedMmap r = RaggedMmap.fromIndexable(tmp.resolve("par"), i -> {
            calls.incrementAndGet();
            return ints(i % 5, 1 + i % 2);
        }, 40, 7, 4)) {
            assertEquals(40, r.size());
            for (int i = 0; i < 40; i++) assertEquals(ints(i % 5, 1 + i % 2), r.get(i));
        }
        assertEquals(40, calls.get(), "each sample produced once");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RaggedMmap.fromIndexable(tmp.resolve("bad"), i -> {
            if (i == 13) throw new IllegalStateException("sample 13 cannot be made");
            return ints(2);
        }, 40, 5, 3));
        assertEquals("sample 13 cannot be made", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RaggedMmap.fromIndexable(tmp.resolve("neg"), i -> ints(1), -1, 5, 2));
        assertThrows(IllegalArgumentException.class, () -> RaggedMmap.fromIndexable(tmp.resolve("thr"), i -> ints(1), 3, 5, 0));
    }

    // ------------------------------------------------------------------ set

    @Test
    void setOverwritesASampleOfTheSameElementCount() throws IOException {
        Path dir = tmp.resolve("set");
        try (RaggedMmap r = RaggedMmap.fromLists(dir, List.of(ints(2, 2), NdArray.scalarLong(DType.INT32, 1), ints(3)))) {
            r.set(0, NdArray.of(new int[] {9, 8, 7, 6}, 2, 2));
            r.set(1, NdArray.of(new int[] {-5}));           // one element: fits the scalar
            r.set(2L, NdArray.of(new short[] {4, 5, 6}, 3, 1)); // another shape, same count: the recorded shape stays
            NdArray old = r.set(2, NdArray.of(new int[] {7, 8, 9}));
            assertEquals(NdArray.of(new int[] {4, 5, 6}), old, "List.set returns the previous sample");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.set(2L, ints(4)));
            assertTrue(e.getMessage().contains("3 elements") && e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.set(1L, ints(0)));
            assertThrows(IllegalArgumentException.class, () -> r.set(0L, NdArray.of(new long[] {1, 2, 3, 4})), "lossy dtype");
            assertThrows(IndexOutOfBoundsException.class, () -> r.set(3L, ints(1)));
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(NdArray.of(new int[] {9, 8, 7, 6}, 2, 2), r.get(0));
            assertEquals(-5, r.get(1).getLong());
            assertArrayEquals(new long[0], r.get(1).shape());
            assertEquals(NdArray.of(new int[] {7, 8, 9}), r.get(2));
        }
    }

    // ------------------------------------------------------------------ the List view

    @Test
    void itIsAReadOnlyRandomAccessListWithALazyMap() throws IOException {
        try (RaggedMmap r = RaggedMmap.fromLists(tmp.resolve("l"), List.of(ints(1), ints(2), ints(3)))) {
            assertInstanceOf(RandomAccess.class, r);
            assertThrows(UnsupportedOperationException.class, () -> r.add(ints(1)));
            assertThrows(UnsupportedOperationException.class, () -> r.remove(0));
            assertEquals(List.of(1L, 2L, 3L), r.stream().map(NdArray::size).toList());
            AtomicInteger calls = new AtomicInteger();
            List<Long> sizes = r.map(a -> {
                calls.incrementAndGet();
                return a.size();
            });
            assertEquals(0, calls.get(), "nothing is computed up front");
            assertEquals(3, sizes.size());
            assertEquals(2L, sizes.get(1));
            assertEquals(1, calls.get());
            assertInstanceOf(RandomAccess.class, sizes);
            r.append(ints(4));
            assertEquals(4, sizes.size(), "the map sees appends: it is a view");
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> r.get(4));
            assertTrue(e.getMessage().contains("sample 4") && e.getMessage().contains(r.path().toString()), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> r.get(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> r.shape(4));
        }
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void openingAMissingDirectoryDoesNotCreateIt() {
        Path dir = tmp.resolve("a").resolve("b");
        assertThrows(NoSuchFileException.class, () -> RaggedMmap.open(dir));
        assertThrows(NoSuchFileException.class, () -> RaggedMmap.openWritable(dir, WriteOptions.defaults()));
        assertFalse(Files.exists(tmp.resolve("a")));
    }

    @Test
    @Spec("C-42")
    void aReaderCannotWriteAndViewsDieWithTheStore() throws IOException {
        RaggedMmap.fromLists(tmp.resolve("r"), List.of(ints(2))).close();
        RaggedMmap r = RaggedMmap.open(tmp.resolve("r"));
        assertThrows(IllegalStateException.class, () -> r.append(ints(1)));
        assertThrows(IllegalStateException.class, () -> r.set(0L, ints(2)));
        NdArray view = r.get(0);
        r.close();
        assertThrows(IllegalStateException.class, () -> view.getLong(0));
        assertThrows(IllegalStateException.class, () -> r.get(0));
        assertThrows(IllegalStateException.class, r::length);
    }

    @Test
    @Spec("F-16")
    void offsetsOutsideTheDataAreReportedForTheSample() throws IOException {
        Path dir = tmp.resolve("c");
        RaggedMmap.fromLists(dir, List.of(ints(2), ints(3))).close();
        Files.write(dir.resolve("ends/data.ninja"), StoresTest.le(2, 9));
        CorruptStoreException last = assertThrows(CorruptStoreException.class, () -> RaggedMmap.open(dir));
        // The data's length comes from ends[n-1] and is checked against the file on open (F-29), not its
        // shape.ninja; sample 1's start and count fit the data, so the entry is named, not the data file
        assertEquals(dir.resolve("ends/data.ninja"), last.file(), "the last end is checked on open: " + last.getMessage());
        assertEquals("ends[1]", last.field());
        assertTrue(last.getMessage().contains("9, expected at most the 5 elements"), last.getMessage());
        Files.write(dir.resolve("ends/data.ninja"), StoresTest.le(9, 5));
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(ints(3), r.get(1), "sample 1 is intact");
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> r.get(0));
            assertTrue(e.field().contains("[0]"), e.field());
            assertTrue(e.getMessage().contains("[0, 9) is not within the 5 elements"), e.getMessage());
        }
        Files.write(dir.resolve("ends/data.ninja"), StoresTest.le(2, 5));
        Files.write(dir.resolve("shapes/data.ninja"), StoresTest.le(2, 4));
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> r.get(1));
            assertEquals("shapes[1]", e.field());
            assertTrue(e.getMessage().contains("[4] holds 4 elements but starts/ends give 3"), e.getMessage());
            assertThrows(CorruptStoreException.class, () -> r.shape(1));
        }
    }
}
