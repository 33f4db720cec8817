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
    void gathersSaysWhetherAViewIsPossible() {
        assertFalse(Selected.of(SHAPE, Index.at(1), Index.range(0, 2)).gathers());
        assertTrue(Selected.of(SHAPE, Index.of(1)).gathers());
        assertTrue(Selected.all(SHAPE).then(Index.all(), Index.of()).gathers());
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
