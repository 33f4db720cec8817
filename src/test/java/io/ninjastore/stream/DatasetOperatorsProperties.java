package io.ninjastore.stream;

import io.ninjastore.array.Batching;
import io.ninjastore.array.NdArray;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Each operator against a plain reference computed on a list (jqwik reports its seed on failure). */
class DatasetOperatorsProperties {

    @Property
    void map(@ForAll List<Integer> xs) {
        assertEquals(xs.stream().map(x -> x * 3L).toList(), Dataset.of(xs).map(x -> x * 3L).list());
    }

    @Property
    void filter(@ForAll List<Integer> xs) {
        assertEquals(xs.stream().filter(x -> x % 3 == 0).toList(), Dataset.of(xs).filter(x -> x % 3 == 0).list());
    }

    @Property
    void flatMap(@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 4) Integer> xs) {
        Function<Integer, List<Integer>> f = x -> Collections.nCopies(x, x);
        assertEquals(xs.stream().flatMap(x -> f.apply(x).stream()).toList(), Dataset.of(xs).flatMap(f).list());
    }

    @Property
    void takeAndSkip(@ForAll List<Integer> xs, @ForAll @IntRange(max = 40) int n) {
        assertEquals(xs.stream().limit(n).toList(), Dataset.of(xs).take(n).list());
        assertEquals(xs.stream().skip(n).toList(), Dataset.of(xs).skip(n).list());
        assertEquals(xs.size(), Dataset.of(xs).count());
    }

    @Property
    void rangeAndRepeat(@ForAll @IntRange(min = -5, max = 30) int start, @ForAll @IntRange(max = 30) int len, @ForAll @IntRange(max = 4) int times) {
        List<Long> once = LongStream.range(start, start + len).boxed().toList();
        assertEquals(once, Dataset.range(start, start + len).list());
        List<Long> rep = new ArrayList<>();
        for (int i = 0; i < times; i++) rep.addAll(once);
        assertEquals(rep, Dataset.range(start, start + len).repeat(times).list());
    }

    @Property
    void batchIntoLists(@ForAll List<Integer> xs, @ForAll @IntRange(min = 1, max = 7) int size, @ForAll boolean drop) {
        List<List<Integer>> want = new ArrayList<>();
        for (int i = 0; i < xs.size(); i += size) {
            List<Integer> b = xs.subList(i, Math.min(xs.size(), i + size));
            if (b.size() == size || !drop) want.add(b);
        }
        assertEquals(want, Dataset.of(xs).batch(size, drop ? Remainder.DROP : Remainder.KEEP, Collate.list()).list());
    }

    @Property
    void batchStacksPadsAndCrops(@ForAll @Size(max = 12) List<@IntRange(min = 1, max = 5) Integer> lengths,
                                 @ForAll @IntRange(min = 1, max = 4) int size) {
        List<NdArray> samples = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            samples.add(NdArray.of(IntStream.range(0, lengths.get(i)).mapToDouble(j -> j + 0.5).toArray()));
        }
        List<NdArray> padded = Dataset.of(samples).padBatch(size, Batching.PadMode.CONSTANT, -1).list();
        List<NdArray> cropped = Dataset.of(samples).cropBatch(size).list();
        int b = 0;
        for (int i = 0; i < samples.size(); i += size, b++) {
            List<NdArray> group = samples.subList(i, Math.min(samples.size(), i + size));
            int max = group.stream().mapToInt(a -> (int) a.shape(0)).max().orElseThrow();
            int min = group.stream().mapToInt(a -> (int) a.shape(0)).min().orElseThrow();
            double[] p = new double[group.size() * max];
            double[] c = new double[group.size() * min];
            for (int r = 0; r < group.size(); r++) {
                for (int j = 0; j < max; j++) p[r * max + j] = j < group.get(r).shape(0) ? j + 0.5 : -1;
                for (int j = 0; j < min; j++) c[r * min + j] = j + 0.5;
            }
            assertEquals(NdArray.of(p, group.size(), max), padded.get(b));
            assertEquals(NdArray.of(c, group.size(), min), cropped.get(b));
        }
        assertEquals(b, padded.size());
    }

    @Property
    void concatRoundRobinZip(@ForAll List<Integer> a, @ForAll List<Integer> b) {
        List<Integer> cat = new ArrayList<>(a);
        cat.addAll(b);
        assertEquals(cat, Dataset.of(a).concat(Dataset.of(b)).list());
        List<Integer> rr = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) rr.add(a.get(i));
            if (i < b.size()) rr.add(b.get(i));
        }
        assertEquals(rr, Dataset.roundRobin(List.of(Dataset.of(a), Dataset.of(b))).list());
        List<Long> sums = IntStream.range(0, Math.min(a.size(), b.size())).mapToObj(i -> (long) a.get(i) + b.get(i)).toList();
        assertEquals(sums, Dataset.zip(Dataset.of(a), Dataset.of(b), (x, y) -> (long) x + y).list());
    }

    @Property
    void shuffleIsAPermutationReproducibleBySeed(@ForAll List<Integer> xs, @ForAll @IntRange(min = 1, max = 50) int buffer, @ForAll long seed) {
        Dataset<Integer> s = Dataset.of(xs).shuffle(buffer, seed);
        List<Integer> once = s.list();
        List<Integer> sorted = new ArrayList<>(once);
        sorted.sort(Comparator.naturalOrder());
        List<Integer> want = new ArrayList<>(xs);
        want.sort(Comparator.naturalOrder());
        assertEquals(want, sorted, "a permutation");
        assertEquals(once, s.list(), "re-iteration gives the same order");
        assertEquals(once, Dataset.of(xs).shuffle(buffer, seed).list(), "the same seed gives the same order");
    }

    @Property(tries = 50)
    void mapParallelAndPrefetchKeepOrder(@ForAll List<Integer> xs, @ForAll @IntRange(min = 1, max = 4) int threads,
                                         @ForAll @IntRange(min = 1, max = 5) int ahead) {
        List<Integer> want = xs.stream().map(x -> x ^ 0x5555).toList();
        assertEquals(want, Dataset.of(xs).mapParallel(threads, threads + ahead - 1, x -> x ^ 0x5555).list());
        assertEquals(want, Dataset.of(xs).map(x -> x ^ 0x5555).prefetch(ahead).list());
    }

    @Property
    void cacheReplaysTheFirstCompleteIteration(@ForAll List<Integer> xs, @ForAll long seed) {
        Dataset<Integer> c = Dataset.of(xs).shuffle(8, seed).cache();
        List<Integer> first = c.list();
        assertEquals(first, c.list());
        assertEquals(first, Dataset.from(k -> c.open(12345)).list(), "the cache ignores the key");
    }

    @Provide
    Arbitrary<List<Integer>> distinct() { return Arbitraries.integers().list().ofMinSize(30).ofMaxSize(60).uniqueElements(); }

    @Property(tries = 30)
    void repeatReshufflesEachRepetitionReproducibly(@ForAll("distinct") List<Integer> xs, @ForAll long seed) {
        List<Integer> two = Dataset.of(xs).shuffle(xs.size(), seed).repeat(2).list();
        List<Integer> first = two.subList(0, xs.size()), second = two.subList(xs.size(), two.size());
        assertEquals(Dataset.of(xs).shuffle(xs.size(), seed).list(), first, "repetition 0 is the plain iteration");
        assertNotEquals(first, second, "repetition 1 is shuffled anew (30+ distinct elements: equal orders have chance < 1/30!)");
        assertEquals(two, Dataset.of(xs).shuffle(xs.size(), seed).repeat(2).list());
    }
}
