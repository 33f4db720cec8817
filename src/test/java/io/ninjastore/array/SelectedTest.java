package io.ninjastore.array;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Selected}: requests composed into one selection read what indexing the results in turn reads. */
class SelectedTest {
    private static final long[] SHAPE = {3, 4, 5};
    private final NdArray a = NdArray.of(NaiveArray.iota(SHAPE).values(), SHAPE); // a[i, j, k] = 20 i + 5 j + k

    @Test
    void composedRequestsReadWhatIndexingInTurnReads() {
        Index[] first = {Index.of(0, 2), Index.range(null, null, -1)};
        Index[] second = {Index.of(1, 0), Index.of(3, 0), Index.range(1, 3)};
        Selected s = Selected.of(SHAPE, first).then(second);
        assertArrayEquals(new long[] {2, 2}, s.shape(), "known without reading");
        assertEquals(a.get(first).get(second), s.read(a));
        // a list pairing the axes of two lists of an earlier request, and a slice's: three axes walked in step
        Selected three = Selected.of(SHAPE, Index.of(0, 1, 2), Index.of(3, 2, 1)).then(Index.of(2, 0), Index.of(4, 4));
        assertArrayEquals(new int[] {49, 19}, three.read(a).toIntArray(), "a[2, 1, 4], a[0, 3, 4]");
        assertEquals(a.getOrthogonal(Index.at(1)).getOrthogonal(Index.of(0, 3), Index.of(1, 2)),
                Selected.orthogonal(SHAPE, Index.at(1)).thenOrthogonal(Index.of(0, 3), Index.of(1, 2)).read(a));
        assertEquals(a.get(Index.at(2)), Selected.all(SHAPE).then(Index.at(2)).read(a));
    }

    @Test
    void aLaterRequestIndexesANewaxisLikeAnyAxisOfLengthOne() {
        Selected n = Selected.of(SHAPE, Index.newAxis()); // numpy: a[None] is (1, 3, 4, 5)
        assertArrayEquals(new long[] {1, 3, 4, 5}, n.shape());
        assertEquals(a, n.then(Index.at(0)).read(a), "a[None][0]: a position drops it");
        assertEquals(a, n.then(Index.at(-1)).read(a), "a[None][-1]");
        assertArrayEquals(new long[] {0, 3, 4, 5}, n.then(Index.range(1L, null, 1)).read(a).shape(), "a[None][1:]: a slice empties it");
        assertEquals(a.get(Index.newAxis()), n.then(Index.range(0, 1)).read(a), "a[None][0:1]: or keeps it");
        NdArray thrice = n.then(Index.of(0, 0, 0)).read(a); // numpy broadcasts the axis of length 1: (3, 3, 4, 5)
        assertArrayEquals(new long[] {3, 3, 4, 5}, thrice.shape());
        for (long i = 0; i < 3; i++) assertEquals(a, thrice.get(Index.at(i)).copy(), "a[None][[0, 0, 0]][" + i + "]");
        // a[:, None][[0, 2], [0, 0]]: a list on a real axis paired with one on the newaxis is a[[0, 2]]
        assertEquals(a.get(Index.of(0, 2)), Selected.of(SHAPE, Index.all(), Index.newAxis()).then(Index.of(0, 2), Index.of(0, 0)).read(a));
        // a[[0, 1], None, [1, 2]] is (2, 1, 5); [:, [0, 0, 0], 1:3] of it is (2, 3, 2)
        Selected split = Selected.of(SHAPE, Index.of(0, 1), Index.newAxis(), Index.of(1, 2));
        assertArrayEquals(new long[] {2, 1, 5}, split.shape());
        NdArray spread = split.then(Index.all(), Index.of(0, 0, 0), Index.range(1, 3)).read(a);
        assertArrayEquals(new long[] {2, 3, 2}, spread.shape());
        assertArrayEquals(new int[] {6, 7, 6, 7, 6, 7, 31, 32, 31, 32, 31, 32}, spread.toIntArray());
        // newaxes of a later request, and of several: a[1][None, [3, 0], None] is (1, 2, 1, 5), a[None][None][0, 0] is a
        Selected later = Selected.of(SHAPE, Index.at(1)).then(Index.newAxis(), Index.of(3, 0), Index.newAxis());
        assertArrayEquals(new long[] {1, 2, 1, 5}, later.shape());
        assertEquals(a.get(Index.at(1)).get(Index.newAxis(), Index.of(3, 0), Index.newAxis()), later.read(a));
        assertEquals(a, n.then(Index.newAxis()).then(Index.at(0), Index.at(0)).read(a));
        // each newaxis of a later request is an axis of its own: of a[1][None, [3, 0], None], [[0, 0, 0], :, 1:] is (3, 2, 0, 5)
        assertArrayEquals(new long[] {3, 2, 0, 5}, later.then(Index.of(0, 0, 0), Index.all(), Index.range(1L, null, 1)).shape());
        NdArray kept = later.then(Index.of(0, 0, 0), Index.all(), Index.range(0, 1)).read(a);
        assertArrayEquals(new long[] {3, 2, 1, 5}, kept.shape());
        assertEquals(a.get(Index.at(1), Index.of(3, 0)), kept.get(Index.at(2), Index.all(), Index.at(0)).copy());
        // orthogonally after: a[None, 0] is (1, 4, 5); oindex [[0, 0], None, [1, 2]] of it is (2, 1, 2, 5)
        NdArray outer = Selected.of(SHAPE, Index.newAxis(), Index.at(0)).thenOrthogonal(Index.of(0, 0), Index.newAxis(), Index.of(1, 2)).read(a);
        assertArrayEquals(new long[] {2, 1, 2, 5}, outer.shape());
        assertEquals(a.get(Index.at(0), Index.range(1, 3)), outer.get(Index.at(1), Index.at(0)).copy());
    }

    @Test
    void gathersSaysWhetherAViewIsPossible() {
        assertFalse(Selected.of(SHAPE, Index.at(1), Index.range(0, 2)).gathers());
        assertTrue(Selected.of(SHAPE, Index.of(1)).gathers());
        assertTrue(Selected.all(SHAPE).then(Index.all(), Index.of()).gathers());
        assertFalse(Selected.of(SHAPE, Index.newAxis(), Index.at(0), Index.newAxis()).gathers(), "a newaxis is a view's stride-0 axis");
        assertTrue(Selected.of(SHAPE, Index.newAxis()).then(Index.of(0, 0)).gathers(), "repeating it gathers");
    }

    @Test
    void aSelectionReadsOnlyAnArrayOfItsShape() {
        Selected s = Selected.of(SHAPE, Index.of(0, 1), Index.of(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.read(NdArray.zeros(DType.INT32, 3, 4)));
        assertTrue(e.getMessage().contains("[3, 4, 5]") && e.getMessage().contains("[3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Selected.all(2, -1));
        IllegalArgumentException later = assertThrows(IllegalArgumentException.class, () -> s.then(Index.of(0, 1), Index.of(0, 1, 2)));
        assertTrue(later.getMessage().contains("for shape [2, 5]"), "a later request is checked against the shape before it: " + later.getMessage());
    }
}
