package io.ninjastore.array;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DType names, sizes and parsing, and the safe-cast and promotion tables checked against numpy's. */
class DTypeTest {

    @Test
    @Spec("F-3")
    void theFourteenDtypesInNumpysOrderWithNumpysNamesAndSizes() {
        List<String> numpy = new ArrayList<>();
        NumpyTables.root().get("dtypes").forEach(n -> numpy.add(n.asText()));
        assertEquals(numpy, Arrays.stream(DType.values()).map(DType::numpyName).toList());
        for (DType t : DType.values()) {
            assertEquals(NumpyTables.root().get("itemsize").get(t.numpyName()).asInt(), t.itemSize(), t.numpyName());
            assertEquals(t.numpyName(), t.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @Spec("F-3")
    void parseReadsEveryNumpyName(DType t) {
        assertSame(t, DType.parse(t.numpyName()));
        assertSame(t, DType.parse(" " + t.numpyName().toUpperCase() + "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "float", "int", "f4", "<f4", "float128", "str", "object", "uint64 x", "bfloat16"})
    @Spec("F-3")
    void parseRefusesOtherNamesQuotingTheValueAndTheAcceptedNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse(name));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(DType.names()), e.getMessage());
    }

    @Test
    void parseRefusesNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse(null));
        assertTrue(e.getMessage().contains("unknown dtype 'null'"), e.getMessage());
    }

    @Test
    void namesListsEveryDtypeOnce() {
        assertEquals("bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, float32, float64, complex64, complex128",
                DType.names());
    }

    @Test
    void kindsAndPredicates() {
        for (DType t : DType.values()) {
            String n = t.numpyName();
            assertEquals(n.startsWith("int") || n.startsWith("uint"), t.isInteger(), n);
            assertEquals(n.startsWith("float"), t.isFloating(), n);
            assertEquals(n.startsWith("complex"), t.isComplex(), n);
            DType.Kind expected = n.equals("bool") ? DType.Kind.BOOL : n.startsWith("uint") ? DType.Kind.UNSIGNED
                    : n.startsWith("int") ? DType.Kind.SIGNED : n.startsWith("float") ? DType.Kind.FLOAT : DType.Kind.COMPLEX;
            assertEquals(expected, t.kind(), n);
        }
    }

    @TestFactory
    @Spec("F-9")
    Stream<DynamicTest> canCastSafelyToIsNumpysCanCastSafe() {
        return pairs().map(p -> DynamicTest.dynamicTest(p[0] + " -> " + p[1],
                () -> assertEquals(NumpyTables.canCastSafe(p[0], p[1]), p[0].canCastSafelyTo(p[1]))));
    }

    @TestFactory
    Stream<DynamicTest> promoteIsNumpysPromoteTypes() {
        return pairs().map(p -> DynamicTest.dynamicTest(p[0] + " + " + p[1],
                () -> assertEquals(NumpyTables.promoteTypes(p[0], p[1]), DType.promote(p[0], p[1]).numpyName())));
    }

    private static Stream<DType[]> pairs() {
        return Arrays.stream(DType.values()).flatMap(a -> Arrays.stream(DType.values()).map(b -> new DType[] {a, b}));
    }
}
