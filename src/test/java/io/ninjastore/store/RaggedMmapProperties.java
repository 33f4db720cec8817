package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link RaggedMmap} over random dtypes and lists of samples of 0 to 3 axes (scalars and empty
 * samples included): round trip and reopen, extend associativity byte for byte, flat-to-nested
 * conversion, and parallel production equal to a sequential build. A ragged store is about 20
 * small files and each commit replaces five of them, so the tries are few.
 */
class RaggedMmapProperties {
    private final Path tmp;

    RaggedMmapProperties() throws IOException {
        tmp = Files.createTempDirectory("raggedmmap-properties");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        PathUtils.deleteDirectory(tmp);
    }

    @Property(tries = 40)
    @Spec({"F-11", "F-13", "F-14", "F-15", "F-17"})
    void samplesReadBackAndAfterReopening(@ForAll DType dtype, @ForAll("shapeLists") List<long[]> shapes, @ForAll long seed)
            throws IOException {
        List<NdArray> samples = samples(dtype, shapes, seed);
        Path dir = fresh();
        try (RaggedMmap r = RaggedMmap.fromLists(dir, samples, dtype, WriteOptions.defaults())) {
            assertSamples(samples, r);
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertSamples(samples, r);
            assertEquals(shapes.stream().allMatch(s -> s.length <= 1), r.shapesAreFlat());
            if (!samples.isEmpty()) {
                SplittableRandom pick = new SplittableRandom(seed);
                long[] idx = pick.longs(5, 0, samples.size()).toArray();
                List<NdArray> got = r.get(idx);
                for (int k = 0; k < idx.length; k++) assertEquals(samples.get((int) idx[k]), got.get(k));
            }
        }
    }

    @Property(tries = 40)
    @Spec({"F-12", "F-18", "F-19", "C-4"})
    void extendingInPiecesWritesTheBytesOfOneWrite(@ForAll DType dtype, @ForAll("shapeLists") List<long[]> shapes, @ForAll long seed)
            throws IOException {
        List<NdArray> all = samples(dtype, shapes, seed);
        Path one = fresh(), pieces = fresh();
        RaggedMmap.fromLists(one, all, dtype, WriteOptions.defaults()).close();
        SplittableRandom cuts = new SplittableRandom(seed);
        try (RaggedMmap r = RaggedMmap.create(pieces, dtype, WriteOptions.defaults())) {
            for (int at = 0; at < all.size(); ) {
                int to = at + cuts.nextInt(all.size() - at + 1); // empty pieces too
                if (to == at + 1 && cuts.nextBoolean()) r.append(all.get(at));
                else r.extend(all.subList(at, to));
                at = to;
            }
            assertSamples(all, r);
        }
        StoresTest.assertSameStoreFiles(one, pieces);
        try (RaggedMmap r = RaggedMmap.open(pieces)) {
            assertSamples(all, r);
        }
    }

    @Property(tries = 25)
    @Spec({"F-19", "C-14"})
    void aFlatStoreTakingAnNDimensionalSampleEqualsAOneShotWrite(@ForAll DType dtype, @ForAll("flatShapeLists") List<long[]> flat,
                                                                @ForAll("shapeLists") List<long[]> more, @ForAll long seed)
            throws IOException {
        List<long[]> rest = new ArrayList<>(more);
        rest.add(new SplittableRandom(seed).nextInt(rest.size() + 1), new long[] {2, 1, 3}); // at least one N-d sample
        List<NdArray> first = samples(dtype, flat, seed), then = samples(dtype, rest, ~seed);
        List<NdArray> all = new ArrayList<>(first);
        all.addAll(then);
        Path one = fresh(), converted = fresh();
        RaggedMmap.fromLists(one, all, dtype, WriteOptions.defaults()).close();
        try (RaggedMmap r = RaggedMmap.fromLists(converted, first, dtype, WriteOptions.defaults())) {
            assertEquals(true, r.shapesAreFlat());
            r.extend(then);
            assertEquals(false, r.shapesAreFlat());
        }
        StoresTest.assertSameStoreFiles(one, converted);
    }

    @Property(tries = 15)
    void parallelFromIndexableWritesTheBytesOfASequentialBuild(@ForAll DType dtype, @ForAll("shapeLists") List<long[]> shapes,
                                                              @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int threads,
                                                              @ForAll @IntRange(min = 1, max = 6) int batchSize) throws IOException {
        if (shapes.isEmpty()) return; // no sample, no dtype: refused (RaggedMmapTest)
        List<NdArray> all = samples(dtype, shapes, seed);
        Path sequential = fresh(), parallel = fresh();
        RaggedMmap.fromLists(sequential, all).close();
        try (RaggedMmap r = RaggedMmap.fromIndexable(parallel, i -> all.get((int) i), all.size(), batchSize, threads)) {
            assertSamples(all, r);
        }
        StoresTest.assertSameStoreFiles(sequential, parallel);
    }

    // ------------------------------------------------------------------ generators and helpers

    @Provide
    Arbitrary<List<long[]>> shapeLists() {
        Arbitrary<long[]> shape = Arbitraries.longs().between(0, 3).list().ofMaxSize(3).map(l -> l.stream().mapToLong(Long::longValue).toArray());
        return shape.list().ofMaxSize(6);
    }

    /** Scalars and 1-d samples only: a store whose shapes/ stays flat. */
    @Provide
    Arbitrary<List<long[]>> flatShapeLists() {
        Arbitrary<long[]> shape = Arbitraries.longs().between(0, 4).list().ofMaxSize(1).map(l -> l.stream().mapToLong(Long::longValue).toArray());
        return shape.list().ofMinSize(1).ofMaxSize(6);
    }

    private Path fresh() throws IOException {
        return Files.createTempDirectory(tmp, "r").resolve("store");
    }

    static List<NdArray> samples(DType dtype, List<long[]> shapes, long seed) {
        List<NdArray> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) out.add(NumpyMmapProperties.random(dtype, shapes.get(i), seed + i));
        return out;
    }

    static void assertSamples(List<NdArray> expected, RaggedMmap r) {
        assertEquals(expected.size(), r.length());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), r.get(i), "sample " + i);
            assertArrayEquals(expected.get(i).shape(), r.shape(i), "shape " + i);
        }
    }
}
