package io.ninjastore.array;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NdArray#get(Index...)} against numpy itself ({@link NumpyOracle}) over random shapes of rank 1
 * to 4 and requests mixing slices, positions, 1 to 3 lists and newaxes ({@link AdvancedRequests}), in every
 * memory layout: the same shape and values, or the same refusal (numpy's "out of bounds" IndexError as
 * an {@link IndexOutOfBoundsException}, its other IndexErrors, a shape mismatch among them, as an
 * {@link IllegalArgumentException}). Indexing a result again is checked against numpy's {@code a[r1][r2]},
 * both on the result and composed into one {@link Selected}; {@link NdArray#getOrthogonal} against numpy
 * applying each index on its own.
 */
@AddLifecycleHook(NumpyOracle.Needed.class)
class NumpyIndexingProperties {

    record Case(long[] shape, NdArrayProperties.Layout layout, List<Index[]> stages, long seed) {
        @Override
        public String toString() { return layout + " " + Arrays.toString(shape) + " " + AdvancedRequests.format(stages) + " seed " + seed; }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            long[] shape = AdvancedRequests.shape(r);
            List<Index[]> stages = new ArrayList<>();
            stages.add(AdvancedRequests.request(r, shape));
            NdArrayProperties.Layout layout = NdArrayProperties.Layout.values()[r.nextInt(NdArrayProperties.Layout.values().length)];
            return new Case(shape, layout, stages, seed);
        });
    }

    @Property(tries = 1500)
    void getReadsWhatNumpyReads(@ForAll("cases") Case c) {
        NdArray a = NdArrayProperties.build(DType.INT64, c.layout(), NaiveArray.iota(c.shape()));
        NumpyOracle.Answer want = NumpyOracle.get().index(c.shape(), c.stages());
        Index[] request = c.stages().getFirst();
        Statistics.label("outcome").collect(want.refused() ? (want.outOfRange() ? "refused: out of range" : "refused: malformed")
                : lists(request) >= 2 ? "read: paired lists" : "read: one list or none");
        Statistics.label("outcome").coverage(check -> {
            check.check("read: paired lists").percentage(p -> p >= 10);
            check.check("refused: malformed").percentage(p -> p >= 3);
            check.check("refused: out of range").percentage(p -> p >= 3);
        });
        Statistics.label("newaxis").collect(AdvancedRequests.hasNewAxis(request, true) ? "between advanced indices"
                : AdvancedRequests.hasNewAxis(request, false) ? "elsewhere" : "none");
        Statistics.label("newaxis").coverage(check -> {
            check.check("elsewhere").percentage(p -> p >= 20);
            check.check("between advanced indices").percentage(p -> p >= 2);
        });
        want.assertAlike(() -> a.get(request), c);
        want.assertAlike(() -> Selected.of(c.shape(), request).read(a), c + " read as a copy");
        if (!want.refused() && want.shape().length > 0) { // the result indexed again: numpy's a[r1][r2]
            Random r = new Random(c.seed() + 1);
            Index[] second = AdvancedRequests.request(r, want.shape());
            NumpyOracle.Answer twice = NumpyOracle.get().index(c.shape(), List.of(request, second));
            twice.assertAlike(() -> a.get(request).get(second), c + "[" + Index.format(second) + "]");
            twice.assertAlike(() -> Selected.of(c.shape(), request).then(second).read(a), c + "[" + Index.format(second) + "] composed");
            if (!twice.refused() && twice.shape().length > 0) { // a third: the newaxes of the second are indexed again
                Index[] third = AdvancedRequests.request(r, twice.shape());
                NumpyOracle.Answer thrice = NumpyOracle.get().index(c.shape(), List.of(request, second, third));
                thrice.assertAlike(() -> Selected.of(c.shape(), request).then(second).then(third).read(a),
                        c + "[" + Index.format(second) + "][" + Index.format(third) + "] composed");
            }
        }
    }

    @Property(tries = 500)
    void getOrthogonalReadsWhatNumpyReadsIndexByIndex(@ForAll("cases") Case c) {
        NdArray a = NdArrayProperties.build(DType.INT64, c.layout(), NaiveArray.iota(c.shape()));
        Index[] request = c.stages().getFirst();
        NumpyOracle.Answer want = NumpyOracle.get().index(c.shape(), c.stages(), new boolean[] {true});
        Statistics.collect(want.refused() ? "refused" : AdvancedRequests.hasNewAxis(request, false) ? "read: with a newaxis" : "read");
        Statistics.coverage(check -> {
            check.check("read: with a newaxis").percentage(p -> p >= 15);
            check.check("refused").percentage(p -> p >= 3);
        });
        want.assertAlike(() -> a.getOrthogonal(request), "orthogonal " + c);
        if (!want.refused() && want.shape().length > 0) { // then orthogonally again, and orthogonally after numpy's indexing
            Index[] second = AdvancedRequests.request(new Random(c.seed() + 1), want.shape());
            NumpyOracle.Answer twice = NumpyOracle.get().index(c.shape(), List.of(request, second), new boolean[] {true, true});
            twice.assertAlike(() -> Selected.orthogonal(c.shape(), request).thenOrthogonal(second).read(a),
                    "orthogonal " + c + "[" + Index.format(second) + "] composed");
        }
        NumpyOracle.Answer paired = NumpyOracle.get().index(c.shape(), c.stages());
        if (!paired.refused() && paired.shape().length > 0) {
            Index[] second = AdvancedRequests.request(new Random(c.seed() + 2), paired.shape());
            NumpyOracle.Answer then = NumpyOracle.get().index(c.shape(), List.of(request, second), new boolean[] {false, true});
            then.assertAlike(() -> Selected.of(c.shape(), request).thenOrthogonal(second).read(a),
                    c + " then orthogonal [" + Index.format(second) + "] composed");
        }
    }

    private static int lists(Index[] request) {
        int n = 0;
        for (Index i : request) if (i instanceof Index.Of) n++;
        return n;
    }

    @Property(tries = 300)
    void theErrorsOfARefusedRequestNameItAndTheShape(@ForAll("cases") Case c) {
        NumpyOracle.Answer want = NumpyOracle.get().index(c.shape(), c.stages());
        if (!want.refused()) return;
        Index[] request = c.stages().getFirst();
        RuntimeException e = assertThrows(RuntimeException.class, () -> NdArray.zeros(DType.INT8, c.shape()).get(request));
        assertTrue(e.getMessage().contains("index [" + Index.format(request) + "] for shape " + Arrays.toString(c.shape())), e.getMessage());
        if (want.message().contains("shape mismatch")) assertTrue(e.getMessage().contains("shape mismatch"), e.getMessage());
        if (want.outOfRange()) assertTrue(e.getMessage().contains("out of bounds for axis of length"), e.getMessage());
        assertEquals(want.outOfRange(), e instanceof IndexOutOfBoundsException, c + ": " + e);
    }
}
