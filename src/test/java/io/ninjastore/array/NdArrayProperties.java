package io.ninjastore.array;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NdArray} against {@link NaiveArray} over random dtypes, shapes (up to 4 axes of up to 5),
 * memory layouts and index requests: every {@link Index} kind, negative positions and steps,
 * ellipses, newaxes, views of views. jqwik prints the seed and the shrunk case of any failure.
 */
class NdArrayProperties {

    /** How the array under test lies in memory; its logical values are the same in every case. */
    enum Layout { C_LITTLE_ENDIAN, C_BIG_ENDIAN, FORTRAN, REVERSED_INSIDE_PADDING }

    record Case(DType dtype, Layout layout, long[] shape, Index[] first, Index[] second) {
        @Override
        public String toString() {
            return dtype + " " + layout + " " + Arrays.toString(shape) + " [" + Index.format(first) + "] then ["
                    + Index.format(second) + "]";
        }
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 600)
    void indexingAViewAndIndexingAgainMatchTheModel(@ForAll("cases") Case c) {
        NaiveArray model = NaiveArray.iota(c.shape());
        NdArray a = build(c.dtype(), c.layout(), model);
        assertMatches(model, a, c.dtype(), "source " + c);
        NdArray r1 = a.get(c.first());
        NaiveArray m1 = model.get(c.first(), draws(c.first()));
        assertMatches(m1, r1, c.dtype(), "first " + c);
        NdArray r2 = r1.get(c.second());
        NaiveArray m2 = m1.get(c.second(), draws(c.second()));
        assertMatches(m2, r2, c.dtype(), "second " + c);
    }

    @Property(tries = 300)
    void orthogonalIndexingMatchesTheModelsOuterProduct(@ForAll("cases") Case c) {
        NaiveArray model = NaiveArray.iota(c.shape());
        NdArray a = build(c.dtype(), c.layout(), model);
        NdArray got = a.getOrthogonal(c.first());
        assertMatches(model.getOrthogonal(c.first(), draws(c.first())), got, c.dtype(), "orthogonal " + c);
    }

    @Property(tries = 300)
    void copiesAndConversionsOfAViewHoldItsValues(@ForAll("cases") Case c) {
        NaiveArray model = NaiveArray.iota(c.shape());
        NdArray v = build(c.dtype(), c.layout(), model).get(c.first());
        NaiveArray m = model.get(c.first(), draws(c.first()));
        NdArray copy = v.copy();
        assertTrue(copy.isContiguous(), c.toString());
        assertEquals(ByteOrder.LITTLE_ENDIAN, copy.byteOrder());
        assertEquals(v, copy, c.toString());
        assertArrayEquals(copy.asSegment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), v.toBytes(ByteOrder.LITTLE_ENDIAN));
        long[] expected = encoded(c.dtype(), m.values());
        assertArrayEquals(expected, v.toLongArray(), c.toString());
        double[] d = v.toDoubleArray();
        for (int i = 0; i < expected.length; i++) assertEquals((double) expected[i], d[i * (c.dtype().isComplex() ? 2 : 1)], c.toString());
        float[] f = v.toFloatArray();
        for (int i = 0; i < expected.length; i++) assertEquals((float) expected[i], f[i * (c.dtype().isComplex() ? 2 : 1)], c.toString());
        int[] ints = v.toIntArray();
        for (int i = 0; i < expected.length; i++) assertEquals((int) expected[i], ints[i], c.toString());
        NdArray wider = v.astype(DType.FLOAT64);
        assertArrayEquals(Arrays.stream(expected).asDoubleStream().toArray(), wider.toDoubleArray(), c.toString());
    }

    @Property(tries = 300)
    void reshapeTransposeSqueezeAndExpandDimsKeepTheValues(@ForAll("cases") Case c) {
        NaiveArray model = NaiveArray.iota(c.shape());
        NdArray v = build(c.dtype(), c.layout(), model).get(c.first());
        NaiveArray m = model.get(c.first(), draws(c.first()));
        long[] expected = encoded(c.dtype(), m.values());
        assertArrayEquals(expected, v.reshape(-1).toLongArray(), "flattened " + c);
        assertEquals(v, v.reshape(v.shape()), c.toString());
        assertEquals(v, v.transpose().transpose(), c.toString());
        NdArray t = v.transpose();
        NaiveArray mt = transposed(m);
        assertMatches(mt, t, c.dtype(), "transposed " + c);
        for (int axis = -v.ndim() - 1; axis <= v.ndim(); axis++) {
            NdArray e = v.expandDims(axis);
            assertEquals(v.ndim() + 1, e.ndim());
            assertEquals(1, e.shape(axis));
            assertEquals(v, e.squeeze(axis), c + " axis " + axis);
            assertEquals(v.isContiguous(), e.isContiguous(), c + " axis " + axis);
        }
        long[] squeezed = Arrays.stream(v.shape()).filter(n -> n != 1).toArray();
        assertArrayEquals(squeezed, v.squeeze().shape());
        assertArrayEquals(expected, v.squeeze().toLongArray());
    }

    @Property(tries = 200)
    void aPositionOutsideItsAxisNamesTheRequestAndTheShape(@ForAll("outOfBounds") Index[] request, @ForAll("shapes") long[] shape) {
        // shapes and requests are drawn independently: keep the pairs where the request is invalid
        long[] want;
        try {
            want = NaiveArray.resultShape(request, shape);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            want = null;
        }
        NdArray a = NdArray.zeros(DType.INT16, shape);
        if (want != null) {
            assertArrayEquals(want, a.get(request).shape());
            return;
        }
        RuntimeException e = assertThrows(RuntimeException.class, () -> a.get(request));
        assertTrue(e instanceof IndexOutOfBoundsException || e instanceof IllegalArgumentException, e.toString());
        assertTrue(e.getMessage().contains("[" + Index.format(request) + "]"), e.getMessage());
        assertTrue(e.getMessage().contains(Arrays.toString(shape)), e.getMessage());
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(DType.class), Arbitraries.of(Layout.class), shapes())
                .flatAs((dtype, layout, shape) -> request(shape).flatMap(first -> request(NaiveArray.resultShape(first, shape))
                        .map(second -> new Case(dtype, layout, shape, first, second))));
    }

    @Provide
    Arbitrary<long[]> shapes() {
        return Arbitraries.longs().between(0, 5).list().ofMaxSize(4).map(l -> l.stream().mapToLong(Long::longValue).toArray());
    }

    /** Requests of positions, ranges and lists that are often out of bounds, and sometimes too long. */
    @Provide
    Arbitrary<Index[]> outOfBounds() {
        Arbitrary<Index> ix = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(-8, 8).map(Index::at)),
                Tuple.of(1, Arbitraries.longs().between(-8, 8).array(long[].class).ofMaxSize(2).map(Index::of)),
                Tuple.of(1, Arbitraries.just(Index.all())),
                Tuple.of(1, Arbitraries.just(Index.ellipsis())),
                Tuple.of(1, Arbitraries.just(Index.newAxis())));
        return ix.list().ofMaxSize(6).map(l -> l.toArray(Index[]::new));
    }

    private static Arbitrary<Index[]> request(long[] shape) {
        List<Arbitrary<Index>> perAxis = new ArrayList<>();
        for (long n : shape) perAxis.add(index(n));
        Arbitrary<List<Index>> full = perAxis.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(perAxis).as(l -> l);
        int nd = shape.length;
        return full.flatMap(list -> Arbitraries.integers().between(0, nd).flatMap(a -> Arbitraries.integers().between(a, nd)
                .flatMap(b -> Arbitraries.integers().between(0, 2).map(mode -> switch (mode) {
                    case 0 -> list.toArray(Index[]::new);                             // one index per axis
                    case 1 -> list.subList(0, a).toArray(Index[]::new);               // trailing axes implied
                    default -> {                                                      // an ellipsis for axes [a, b)
                        List<Index> l = new ArrayList<>(list.subList(0, a));
                        l.add(Index.ellipsis());
                        l.addAll(list.subList(b, nd));
                        yield l.toArray(Index[]::new);
                    }
                })))).filter(r -> broadcasts(r, shape)).flatMap(NdArrayProperties::withNewAxes);
    }

    /** {@code request} as it is, or in two cases out of five with one or two newaxes inserted anywhere. */
    private static Arbitrary<Index[]> withNewAxes(Index[] request) {
        Arbitrary<Index[]> inserted = Arbitraries.integers().between(0, request.length).list().ofMinSize(1).ofMaxSize(2).map(places -> {
            List<Index> l = new ArrayList<>(Arrays.asList(request));
            for (int p : places) l.add(Math.min(p, l.size()), Index.newAxis());
            return l.toArray(Index[]::new);
        });
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(request)), Tuple.of(2, inserted));
    }

    /** Whether the lists of {@code request} broadcast together (the other indices of these requests are all in range). */
    private static boolean broadcasts(Index[] request, long[] shape) {
        try {
            NaiveArray.resultShape(request, shape);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Arbitrary<Index> index(long n) {
        Arbitrary<Long> bound = Arbitraries.longs().between(-n - 3, n + 3).injectNull(0.3);
        Arbitrary<Long> step = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.longs().between(-4, 4).filter(s -> s != 0)),
                Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1)));
        Arbitrary<Index> range = Combinators.combine(bound, bound, step).as((a, b, s) -> Index.range(a, b, s));
        Arbitrary<Index> random = Arbitraries.longs().between(0, n).flatMap(lo -> Arbitraries.longs().between(lo, n)
                .flatMap(hi -> Combinators.combine(Arbitraries.longs().between(0, hi - lo), Arbitraries.longs(), Arbitraries.of(true, false))
                        .as((len, seed, bounded) -> bounded
                                ? Index.random(len, lo, hi == n ? hi : hi - n, new RecordingRandom(seed))
                                : Index.random(Math.min(len, n), new RecordingRandom(seed)))));
        if (n == 0) {
            return Arbitraries.frequencyOf(Tuple.of(4, range), Tuple.of(1, Arbitraries.just(Index.all())),
                    Tuple.of(1, Arbitraries.just(Index.of())), Tuple.of(1, random));
        }
        Arbitrary<Long> position = Arbitraries.longs().between(-n, n - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(3, position.map(Index::at)),
                Tuple.of(4, range),
                Tuple.of(1, Arbitraries.just(Index.all())),
                Tuple.of(2, position.array(long[].class).ofMaxSize(3).map(Index::of)),
                Tuple.of(1, random));
    }

    // ------------------------------------------------------------------ building and checking

    /** The window offsets the random indices of {@code request} drew, after resetting them for the next resolution. */
    private static long[] draws(Index[] request) {
        List<Long> out = new ArrayList<>();
        for (Index i : request) {
            if (i instanceof Index.Random r) {
                RecordingRandom rr = (RecordingRandom) r.rng();
                out.add(rr.lastDraw());
                rr.reset();
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The value the model's value {@code v} becomes in {@code dtype} (wrapping small types, bool as parity). */
    static long encoded(DType t, long v) {
        return switch (t) {
            case BOOL -> v % 2;
            case INT8 -> (byte) v;
            case UINT8 -> v & 0xFF;
            default -> v; // at most 5^4 = 625: exact in every other dtype, float16 included
        };
    }

    static long[] encoded(DType t, long[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) out[i] = encoded(t, values[i]);
        return out;
    }

    static NdArray build(DType t, Layout layout, NaiveArray model) {
        long[] shape = model.shape();
        NdArray c = NdArray.fromLongs(t, encoded(t, model.values())).reshape(shape); // reshape: shape may be []
        return switch (layout) {
            case C_LITTLE_ENDIAN -> c;
            case C_BIG_ENDIAN -> {
                byte[] be = c.toBytes(ByteOrder.BIG_ENDIAN);
                yield NdArray.wrap(MemorySegment.ofArray(be), t, ByteOrder.BIG_ENDIAN, shape);
            }
            case FORTRAN -> NdArray.wrapFortran(c.transpose().copy().asSegment(), t, ByteOrder.LITTLE_ENDIAN, shape);
            case REVERSED_INSIDE_PADDING -> reversedInsidePadding(t, model);
        };
    }

    /**
     * The model's values at the odd positions of an array twice as large on every axis, axis 0
     * reversed, filled with a marker elsewhere; returned as the view that sees just the model.
     */
    private static NdArray reversedInsidePadding(DType t, NaiveArray model) {
        long[] shape = model.shape();
        int nd = shape.length;
        long[] big = new long[nd];
        for (int k = 0; k < nd; k++) big[k] = 2 * shape[k] + 1;
        long[] vals = new long[Math.toIntExact(Shapes.size(big))];
        long[] idx = new long[nd];
        for (int flat = 0; flat < vals.length; flat++) {
            long rem = flat;
            for (int k = nd - 1; k >= 0; k--) {
                idx[k] = rem % big[k];
                rem /= big[k];
            }
            boolean inside = true;
            long src = 0;
            for (int k = 0; k < nd; k++) {
                if (idx[k] % 2 == 0) inside = false;
                long i = (idx[k] - 1) / 2;
                if (k == 0) i = shape[0] - 1 - i;
                src = src * shape[k] + i;
            }
            vals[flat] = inside ? encoded(t, model.values()[(int) src]) : 77;
        }
        NdArray padded = NdArray.fromLongs(t, vals).reshape(big);
        Index[] view = new Index[nd];
        for (int k = 0; k < nd; k++) {
            // (a start of -1 would mean the last position, so an empty axis 0 gets an empty range)
            view[k] = k > 0 ? Index.range(1L, null, 2) : shape[0] == 0 ? Index.range(0, 0) : Index.range(2 * shape[0] - 1, null, -2);
        }
        return padded.get(view);
    }

    private static NaiveArray transposed(NaiveArray m) {
        long[] shape = m.shape();
        int nd = shape.length;
        long[] rs = new long[nd];
        for (int k = 0; k < nd; k++) rs[k] = shape[nd - 1 - k];
        long[] out = new long[m.values().length];
        for (int flat = 0; flat < out.length; flat++) out[flat] = m.values()[(int) reverseFlat(flat, rs, shape)];
        return new NaiveArray(rs, out);
    }

    /** The C-order position in {@code shape} of the element at C position {@code flat} of the reversed shape. */
    private static long reverseFlat(long flat, long[] rs, long[] shape) {
        int nd = rs.length;
        long[] idx = new long[nd];
        for (int k = nd - 1; k >= 0; k--) {
            idx[k] = flat % rs[k];
            flat /= rs[k];
        }
        long src = 0;
        for (int k = 0; k < nd; k++) src = src * shape[k] + idx[nd - 1 - k];
        return src;
    }

    static void assertMatches(NaiveArray expected, NdArray actual, DType t, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(t, actual.dtype());
        long[] values = encoded(t, expected.values());
        for (int i = 0; i < values.length; i++) assertEquals(values[i], actual.longAt(i), what + ": element " + i);
        long[] idx = new long[expected.shape().length];
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], actual.getLong(idx), what + ": element " + Arrays.toString(idx));
            for (int k = idx.length - 1; k >= 0 && ++idx[k] == expected.shape()[k]; k--) idx[k] = 0;
        }
    }
}
