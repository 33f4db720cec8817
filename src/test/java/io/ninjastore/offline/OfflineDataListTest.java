package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data list API: batch modes, transforms, scatter/take/map, metadata, options and lifetime. */
class OfflineDataListTest {
    @TempDir
    Path tmp;
    private OfflineDataList list;

    /** Entry i is int16 of shape (rows[i], 3) holding 100*i + position. */
    private static final int[] ROWS = {2, 4, 1};

    @BeforeEach
    void writeDataSet() throws IOException {
        try (LardonParser p = Lardon.parser(null, tmp.resolve("ds"), CompileOptions.defaults())) {
            for (int i = 0; i < ROWS.length; i++) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("index", i);
                if (i != 1) meta.put("label", "class-" + i);
                p.register(entry(i), meta, "split/" + i + ".npy");
            }
        }
        list = OfflineDataList.open(tmp.resolve("ds"));
    }

    @AfterEach
    void close() throws IOException {
        list.close();
    }

    private static NdArray entry(int i) {
        short[] v = new short[ROWS[i] * 3];
        for (int k = 0; k < v.length; k++) v[k] = (short) (100 * i + k);
        return NdArray.of(v, ROWS[i], 3);
    }

    @Test
    void describesItsShapeWithRanges() {
        assertEquals(3, list.length());
        assertEquals(3, list.size());
        assertEquals(DType.INT16, list.dtype());
        assertEquals(List.of(Extent.of(3), new Extent(1, 4), Extent.of(3)), list.shape());
        assertEquals("[1,4]", list.shape().get(1).toString());
        assertEquals("3", list.shape().get(2).toString());
        assertEquals(entry(1), list.get(1));
        assertEquals(entry(2), list.get(-1));
    }

    @Test
    void severalEntriesComeBackAsTheBatchModeSays() {
        Batch asList = list.get(Index.range(0, 3), Index.range(0, 1));
        assertInstanceOf(Batch.PerEntry.class, asList);
        assertEquals(3, asList.arrays().size());
        for (int i = 0; i < 3; i++) assertEquals(entry(i).get(Index.range(0, 1)).copy(), asList.arrays().get(i));

        Batch padded = list.withBatchMode(BatchMode.pad(-7)).get(Index.all());
        NdArray p = assertInstanceOf(Batch.Stacked.class, padded).array();
        assertArrayEquals(new long[] {3, 4, 3}, p.shape());
        assertEquals(DType.INT16, p.dtype());
        for (int i = 0; i < 3; i++) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 3; c++) assertEquals(r < ROWS[i] ? 100 * i + 3 * r + c : -7, p.getLong(i, r, c), i + "," + r + "," + c);
            }
        }

        NdArray edge = ((Batch.Stacked) list.withBatchMode(BatchMode.padEdge()).get(Index.of(2, 0))).array();
        assertArrayEquals(new long[] {2, 2, 3}, edge.shape());
        assertArrayEquals(new long[] {200, 201, 202, 200, 201, 202}, edge.row(0).toLongArray(), "entry 2's only row repeated");

        NdArray cropped = ((Batch.Stacked) list.withBatchMode(BatchMode.CROP).get(Index.all(), Index.all(), Index.range(1, 3))).array();
        assertArrayEquals(new long[] {3, 1, 2}, cropped.shape());
        assertArrayEquals(new long[] {1, 2, 101, 102, 201, 202}, cropped.toLongArray());

        assertInstanceOf(Batch.Single.class, list.withBatchMode(BatchMode.CROP).get(Index.at(1)));
        assertThrows(IllegalArgumentException.class, () -> list.withBatchMode(BatchMode.CROP).get(Index.range(1, 1)));
        assertEquals(List.of(), list.get(Index.range(1, 1)).arrays(), "LIST returns zero entries as an empty list");
    }

    @Test
    void paddingStacksEmptyEntriesAndRefusesWhatNumpyRefuses() throws IOException {
        try (LardonParser p = Lardon.parser(null, tmp.resolve("empty"), CompileOptions.defaults())) {
            p.register(NdArray.zeros(DType.FLOAT32, 2, 0), Map.of());
            p.register(NdArray.zeros(DType.FLOAT32, 3, 0), Map.of());
        }
        try (OfflineDataList empty = OfflineDataList.open(tmp.resolve("empty"))) {
            for (BatchMode mode : List.of(BatchMode.pad(0), BatchMode.padEdge())) {
                NdArray p = ((Batch.Stacked) empty.withBatchMode(mode).get(Index.all())).array();
                assertArrayEquals(new long[] {2, 3, 0}, p.shape(), mode.toString());
            }
        }
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> list.withBatchMode(BatchMode.pad(Double.NaN)).get(Index.all()), "int16 cannot hold NaN");
        assertTrue(nan.getMessage().startsWith("index [:] for the data list ds") && nan.getMessage().contains("the entries [0, 1, 2]")
                && nan.getMessage().contains("the pad value NaN cannot be converted to int16"), nan.getMessage());
        // Rows 1: leave entry 2 (one row) empty and entry 0 one row: edge padding has no value to extend entry 2 with.
        IllegalArgumentException edge = assertThrows(IllegalArgumentException.class,
                () -> list.withBatchMode(BatchMode.padEdge()).get(Index.of(2, 0), Index.range(1, 4)));
        assertTrue(edge.getMessage().contains("the entries [2, 0]") && edge.getMessage().contains("cannot pad item 0 of shape [0, 3] to [1, 3]")
                && edge.getMessage().contains("axis 0 is empty"), edge.getMessage());
    }

    @Test
    void stackingConvertsToTheRequestedDtype() throws IOException {
        try (OfflineDataList f = OfflineDataList.open(tmp.resolve("ds"),
                ParseOptions.defaults().withDtype(DType.FLOAT32).withBatchMode(BatchMode.pad(0.5)))) {
            assertEquals(DType.FLOAT32, f.dtype());
            assertEquals(DType.FLOAT32, f.get(0).dtype());
            NdArray p = ((Batch.Stacked) f.get(Index.all())).array();
            assertEquals(DType.FLOAT32, p.dtype());
            assertEquals(0.5, p.getDouble(2, 3, 2));
            assertEquals(202.0, p.getDouble(2, 0, 2));
        }
    }

    @Test
    void squeezeAndExpandDimsApplyToWhatIsRead() {
        OfflineDataList firstRows = list.scatter(0).take(0, 2, 6); // rows 0 of entries 0, 1, 2
        OfflineDataList expanded = firstRows.expandDims(0).expandDims(-1);
        assertEquals(List.of(Extent.of(3), Extent.of(1), Extent.of(3), Extent.of(1)), expanded.shape());
        assertArrayEquals(new long[] {1, 3, 1}, expanded.get(1).shape());
        assertArrayEquals(new long[] {100, 101, 102}, expanded.get(1).toLongArray());
        OfflineDataList back = expanded.squeeze(0).squeeze(-1);
        assertEquals(List.of(Extent.of(3), Extent.of(3)), back.shape());
        assertEquals(entry(2).row(0).copy(), back.get(2));

        IllegalArgumentException notOne = assertThrows(IllegalArgumentException.class, () -> list.squeeze(0));
        assertTrue(notOne.getMessage().contains("[1,4]"), notOne.getMessage());
        assertThrows(IllegalArgumentException.class, () -> list.expandDims(3));
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> expanded.scatter(0));
        assertTrue(late.getMessage().contains("scatter before squeeze/expandDims"), late.getMessage());
    }

    @Test
    void scatterMakesOneEntryPerPositionAsViews() {
        OfflineDataList rows = list.scatter(0);
        assertEquals(2 + 4 + 1, rows.length());
        assertEquals(List.of(Extent.of(7), Extent.of(3)), rows.shape());
        int k = 0;
        for (int i = 0; i < 3; i++) {
            for (int r = 0; r < ROWS[i]; r++) {
                OfflineEntry e = rows.entry(k);
                assertEquals("split/" + i + ".npy", e.name());
                assertEquals(List.of(List.of(Index.at(r))), e.selection());
                assertEquals(entry(i).row(r).copy(), rows.get(k++));
            }
        }
        OfflineDataList columns = list.scatter(-1);
        assertEquals(9, columns.length());
        assertEquals(List.of(Extent.of(9), new Extent(1, 4)), columns.shape());
        assertArrayEquals(new long[] {101, 104, 107, 110}, columns.get(4).toLongArray());
        assertEquals(List.of(List.of(Index.all(), Index.at(1))), columns.entry(4).selection());
        assertEquals(3, list.entry(1).scatter(1).size());
        assertArrayEquals(new long[] {102, 105, 108, 111}, list.entry(1).scatter(1).get(2).get().toLongArray());
        assertThrows(IllegalArgumentException.class, () -> list.scatter(2));
    }

    @Test
    void takePicksEntriesAndMapReadsLazily() {
        OfflineDataList picked = list.take(2, -3, 2);
        assertEquals(3, picked.length());
        assertEquals(entry(2), picked.get(0));
        assertEquals(entry(0), picked.get(1));
        assertEquals(entry(2), picked.get(2));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> list.take(0, 3));
        assertTrue(e.getMessage().contains("index 3 (at 1)"), e.getMessage());
        List<Long> sums = list.map(a -> Arrays.stream(a.toLongArray()).sum());
        assertEquals(List.of(0L + 1 + 2 + 3 + 4 + 5, 12L * 100 + 66, 600L + 3), sums);
        List<NdArray> all = new ArrayList<>();
        for (NdArray a : list) all.add(a);
        assertEquals(List.of(entry(0), entry(1), entry(2)), all);
    }

    @Test
    void metadataComesWithTheDataOrAsColumns() {
        MetadataView.Sample s = list.withMetadata().get(2);
        assertEquals(entry(2), s.data());
        assertEquals(Map.of("index", 2, "label", "class-2"), s.metadata());
        MetadataView.Samples many = list.withMetadata().get(Index.of(1, 0));
        assertEquals(2, many.data().arrays().size());
        assertEquals(List.of(Map.of("index", 1), Map.of("index", 0, "label", "class-0")), many.metadata());
        Map<String, List<Object>> columns = list.metadataColumns();
        assertEquals(List.of("index", "label"), new ArrayList<>(columns.keySet()));
        assertEquals(List.of(0, 1, 2), columns.get("index"));
        assertEquals(Arrays.asList("class-0", null, "class-2"), columns.get("label"));
    }

    @Test
    void dropMetadataReturnsDataOnlyAndKeepsTheColumns() throws IOException {
        try (OfflineDataList dropped = Lardon.parseFolder(tmp.resolve("ds"), ParseOptions.defaults().withDropMetadata(true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, dropped::withMetadata);
            assertTrue(e.getMessage().contains("dropMetadata"), e.getMessage());
            assertEquals(List.of(0, 1, 2), dropped.metadataColumns().get("index"));
            assertEquals(entry(1), dropped.get(1));
        }
    }

    @Test
    void theFilesOptionPicksEntriesByNameInTheGivenOrder() throws IOException {
        try (OfflineDataList some = Lardon.parseFolder(tmp.resolve("ds"), ParseOptions.defaults().withFiles(List.of("split/2.npy", "split/0.npy")))) {
            assertEquals(2, some.length());
            assertEquals(entry(2), some.get(0));
            assertEquals("split/0.npy", some.entry(1).name());
            assertEquals(List.of(Extent.of(2), new Extent(1, 2), Extent.of(3)), some.shape());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lardon.parseFolder(tmp.resolve("ds"), ParseOptions.defaults().withFiles(List.of("split/0.npy", "split/9.npy"))));
        assertTrue(e.getMessage().contains("files[1]: 'split/9.npy'"), e.getMessage());
    }

    @Test
    void entriesNarrowByComposingSelections() {
        OfflineEntry e = list.entry(1);
        assertEquals("split/1.npy", e.name());
        assertEquals(1, e.index());
        assertArrayEquals(new long[] {4, 3}, e.storedShape());
        OfflineEntry narrowed = e.select(Index.range(null, null, -1)).select(Index.range(0, 3), Index.at(2));
        assertArrayEquals(new long[] {3}, narrowed.shape());
        assertArrayEquals(new long[] {111, 108, 105}, narrowed.get().toLongArray());
        assertArrayEquals(new long[] {108}, narrowed.get(Index.range(1, 2)).toLongArray());
        assertEquals(2, narrowed.selection().size());
        assertEquals(List.of(Index.range(0, 3), Index.at(2)), narrowed.selection().get(1));
        assertEquals(DType.INT16, narrowed.dtype());
        assertEquals(Map.of("index", 1), narrowed.metadata());
        assertTrue(narrowed.toString().contains("split/1.npy[::-1][0:3, 2]"), narrowed.toString());
        IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class, () -> narrowed.select(Index.at(3)));
        assertTrue(out.getMessage().contains("[3]") && out.getMessage().contains("for shape [3]"), out.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.select(Index.at(0), Index.at(0), Index.at(0)));
    }

    /** e[i, j, k, l] = 60 i + 20 j + 5 k + l, of shape (2, 3, 4, 5). */
    private static final long[] FOUR_D = java.util.stream.LongStream.range(0, 120).toArray();

    /** A data set of {@code entries} copies of {@link #FOUR_D}, opened. */
    private OfflineDataList fourD(String name, int entries) throws IOException {
        try (LardonParser p = Lardon.parser(null, tmp.resolve(name), CompileOptions.defaults())) {
            for (int i = 0; i < entries; i++) p.register(NdArray.of(FOUR_D, 2, 3, 4, 5), Map.of());
        }
        return OfflineDataList.open(tmp.resolve(name));
    }

    @Test
    void aListApartFromAPositionPutsItsAxisFirstAsNumpyDoesInEveryStage() throws IOException {
        try (OfflineDataList four = fourD("4d", 1)) {
            OfflineEntry e = four.entry(0);
            // numpy: e[1, :, [0, 2]] is (2, 3, 5), the list's axis first, since a slice separates it from the position
            OfflineEntry split = e.select(Index.at(1), Index.all(), Index.of(0, 2));
            assertArrayEquals(new long[] {2, 3, 5}, split.shape());
            NdArray r = split.get();
            assertArrayEquals(new long[] {2, 3, 5}, r.shape());
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < 5; c++) assertEquals(60 + 20 * b + 5 * (a == 0 ? 0 : 2) + c, r.getLong(a, b, c), a + "," + b + "," + c);
                }
            }
            assertTrue(r.isContiguous(), "reads are C-ordered copies");
            // Later stages index that order: e[1, :, [0, 2]][1] is e[1, :, 2].
            assertEquals(e.get(Index.at(1), Index.all(), Index.at(2)), split.get(Index.at(1)));
            // A split stage after it: x[0, :, [4, 0]] on x = e[1, :, [0, 2]] is (2, 3), x[0, b, [4, 0][a]] = e[1, b, 0, [4, 0][a]].
            OfflineEntry twice = split.select(Index.at(0), Index.all(), Index.of(4, 0));
            assertArrayEquals(new long[] {2, 3}, twice.shape());
            assertArrayEquals(new long[] {64, 84, 104, 60, 80, 100}, twice.get().toLongArray());
            // Adjacent advanced indices keep the list's axis in place: e[:, 1, [0, 2]] is (2, 2, 5).
            assertArrayEquals(new long[] {2, 2, 5}, e.select(Index.all(), Index.at(1), Index.of(0, 2)).get().shape());
            // Through the data list, the first index selecting the entry: "0, 1, :, [0, 2]" reads e[1, :, [0, 2]].
            assertEquals(r, ((Batch.Single) four.get(Index.parse("0, 1, :, [0, 2]"))).array());
            assertEquals(List.of(r), four.get(Index.parse(":, 1, :, [0, 2]")).arrays(), "per entry, as lardon reads each entry");
        }
    }

    @Test
    void severalListsPairAsInNumpyInEveryStageAndOrthogonalReadsTakeTheirOuterProduct() throws IOException {
        NdArray whole = NdArray.of(FOUR_D, 2, 3, 4, 5);
        try (OfflineDataList paired = fourD("paired", 2)) {
            OfflineEntry e = paired.entry(0);
            // numpy: e[[0, 1], [2, 0]] is (4, 5) twice: e[0, 2] and e[1, 0]
            NdArray pairs = e.get(Index.of(0, 1), Index.of(2, 0));
            assertArrayEquals(new long[] {2, 4, 5}, pairs.shape());
            assertEquals(40, pairs.getLong(0, 0, 0));
            assertEquals(60, pairs.getLong(1, 0, 0));
            OfflineEntry x = e.select(Index.of(0, 1), Index.of(2, 0));
            assertArrayEquals(new long[] {2, 4, 5}, x.shape());
            // x[:, [1, 3], [4, 0]] is (2, 2): x[i, 1, 4], x[i, 3, 0], two pairings of different stages read in one copy
            assertArrayEquals(new long[] {49, 55, 69, 75}, x.get(Index.all(), Index.of(1, 3), Index.of(4, 0)).toLongArray());
            assertEquals(e.get(Index.at(1), Index.at(0)), x.get(Index.at(1)), "a position on the paired axis picks one pair");
            // a later stage pairs a slice's axis with a list's: e[:, [0, 2]][[0, 1], [1, 0]] is e[[0, 1], [2, 0]]
            assertEquals(pairs, e.select(Index.all(), Index.of(0, 2)).get(Index.of(0, 1), Index.of(1, 0)));
            // through the data list, the entry index apart: "0, [0, 1], [2, 0]" and per entry ":, [0, 1], [2, 0]"
            assertEquals(pairs, ((Batch.Single) paired.get(Index.parse("0, [0, 1], [2, 0]"))).array());
            assertEquals(List.of(pairs, pairs), paired.get(Index.parse(":, [0, 1], [2, 0]")).arrays());
            IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> paired.get(Index.parse("0, [0, 1], [0, 1, 2]")));
            assertTrue(mismatch.getMessage().contains("entry 0") && mismatch.getMessage().contains("shape mismatch")
                    && mismatch.getMessage().contains("lengths 2 (axis 0), 3 (axis 1)"), mismatch.getMessage());
            // orthogonal: the outer product, every axis in place
            NdArray outer = e.getOrthogonal(Index.of(0, 1), Index.of(2, 0));
            assertArrayEquals(new long[] {2, 2, 4, 5}, outer.shape());
            assertEquals(whole.getOrthogonal(Index.of(0, 1), Index.of(2, 0)), outer);
            NdArray afterSelect = e.select(Index.at(1)).getOrthogonal(Index.of(0, 2), Index.all(), Index.of(1, 3));
            assertArrayEquals(new long[] {2, 4, 2}, afterSelect.shape());
            assertEquals(whole.get(Index.at(1)).getOrthogonal(Index.of(0, 2), Index.all(), Index.of(1, 3)), afterSelect);
            assertEquals(List.of(outer, outer), paired.getOrthogonal(Index.parse(":, [0, 1], [2, 0]")).arrays());
            assertEquals(outer, ((Batch.Single) paired.getOrthogonal(Index.parse("-2, [0, 1], [2, 0]"))).array());
        }
    }

    @Test
    void aNewaxisMakesAnAxisOfLengthOneInEachEntryAndLaterStagesIndexIt() {
        OfflineEntry e = list.entry(1); // (4, 3): e[r, c] = 100 + 3 r + c
        NdArray x = e.get(Index.newAxis(), Index.range(1, 3)); // numpy: e[None, 1:3] is (1, 2, 3)
        assertArrayEquals(new long[] {1, 2, 3}, x.shape());
        assertEquals(entry(1).get(Index.newAxis(), Index.range(1, 3)), x);
        NdArray split = e.get(Index.of(0, 3), Index.newAxis(), Index.of(2, 0)); // e[[0, 3], None, [2, 0]]: the paired axis first
        assertArrayEquals(new long[] {2, 1}, split.shape());
        assertArrayEquals(new long[] {102, 109}, split.toLongArray());
        OfflineEntry n = e.select(Index.all(), Index.newAxis()); // e[:, None] is (4, 1, 3)
        assertArrayEquals(new long[] {4, 1, 3}, n.shape());
        assertEquals(entry(1), n.get(Index.all(), Index.at(-1)), "a position drops it");
        assertArrayEquals(new long[] {4, 0, 3}, n.select(Index.all(), Index.range(1L, null, 1)).shape(), "a slice empties it");
        NdArray twice = n.get(Index.all(), Index.of(0, 0)); // a list repeats it: (4, 2, 3)
        assertArrayEquals(new long[] {4, 2, 3}, twice.shape());
        assertEquals(entry(1), twice.get(Index.all(), Index.at(1)).copy());
        assertEquals(entry(1).getOrthogonal(Index.of(0, 3), Index.newAxis(), Index.of(2, 0)), e.getOrthogonal(Index.of(0, 3), Index.newAxis(), Index.of(2, 0)));
        // through the data list, after the entry index: one entry, each entry, stacked
        assertEquals(x, ((Batch.Single) list.get(Index.at(1), Index.newAxis(), Index.range(1, 3))).array());
        List<NdArray> rows = list.get(Index.all(), Index.at(0), Index.newAxis()).arrays();
        for (int i = 0; i < ROWS.length; i++) assertEquals(entry(i).get(Index.at(0), Index.newAxis()), rows.get(i));
        NdArray stacked = ((Batch.Stacked) list.withBatchMode(BatchMode.pad(0)).get(Index.all(), Index.newAxis())).array();
        assertArrayEquals(new long[] {3, 1, 4, 3}, stacked.shape());
        NdArray outer = ((Batch.Single) list.getOrthogonal(Index.at(1), Index.of(0, 3), Index.newAxis(), Index.of(2, 0))).array();
        assertArrayEquals(new long[] {2, 1, 2}, outer.shape());
        assertArrayEquals(new long[] {102, 100, 111, 109}, outer.toLongArray());
    }

    @Test
    void aNewaxisIsNoAxisALeadingEllipsisLeavesToTheEntries() {
        // "..., 1, 0, 2, None" indexes three axes of the virtual (entries, rows, 3): the ellipsis stands for none, entry 1 is e[0, 2, None]
        Index[] request = {Index.ellipsis(), Index.at(1), Index.at(0), Index.at(2), Index.newAxis()};
        NdArray one = ((Batch.Single) list.get(request)).array();
        assertArrayEquals(new long[] {1}, one.shape());
        assertEquals(102, one.getLong(0));
        // "..., 0, None" indexes one: the ellipsis stands for the entries and their rows, so each entry is e[..., 0, None]
        List<NdArray> columns = list.get(Index.ellipsis(), Index.at(0), Index.newAxis()).arrays();
        for (int i = 0; i < ROWS.length; i++) assertEquals(entry(i).get(Index.ellipsis(), Index.at(0), Index.newAxis()), columns.get(i));
        assertArrayEquals(new long[] {4, 1}, columns.get(1).shape());
    }

    @Test
    void aNewaxisCannotComeBeforeTheEntryIndex() {
        List<Index[]> before = List.of(new Index[] {Index.newAxis(), Index.at(0)},
                new Index[] {Index.ellipsis(), Index.newAxis(), Index.at(1), Index.at(0), Index.at(2)});
        for (Index[] request : before) {
            for (boolean orthogonal : new boolean[] {false, true}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> { if (orthogonal) list.getOrthogonal(request); else list.get(request); });
                assertTrue(e.getMessage().startsWith("index [" + Index.format(request) + "] for the data list ds of shape [3, [1,4], 3]")
                        && e.getMessage().contains("the first index selects entries, and a newaxis (None) cannot stand before it"), e.getMessage());
            }
        }
    }

    @Test
    void readErrorsCarryTheRequestAndTheShapes() {
        IndexOutOfBoundsException first = assertThrows(IndexOutOfBoundsException.class, () -> list.get(Index.at(3)));
        assertTrue(first.getMessage().contains("index [3]") && first.getMessage().contains("[3, [1,4], 3]"), first.getMessage());
        IndexOutOfBoundsException inner = assertThrows(IndexOutOfBoundsException.class, () -> list.get(Index.all(), Index.at(1)));
        assertTrue(inner.getMessage().contains("entry 2 (split/2.npy)") && inner.getMessage().contains("for shape [1, 3]"), inner.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> list.get(Index.at(0), Index.at(0), Index.at(0), Index.at(0)));
        assertTrue(rank.getMessage().contains("too many indices"), rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Index.range(0L, 3L, 0));
        assertThrows(IllegalArgumentException.class, () -> list.get(Index.parse("0, ::0")));
    }

    @Test
    void readsReturnHeapCopiesThatOutliveTheDataSet() throws IOException {
        OfflineDataList derived = list.take(1);
        OfflineEntry e = list.entry(0);
        NdArray kept = list.get(1);
        derived.close(); // a derived list does not own the data set
        assertEquals(entry(1), derived.get(0));
        list.close();
        assertEquals(entry(1), kept);
        assertThrows(IllegalStateException.class, () -> list.get(0));
        assertThrows(IllegalStateException.class, () -> derived.get(0));
        assertThrows(IllegalStateException.class, e::get);
    }

    @Test
    void metadataRoundTripsEveryJsonValue() throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("text", "é\u0000\n\t\"\\/ \u007f\u2028 😀");
        meta.put("int", 7);
        meta.put("long", 1L << 40);
        meta.put("big", new BigInteger("123456789012345678901234567890"));
        meta.put("double", 0.1);
        meta.put("tiny", 5e-324);
        meta.put("huge", 1e300);
        meta.put("negZero", -0.0);
        meta.put("nan", Double.NaN);
        meta.put("inf", Double.NEGATIVE_INFINITY);
        meta.put("bool", true);
        meta.put("null", null);
        meta.put("list", List.of(1, "two", List.of(3.5)));
        meta.put("nested", Map.of("k", Map.of("deep", false)));
        try (LardonParser p = Lardon.parser(null, tmp.resolve("meta"), CompileOptions.defaults())) {
            p.register(NdArray.of(new float[] {1}), meta, "x");
        }
        try (OfflineDataList m = OfflineDataList.open(tmp.resolve("meta"))) {
            Map<String, Object> back = m.entry(0).metadata();
            assertEquals(new ArrayList<>(meta.keySet()), new ArrayList<>(back.keySet()), "keys keep their order");
            Map<String, Object> expected = new LinkedHashMap<>(meta);
            expected.put("long", 1L << 40);
            assertEquals(expected, back);
        }
    }
}
