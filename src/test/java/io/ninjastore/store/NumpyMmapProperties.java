package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
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
 * {@link NumpyMmap} over random dtypes, shapes, layouts and values: round trips, reopen
 * equivalence, and that every way of growing a store writes the bytes of a one-shot write.
 */
class NumpyMmapProperties {
    private final Path tmp;

    NumpyMmapProperties() throws IOException {
        tmp = Files.createTempDirectory("numpymmap-properties");
    }

    @AfterProperty
    void cleanUp() throws IOException {
        PathUtils.deleteDirectory(tmp);
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 100)
    @Spec({"F-5", "F-6", "F-7"})
    void anArrayReadsBackInEveryLayoutAndAfterReopening(@ForAll DType dtype, @ForAll("shapes") long[] shape, @ForAll long seed,
                                                       @ForAll("layouts") String layout) throws IOException {
        NdArray logical = random(dtype, shape, seed);
        NdArray a = switch (layout) {
            case "F" -> logical.transpose().copy().transpose();
            case "strided" -> stridedCopyOf(logical);
            default -> logical;
        };
        Path dir = fresh();
        char order;
        try (NumpyMmap s = NumpyMmap.fromArray(dir, a)) {
            assertEquals(logical, s.array());
            assertArrayEquals(shape, s.shape());
            order = s.order();
        }
        boolean fortran = layout.equals("F") && shape.length > 1 && !a.isContiguous();
        assertEquals(fortran ? 'F' : 'C', order, layout + " " + java.util.Arrays.toString(shape));
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(logical, s.array());
            assertEquals(dtype, s.dtype());
            assertEquals(shape.length == 0 ? 1 : shape[0], s.length());
            for (long i = 0; shape.length > 0 && i < shape[0]; i++) assertEquals(logical.row(i), s.get(i));
        }
    }

    @Property(tries = 60)
    void fromGeneratorWritesTheBytesOfFromArray(@ForAll DType dtype, @ForAll("rowShapes") long[] shape, @ForAll long seed,
                                               @ForAll @IntRange(min = 1, max = 5) int batchSize) throws IOException {
        if (shape[0] == 0) return; // a generator of nothing is refused (NumpyMmapTest)
        NdArray a = random(dtype, shape, seed);
        List<NdArray> rows = new ArrayList<>();
        for (long i = 0; i < shape[0]; i++) rows.add(a.row(i));
        Path one = fresh(), gen = fresh();
        NumpyMmap.fromArray(one, a).close();
        try (NumpyMmap s = NumpyMmap.fromGenerator(gen, rows.iterator(), batchSize)) {
            assertEquals(a, s.array());
        }
        StoresTest.assertSameStoreFiles(one, gen);
    }

    @Property(tries = 60)
    void extendingInAnyPiecesWritesTheBytesOfOneWrite(@ForAll DType dtype, @ForAll("rowShapes") long[] shape, @ForAll long seed)
            throws IOException {
        NdArray all = random(dtype, shape, seed);
        Path one = fresh(), pieces = fresh(), rowByRow = fresh();
        NumpyMmap.fromArray(one, all).close();
        SplittableRandom cuts = new SplittableRandom(seed);
        long first = cuts.nextLong(shape[0] + 1);
        try (NumpyMmap s = NumpyMmap.fromArray(pieces, all.rows(0, first))) {
            for (long at = first; at < shape[0]; ) {
                long to = at + 1 + cuts.nextLong(shape[0] - at);
                s.extend(all.rows(at, to));
                at = to;
            }
        }
        StoresTest.assertSameStoreFiles(one, pieces);
        long[] rowShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        try (NumpyMmap s = NumpyMmap.create(rowByRow, dtype, rowShape, WriteOptions.defaults())) {
            for (long i = 0; i < shape[0]; i++) s.append(all.row(i));
        }
        StoresTest.assertSameStoreFiles(one, rowByRow);
        try (NumpyMmap s = NumpyMmap.open(pieces)) {
            assertEquals(all, s.array());
        }
    }

    @Property(tries = 60)
    void setOverwritesRowsInPlace(@ForAll DType dtype, @ForAll("rowShapes") long[] shape, @ForAll long seed) throws IOException {
        if (shape[0] == 0) return;
        NdArray before = random(dtype, shape, seed);
        NdArray after = random(dtype, shape, ~seed);
        SplittableRandom pick = new SplittableRandom(seed);
        NdArray expected = before.copy();
        Path dir = fresh();
        try (NumpyMmap s = NumpyMmap.fromArray(dir, before)) {
            for (int k = 0; k < 5; k++) {
                long i = pick.nextLong(shape[0]);
                s.set(i, after.row(i));
                after.row(i).copyTo(expected.asSegment(), i * after.row(i).byteSize(), java.nio.ByteOrder.LITTLE_ENDIAN);
                assertEquals(expected, s.array());
            }
        }
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(expected, s.array());
        }
    }

    // ------------------------------------------------------------------ generators and helpers

    @Provide
    Arbitrary<long[]> shapes() {
        return Arbitraries.longs().between(0, 5).list().ofMaxSize(4).map(l -> l.stream().mapToLong(Long::longValue).toArray());
    }

    /** At least one axis: stores that grow. */
    @Provide
    Arbitrary<long[]> rowShapes() {
        return Arbitraries.longs().between(0, 4).list().ofMinSize(1).ofMaxSize(3)
                .map(l -> l.stream().mapToLong(Long::longValue).toArray())
                .flatMap(s -> Arbitraries.longs().between(0, 9).map(n -> {
                    s[0] = n;
                    return s;
                }));
    }

    @Provide
    Arbitrary<String> layouts() {
        return Arbitraries.of("C", "F", "strided");
    }

    private Path fresh() throws IOException {
        return Files.createTempDirectory(tmp, "s").resolve("store");
    }

    /** Random values of {@code dtype} (any bit pattern; bool 0 or 1) from {@code seed}. */
    static NdArray random(DType dtype, long[] shape, long seed) {
        long n = 1;
        for (long d : shape) n *= d;
        byte[] bytes = new byte[Math.toIntExact(n * dtype.itemSize())];
        new SplittableRandom(seed).nextBytes(bytes);
        if (dtype == DType.BOOL) for (int i = 0; i < bytes.length; i++) bytes[i] &= 1;
        return NdArray.ofBits(dtype, bytes).reshape(shape);
    }

    /** The same values seen through a view with gaps and a reversed first axis. */
    private static NdArray stridedCopyOf(NdArray a) {
        if (a.ndim() == 0 || a.shape(0) == 0) return a;
        long[] big = a.shape();
        big[0] *= 2;
        NdArray host = NdArray.zeros(a.dtype(), big);
        long rowBytes = a.row(0).byteSize();
        for (long i = 0; i < a.shape(0); i++) {
            // row i of the view below is row big[0] - 1 - 2i of the host
            a.row(i).copyTo(host.asSegment(), (big[0] - 1 - 2 * i) * rowBytes, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        return host.get(Index.range(null, null, -2));
    }
}
