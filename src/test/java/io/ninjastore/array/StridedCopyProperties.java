package io.ninjastore.array;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Copies of strided views and gathers ({@link StridedCopy}, through {@link NdArray#copy()} and
 * {@link NdArray#get(Index...)}) hold exactly the elements that element-by-element reads of the source
 * give, in C order, for every dtype, both byte orders, steps of any sign, list indices, paired, and
 * newaxes (axes of stride 0).
 */
class StridedCopyProperties {

    record Case(DType dtype, ByteOrder order, long[] shape, Index[] request, long seed) {
        @Override
        public String toString() {
            return dtype + (order == ByteOrder.BIG_ENDIAN ? " big-endian " : " ") + Arrays.toString(shape) + " [" + Index.format(request)
                    + "] seed " + seed;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 6).array(long[].class).ofMinSize(0).ofMaxSize(4);
        return Combinators.combine(Arbitraries.of(DType.class), Arbitraries.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN), shapes,
                Arbitraries.longs()).as((t, o, s, seed) -> new Case(t, o, s, request(s, new Random(seed)), seed));
    }

    /** One index per axis (sometimes fewer): a position, a range of any step, or a list; now and then a newaxis among them. */
    private static Index[] request(long[] shape, Random r) {
        List<Index> out = new ArrayList<>();
        int n = r.nextInt(shape.length + 1);
        int listLength = r.nextInt(4); // lists pair (NdArray.get): one length per request, or length 1
        for (int k = 0; k < n; k++) {
            long len = shape[k];
            int kind = len == 0 ? 1 : r.nextInt(3);
            out.add(switch (kind) {
                case 0 -> Index.at(r.nextLong(-len, len));
                case 1 -> Index.range(r.nextBoolean() ? null : r.nextLong(-len - 2, len + 2), r.nextBoolean() ? null : r.nextLong(-len - 2, len + 2),
                        r.nextBoolean() ? 1 + r.nextInt(3) : -1 - r.nextInt(3));
                default -> {
                    long[] ps = new long[r.nextInt(4) == 0 ? 1 : listLength];
                    for (int i = 0; i < ps.length; i++) ps[i] = r.nextLong(-len, len);
                    yield Index.of(ps);
                }
            });
        }
        if (r.nextInt(3) == 0) out.add(r.nextInt(out.size() + 1), Index.newAxis()); // a result axis walking no source axis
        return out.toArray(Index[]::new);
    }

    @Property(tries = 400)
    void aSelectionCopiesTheElementsItSelects(@ForAll("cases") Case c) {
        NdArray src = source(c);
        NdArray got = src.get(c.request()).copy();
        Selected selected = Selected.of(c.shape(), c.request());
        Selection[] sel = selected.perAxis();
        // Result axis a walks the source axes axes[a] in step (NdArrayProperties checks that against a model); positions fixed.
        int[][] axes = selected.axes();
        long[] outShape = selected.shape();
        assertArrayEquals(outShape, got.shape(), c.toString());
        assertEquals(ByteOrder.LITTLE_ENDIAN, got.byteOrder());
        // Walk the selection and the result together, element by element.
        long[] idx = new long[axes.length];
        long[] srcIdx = new long[sel.length];
        for (int k = 0; k < sel.length; k++) if (sel[k] instanceof Selection.Point p) srcIdx[k] = p.position();
        for (long e = 0; e < got.size(); e++) {
            for (int a = 0; a < axes.length; a++) for (int k : axes[a]) srcIdx[k] = sel[k].position(idx[a]);
            // slots past the source's axes are newaxes: they index nothing of it
            assertSameElement(src, Arrays.copyOf(srcIdx, src.ndim()), got, e, c + " element " + e);
            for (int a = axes.length - 1; a >= 0; a--) {
                if (++idx[a] < outShape[a]) break;
                idx[a] = 0;
            }
        }
    }

    @Property(tries = 200)
    void aTransposedViewCopiesInLogicalOrder(@ForAll("cases") Case c) {
        NdArray src = source(c).transpose();
        NdArray got = src.copy();
        assertArrayEquals(src.shape(), got.shape());
        long[] idx = new long[src.ndim()];
        for (long e = 0; e < got.size(); e++) {
            assertSameElement(src, idx, got, e, c + " element " + e);
            for (int k = idx.length - 1; k >= 0; k--) {
                if (++idx[k] < src.shape(k)) break;
                idx[k] = 0;
            }
        }
    }

    private static void assertSameElement(NdArray src, long[] srcIdx, NdArray got, long flat, String where) {
        if (src.dtype().isComplex()) {
            double[] want = src.getComplex(srcIdx);
            assertEquals(Double.doubleToRawLongBits(want[0]), Double.doubleToRawLongBits(got.doubleAt(flat)), where);
            assertEquals(Double.doubleToRawLongBits(want[1]), Double.doubleToRawLongBits(got.imagAt(flat)), where);
        } else if (src.dtype().isFloating()) {
            assertEquals(Double.doubleToRawLongBits(src.getDouble(srcIdx)), Double.doubleToRawLongBits(got.doubleAt(flat)), where);
        } else {
            assertEquals(src.getLong(srcIdx), got.longAt(flat), where);
        }
    }

    /** Random bytes viewed with the case's dtype, byte order and shape. */
    private static NdArray source(Case c) {
        long bytes = Shapes.size(c.shape()) * c.dtype().itemSize();
        byte[] b = new byte[(int) bytes];
        new Random(c.seed()).nextBytes(b);
        return NdArray.wrap(MemorySegment.ofArray(b), c.dtype(), c.order(), c.shape());
    }
}
