package io.ninjastore.offline;

import io.ninjastore.array.AdvancedRequests;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.NumpyOracle;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;


/**
 * Offline reads against numpy itself ({@link NumpyOracle}): entries of random shapes (rank 1 to 4) in
 * a compiled data set, read with requests mixing slices, positions, 1 to 3 lists and newaxes
 * ({@link AdvancedRequests}), through {@link OfflineEntry#get(Index...)}, through a two-stage
 * {@link OfflineEntry#select} chain (numpy's {@code a[r1][r2]}, composed into one read of the mapped
 * entry) and through {@link OfflineDataList#get(Index...)} with the entry's position first; orthogonally
 * too ({@code getOrthogonal}, numpy applying each index on its own).
 */
@AddLifecycleHook(NumpyOracle.Needed.class)
class NumpyEntryProperties {
    private static final long DATA_SET_SEED = 20_261_122L;
    private static final int ENTRIES = 6;
    /** Per rank 1 to 4 (a data set holds entries of one rank), the entries' shapes and the data set. */
    private static final List<List<long[]>> SHAPES = new ArrayList<>();
    private static final List<OfflineDataList> LISTS = new ArrayList<>();
    private static Path dir;

    /** Per rank, 6 int64 entries of random shapes, each {@code arange(size).reshape(shape)}, as the oracle builds them. */
    @BeforeContainer
    static void writeDataSets() throws IOException {
        Random r = new Random(DATA_SET_SEED);
        dir = Files.createTempDirectory("ninjastore-numpy-entries");
        for (int rank = 1; rank <= 4; rank++) {
            List<long[]> shapes = new ArrayList<>();
            Path ds = dir.resolve("rank" + rank);
            try (LardonParser p = Lardon.parser(null, ds, CompileOptions.defaults())) {
                for (int e = 0; e < ENTRIES; e++) {
                    long[] shape = AdvancedRequests.shape(r, rank);
                    long[] v = new long[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)];
                    for (int i = 0; i < v.length; i++) v[i] = i;
                    shapes.add(shape);
                    p.register(NdArray.of(v, shape), Map.of());
                }
            }
            SHAPES.add(shapes);
            LISTS.add(OfflineDataList.open(ds));
        }
    }

    @AfterContainer
    static void deleteDataSets() throws IOException {
        for (OfflineDataList l : LISTS) l.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** An entry of a data set of the given rank and one or two stages of indices for it, rebuilt from {@code seed}. */
    record Case(int rank, int entry, List<Index[]> stages, long seed) {
        long[] shape() { return SHAPES.get(rank - 1).get(entry); }

        @Override
        public String toString() { return "entry " + entry + " " + Arrays.toString(shape()) + " " + AdvancedRequests.format(stages) + " seed " + seed; }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            int rank = 1 + r.nextInt(4), e = r.nextInt(ENTRIES);
            long[] shape = SHAPES.get(rank - 1).get(e);
            List<Index[]> stages = new ArrayList<>();
            stages.add(AdvancedRequests.request(r, shape));
            NumpyOracle.Answer first = NumpyOracle.get().index(shape, stages);
            if (!first.refused() && first.shape().length > 0 && r.nextBoolean()) stages.add(AdvancedRequests.request(r, first.shape()));
            return new Case(rank, e, stages, seed);
        });
    }

    @Property(tries = 800)
    void entryReadsReadWhatNumpyReads(@ForAll("cases") Case c) {
        NumpyOracle.Answer want = NumpyOracle.get().index(c.shape(), c.stages());
        OfflineDataList list = LISTS.get(c.rank() - 1);
        Statistics.collect(want.refused() ? "refused" : c.stages().size() == 2 ? "read: two stages" : "read: one stage");
        Statistics.coverage(check -> {
            check.check("read: one stage").percentage(p -> p >= 15);
            check.check("read: two stages").percentage(p -> p >= 15);
            check.check("refused").percentage(p -> p >= 3);
        });
        OfflineEntry e = list.entry(c.entry());
        Index[] first = c.stages().getFirst();
        if (c.stages().size() == 1) {
            want.assertAlike(() -> e.get(first), c);
            Index[] withEntry = new Index[first.length + 1];
            withEntry[0] = Index.at(c.entry());
            System.arraycopy(first, 0, withEntry, 1, first.length);
            want.assertAlike(() -> ((Batch.Single) list.get(withEntry)).array(), c + " through the data list");
            NumpyOracle.Answer outer = NumpyOracle.get().index(c.shape(), c.stages(), new boolean[] {true});
            outer.assertAlike(() -> e.getOrthogonal(first), c + " orthogonally");
            outer.assertAlike(() -> ((Batch.Single) list.getOrthogonal(withEntry)).array(), c + " orthogonally through the data list");
        } else {
            Index[] second = c.stages().get(1);
            want.assertAlike(() -> e.select(first).get(second), c);
            want.assertAlike(() -> e.select(first).select(second).get(), c + " selected twice");
            NumpyOracle.Answer outer = NumpyOracle.get().index(c.shape(), c.stages(), new boolean[] {false, true});
            outer.assertAlike(() -> e.select(first).getOrthogonal(second), c + " then orthogonally");
        }
    }

}
