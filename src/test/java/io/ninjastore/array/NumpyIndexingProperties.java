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
 * to 4 and requests mixing slices, positions and 1 to 3 lists ({@link AdvancedRequests}), in every
 * memory layout: the same shape and values, or the same refusal (numpy's "out of bounds" IndexError as
 * an {@link IndexOutOfBoundsException}, its other IndexErrors, a shape mismatch among them, as an
 * {@link IllegalArgumentException}). Indexing a result again is checked against numpy's {@code a[r1][r2]}.
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
        Statistics.collect(want.refused() ? (want.outOfRange() ? "refused: out of range" : "refused: malformed")
                : lists(c.stages().getFirst()) >= 2 ? "read: paired lists" : "read: one list or none");
        Statistics.coverage(check -> {
            check.check("read: paired lists").percentage(p -> p >= 10);
            check.check("refused: malformed").percentage(p -> p >= 3);
            check.check("refused: out of range").percentage(p -> p >= 3);
        });
        Index[] request = c.stages().getFirst();
        want.assertAlike(() -> a.get(request), c);
        if (!want.refused() && want.shape().length > 0) { // the result indexed again: numpy's a[r1][r2]
            Random r = new Random(c.seed() + 1);
            Index[] second = AdvancedRequests.request(r, want.shape());
            NumpyOracle.Answer twice = NumpyOracle.get().index(c.shape(), List.of(request, second));
            twice.assertAlike(() -> a.get(request).get(second), c + "[" + Index.format(second) + "]");
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
