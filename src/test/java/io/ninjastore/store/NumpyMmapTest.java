package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NumpyMmap} case by case: the files it writes, each operation, and each bad input. */
class NumpyMmapTest {
    @TempDir
    Path tmp;

    private static NdArray iota(DType t, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        long[] v = new long[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return NdArray.fromLongs(t, v).reshape(shape);
    }

    private static byte[] le(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return b.array();
    }

    @Test
    @Spec({"F-4", "F-7"})
    void aZeroDimensionalArrayHasAnEmptyShapeFileAndLengthOne() throws IOException {
        Path dir = tmp.resolve("z");
        try (NumpyMmap s = NumpyMmap.fromArray(dir, NdArray.scalar(DType.FLOAT64, 2.5))) {
            assertEquals(1, s.length());
            assertArrayEquals(new long[0], s.shape());
        }
        assertEquals(0, Files.size(dir.resolve("shape.ninja")), "mmap_ninja writes no axis for a 0-d array");
        assertArrayEquals(le(Double.doubleToLongBits(2.5)), Files.readAllBytes(dir.resolve("data.ninja")));
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertArrayEquals(new long[0], s.shape());
            assertEquals(1, s.length());
            assertEquals(2.5, s.array().getDouble());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get(0));
            assertTrue(e.getMessage().contains("0-d"), e.getMessage());
        }
        try (NumpyMmap s = NumpyMmap.openWritable(dir, WriteOptions.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.append(NdArray.scalar(DType.FLOAT64, 1)));
            assertTrue(e.getMessage().contains("0-d"), e.getMessage());
        }
    }
}
