package io.ninjastore.array;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Index}: the text syntax, resolution against an axis, and the errors of {@link Indexing}. */
class IndexTest {

    // ------------------------------------------------------------------ parse

    @Test
    void parsesEveryKindOfItem() {
        Index[] ix = Index.parse(" -1, 1:3, ::2, 5::-1, :, ..., [0, 2, -5], :-2, +3 ");
        assertEquals(List.of(Index.at(-1), Index.range(1L, 3L, 1), Index.range(null, null, 2), Index.range(5L, null, -1),
                Index.all(), Index.ellipsis(), Index.of(0, 2, -5), Index.range(null, -2L, 1), Index.at(3)), List.of(ix));
    }

    @Test
    void parsesTheNewaxisAsPythonSpellsIt() {
        Index[] ix = Index.parse("None, 0, np.newaxis, ..., newaxis, numpy.newaxis, [1]");
        assertEquals(List.of(Index.newAxis(), Index.at(0), Index.newAxis(), Index.ellipsis(), Index.newAxis(), Index.newAxis(), Index.of(1)),
                List.of(ix));
        assertEquals(List.of(Index.newAxis()), List.of(Index.parse(" None ,")), "Python's one-item tuple");
        assertEquals(List.of(Index.range(null, 2L, 1), Index.range(1L, null, 1), Index.range(null, null, -1)),
                List.of(Index.parse("None:2, 1:None:None, np.newaxis::-1")), "a bound written None is absent, as in Python");
        assertEquals("None", Index.newAxis().toString());
    }

    @Test
    void emptyTextIsNoIndexAndATrailingCommaIsPythonsTuple() {
        assertEquals(0, Index.parse("").length);
        assertEquals(0, Index.parse("   ").length);
        assertEquals(List.of(Index.at(0)), List.of(Index.parse("0,")));
        assertEquals(List.of(Index.at(0), Index.all()), List.of(Index.parse("0, :,")));
        assertEquals(List.of(Index.of()), List.of(Index.parse("[]")));
        assertEquals(List.of(Index.range(null, null, 1)), List.of(Index.parse("::")));
    }

    @Test
    void formatAndParseRoundTrip() {
        Index[] ix = {Index.at(-3), Index.range(1L, null, -2), Index.newAxis(), Index.all(), Index.of(4, -1), Index.ellipsis(),
                Index.range(-5, 7), Index.newAxis()};
        assertEquals(List.of(ix), List.of(Index.parse(Index.format(ix))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1:2:0       | 1:2:0   | slice step cannot be zero",
            "a           | a       | expected an integer, a slice, a list, ..., None or np.newaxis",
            "1:b         | b       | expected an integer",
            "0,,1        | ''      | empty item",
            ",           | ''      | empty item",
            "1:2:3:4     | 1:2:3:4 | a slice has at most two ':'",
            "[0, x]      | x       | expected an integer",
            "[0, 1       | [0, 1   | unbalanced brackets",
            "0]          | 0]      | unbalanced brackets",
            "[[1]]       | [1]     | expected an integer",
            "[1]x        | [1]x    | a list must end with ']'",
            "99999999999999999999 | 99999999999999999999 | expected an integer",
            "none        | none    | expected an integer, a slice, a list, ..., None or np.newaxis",
            "0, NONE     | NONE    | expected an integer, a slice, a list, ..., None or np.newaxis",
            "np.newAxis  | np.newAxis | expected an integer, a slice, a list, ..., None or np.newaxis",
            "np.None     | np.None | expected an integer, a slice, a list, ..., None or np.newaxis",
            "None()      | None()  | expected an integer, a slice, a list, ..., None or np.newaxis",
            "[0, None]   | None    | expected an integer",
            "1:none      | none    | expected an integer"})
    void parseErrorsQuoteTheTextTheItemAndWhy(String text, String item, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Index.parse(text));
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("'" + item + "'"), e.getMessage());
        assertTrue(e.getMessage().endsWith(why), e.getMessage());
    }

    @Test
    void parseErrorsCutALongExpression() {
        String deep = "[".repeat(10_000) + "1";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Index.parse(deep));
        assertEquals("cannot parse index expression \"" + "[".repeat(60) + "... (10001 characters)\" at '" + "[".repeat(60)
                + "... (10001 characters)': unbalanced brackets", e.getMessage());
    }

    @Test
    void parseRefusesNull() {
        assertThrows(IllegalArgumentException.class, () -> Index.parse(null));
    }

    // ------------------------------------------------------------------ resolution

    @Property(tries = 2000)
    void rangesSelectWhatPythonsSliceIndicesSelects(@ForAll @LongRange(min = 0, max = 12) long n,
                                                     @ForAll @LongRange(min = -16, max = 16) long start, @ForAll boolean noStart,
                                                     @ForAll @LongRange(min = -16, max = 16) long stop, @ForAll boolean noStop,
                                                     @ForAll @LongRange(min = -6, max = 6) long step) {
        if (step == 0) return;
        Long a = noStart ? null : start, b = noStop ? null : stop;
        assertEquals(NaiveArray.slice(a, b, step, n), positions(Index.range(a, b, step).resolve(n)), a + ":" + b + ":" + step + " of " + n);
    }

    @Test
    void hugeStepsAndBoundsDoNotOverflow() {
        for (long step : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1}) {
            for (long n : new long[] {0, 1, 7, Long.MAX_VALUE}) {
                Selection.Slice s = (Selection.Slice) Index.range(null, null, step).resolve(n);
                assertEquals(NaiveArray.slice(null, null, step, n), positions(s), step + " over " + n);
                if (n > 0) assertEquals(step > 0 ? 0 : n - 1, s.start());
            }
        }
        Selection.Slice far = (Selection.Slice) Index.range(Long.MIN_VALUE, Long.MAX_VALUE, 1).resolve(5);
        assertEquals(new Selection.Slice(0, 1, 5), far);
        Selection.Slice back = (Selection.Slice) Index.range(Long.MAX_VALUE, Long.MIN_VALUE, -1).resolve(5);
        assertEquals(new Selection.Slice(4, -1, 5), back);
        assertEquals(Long.MAX_VALUE / 2 + 1, Index.range(null, null, 2).resolve(Long.MAX_VALUE).count());
    }

    @Test
    void aZeroStepIsRefusedWhenTheRangeIsMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Index.range(null, null, 0));
        assertTrue(e.getMessage().contains("step cannot be zero"), e.getMessage());
    }

    @Test
    void positionsAndListsCountFromTheEndWhenNegative() {
        assertEquals(new Selection.Point(4), Index.at(-1).resolve(5));
        assertEquals(new Selection.Point(0), Index.at(-5).resolve(5));
        Selection g = Index.of(-1, 0, -5, 2).resolve(5);
        assertArrayEquals(new long[] {4, 0, 0, 2}, ((Selection.Gather) g).positions());
        assertEquals(4, g.count());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Index.at(-6).resolve(5));
        assertTrue(e.getMessage().contains("index -6 is out of bounds for axis of length 5"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Index.at(5).resolve(5));
        assertThrows(IndexOutOfBoundsException.class, () -> Index.of(0, 5).resolve(5));
        assertThrows(IndexOutOfBoundsException.class, () -> Index.at(0).resolve(0));
    }

    @Test
    void listIndicesAreValuesNotSharedArrays() {
        long[] p = {1, 2};
        Index i = Index.of(p);
        p[0] = 9;
        assertArrayEquals(new long[] {1, 2}, ((Index.Of) i).positions());
        ((Index.Of) i).positions()[1] = 9;
        assertEquals(Index.of(1, 2), i);
        assertEquals(Index.of(1, 2).hashCode(), i.hashCode());
    }

    @Test
    void randomWindowsStayInsideTheirBoundsAndFollowTheSeed() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("IndexTest.randomWindows seed " + seed);
        Index r = Index.random(3, new SplittableRandom(seed));
        Index same = Index.random(3, new SplittableRandom(seed));
        for (int k = 0; k < 200; k++) {
            Selection.Slice s = (Selection.Slice) r.resolve(10);
            assertEquals(s, same.resolve(10), "the same seed draws the same windows");
            assertEquals(3, s.count());
            assertTrue(s.start() >= 0 && s.start() + 3 <= 10, s.toString());
            Selection.Slice b = (Selection.Slice) Index.random(2, 4, -2, new SplittableRandom(seed + k)).resolve(10);
            assertTrue(b.start() >= 4 && b.start() + 2 <= 8, b.toString());
        }
        assertEquals(new Selection.Slice(0, 1, 10), Index.random(10, new SplittableRandom(seed)).resolve(10));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Index.random(4, 2, 5, new SplittableRandom(seed)).resolve(10));
        assertTrue(e.getMessage().contains("random window of 4 does not fit in [2, 5)"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Index.random(1, new SplittableRandom(seed)).resolve(0));
        assertThrows(IllegalArgumentException.class, () -> Index.random(-1, new SplittableRandom(seed)));
        assertThrows(NullPointerException.class, () -> Index.random(1, null));
    }

    @Test
    void anEllipsisAndANewaxisArePlacedBeforeResolution() {
        assertThrows(IllegalStateException.class, () -> Index.ellipsis().resolve(3));
        assertThrows(IllegalStateException.class, () -> Index.newAxis().resolve(1));
    }

    // ------------------------------------------------------------------ Indexing

    @Test
    void expandFillsTheEllipsisAndTheMissingTrailingAxes() {
        assertEquals(List.of(Index.at(0), Index.all(), Index.all(), Index.at(1)),
                List.of(Indexing.expand(new Index[] {Index.at(0), Index.ellipsis(), Index.at(1)}, 4)));
        assertEquals(List.of(Index.at(0), Index.all(), Index.all()), List.of(Indexing.expand(new Index[] {Index.at(0)}, 3)));
        assertEquals(List.of(Index.at(0), Index.at(1)),
                List.of(Indexing.expand(new Index[] {Index.at(0), Index.ellipsis(), Index.at(1)}, 2)), "an ellipsis may stand for no axis");
    }

    @Test
    void aNewaxisIndexesNoAxisSoTheEllipsisStandsForOneMore() {
        assertEquals(List.of(Index.newAxis(), Index.at(0), Index.all(), Index.all(), Index.newAxis()),
                List.of(Indexing.expand(Index.parse("None, 0, ..., None"), 3)));
        assertEquals(List.of(Index.at(0), Index.newAxis(), Index.all(), Index.all()), List.of(Indexing.expand(Index.parse("0, None"), 3)),
                "missing trailing axes are filled after it");
        assertEquals(List.of(Index.newAxis(), Index.newAxis()), List.of(Indexing.expand(Index.parse("None, ..., None"), 0)));
        assertEquals(2, Indexing.axesIndexed(Index.parse("None, 0, ..., [1], None")));
        long[] shape = {3, 4};
        assertArrayEquals(new long[] {1, 1, 1}, NdArray.zeros(DType.INT8, shape).get(Index.parse("None, 0, None, 0, None")).shape(),
                "three newaxes and two positions: not too many for two axes");
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> NdArray.zeros(DType.INT8, shape).get(Index.parse("None, 0, 0, 0")));
        assertEquals("index [None, 0, 0, 0] for shape [3, 4]: too many indices: 3 for 2 axes", many.getMessage());
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> NdArray.zeros(DType.INT8, shape).get(Index.parse("None, 1, None, 4")));
        assertEquals("index [None, 1, None, 4] for shape [3, 4]: axis 1: index 4 is out of bounds for axis of length 4", oob.getMessage(),
                "the axis named is the array's, as numpy names it");
        IllegalArgumentException perAxis = assertThrows(IllegalArgumentException.class, () -> Indexing.resolve(Index.parse("0, None"), shape));
        assertTrue(perAxis.getMessage().startsWith("index [0, None] for shape [3, 4]: a newaxis (None) makes an axis of the result"),
                perAxis.getMessage());
    }

    @Test
    void errorsCarryTheRequestAndTheShape() {
        long[] shape = {3, 4};
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> Indexing.resolve(Index.parse("1, 4"), shape));
        assertEquals("index [1, 4] for shape [3, 4]: axis 1: index 4 is out of bounds for axis of length 4", oob.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> Indexing.resolve(Index.parse("0, 0, 0"), shape));
        assertEquals("index [0, 0, 0] for shape [3, 4]: too many indices: 3 for 2 axes", many.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> Indexing.resolve(Index.parse("..., 0, ..."), shape));
        assertEquals("index [..., 0, ...] for shape [3, 4]: an index can only have a single ellipsis", two.getMessage());
        IllegalArgumentException noShape = assertThrows(IllegalArgumentException.class,
                () -> Indexing.expand(Index.parse("0, 0"), 1));
        assertEquals("index [0, 0] for an array of 1 axes: too many indices: 2 for 1 axes", noShape.getMessage());
        IndexOutOfBoundsException viaArray = assertThrows(IndexOutOfBoundsException.class,
                () -> NdArray.zeros(DType.INT8, 3, 4).get(Index.parse("[0, -4]")));
        assertTrue(viaArray.getMessage().startsWith("index [[0, -4]] for shape [3, 4]: axis 0"), viaArray.getMessage());
    }

    @Test
    void aZeroDimensionalArrayTakesNoIndexButAnEllipsis() {
        NdArray s = NdArray.scalar(DType.INT32, 7);
        assertEquals(7, s.get().getLong());
        assertEquals(7, s.get(Index.ellipsis()).getLong());
        assertInstanceOf(IllegalArgumentException.class, assertThrows(RuntimeException.class, () -> s.get(Index.at(0))));
    }

    private static List<Long> positions(Selection s) {
        List<Long> out = new ArrayList<>();
        for (long k = 0; k < s.count(); k++) out.add(s.position(k));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0:0", "3:1", "-1:0", "::-1"})
    void emptyAndBackwardSlicesOfAnEmptyAxis(String text) {
        assertEquals(0, Index.parse(text)[0].resolve(0).count());
    }
}
