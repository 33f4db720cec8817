package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A 0-d array written with fromArray is a 0-d store (empty shape.ninja, one element), as mmap_ninja writes it. */
class NumpyMmapZeroDTest {
    @TempDir
    Path tmp;

    @Test
    @Spec({"F-4", "F-7"})
    void zeroDimensionalArrayRoundTrips() throws IOException {
        Path dir = tmp.resolve("z");
        try (NumpyMmap s = NumpyMmap.fromArray(dir, NdArray.scalar(DType.FLOAT64, 2.5))) {
            assertArrayEquals(new long[0], s.shape());
        }
        assertEquals(0, Files.size(dir.resolve("shape.ninja")));
        assertArrayEquals(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array(), Files.readAllBytes(dir.resolve("data.ninja")));
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(1, s.length());
            assertEquals(2.5, s.array().item());
        }
    }
}
