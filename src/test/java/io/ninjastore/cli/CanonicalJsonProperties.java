package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code cat} prints, {@code import} reads back to the same array: every dtype, shape and bit pattern. */
@Spec({"J-2", "J-3", "J-4"})
class CanonicalJsonProperties {

    @Property(tries = 400)
    void textReadsBackToTheSameElements(@ForAll("arrays") NdArray a) {
        String text = CanonicalJson.array(a);
        NdArray back = new JsonSampleDecoder(a.dtype()).decode(text, "property");
        assertArrayEquals(textShape(a.shape()), back.shape(), text);
        assertEquals(a.dtype(), back.dtype());
        for (long i = 0; i < a.size(); i++) {
            String where = text + " element " + i;
            if (a.dtype().isFloating() || a.dtype().isComplex()) {
                assertSameFloat(a.doubleAt(i), back.doubleAt(i), where);
                assertSameFloat(a.imagAt(i), back.imagAt(i), where);
            } else {
                assertEquals(a.longAt(i), back.longAt(i), where);
            }
        }
    }

    /**
     * The shape nested lists can tell: axes after the first empty one hold no lists to measure
     * ({@code (0, 3)} prints as {@code []}, as in numpy), so they are lost.
     */
    private static long[] textShape(long[] shape) {
        for (int k = 0; k < shape.length; k++) if (shape[k] == 0) return Arrays.copyOf(shape, k + 1);
        return shape;
    }

    /** Equal bits, except that every NaN prints as "nan" and so reads back as the canonical NaN. */
    private static void assertSameFloat(double expected, double actual, String where) {
        if (Double.isNaN(expected)) assertEquals(true, Double.isNaN(actual), where);
        else assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), where);
    }

    @Provide
    Arbitrary<NdArray> arrays() {
        Arbitrary<DType> dtypes = Arbitraries.of(DType.values());
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 4).array(long[].class).ofMinSize(0).ofMaxSize(3);
        return Combinators.combine(dtypes, shapes).flatAs((t, shape) -> {
            int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
            return Arbitraries.bytes().array(byte[].class).ofSize(n * t.itemSize()).map(bytes -> {
                if (t == DType.BOOL) for (int i = 0; i < bytes.length; i++) bytes[i] &= 1;
                NdArray flat = NdArray.ofBits(t, bytes);
                return shape.length == 1 ? flat : flat.reshape(shape);
            });
        });
    }
}
