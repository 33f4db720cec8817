package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stores whose data file is larger than 4 GiB, so that any offset or size kept in an int (or
 * computed in int arithmetic) shows. The data files are sparse: their length is set and only
 * their last bytes are written, so the tests need almost no disk space (a few KiB) on a file
 * system with sparse files (ext4, xfs, btrfs, tmpfs, APFS); on one without, about 8.5 GiB.
 * Tagged {@code large}; it runs by default ({@code -DexcludedGroups=large} leaves it out).
 */
@Tag("large")
class LargeFileTest {
    private static final long FOUR_GIB = 1L << 32;

    @TempDir
    Path tmp;

    /** Sets {@code file}'s length without writing it, then writes {@code tail} at its end. */
    private static void sparse(Path file, long length, byte[] tail) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
            f.seek(length - tail.length);
            f.write(tail);
        }
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return b.array();
    }

    @Test
    @Spec({"F-6", "F-7"})
    void aDenseStoreBeyondFourGibReadsItsLastRowAndGrows() throws IOException {
        Path dir = tmp.resolve("dense");
        // rows of three int32: 12 bytes, so row offsets past 4 GiB are not powers of two
        long rows = FOUR_GIB / 12 + 2;
        NumpyMmap.create(dir, DType.INT32, new long[] {3}, WriteOptions.defaults()).close();
        sparse(dir.resolve("data.ninja"), rows * 12, ints(7, 8, 9, -1, -2, -3));
        Files.write(dir.resolve("shape.ninja"), StoresTest.le(rows, 3));
        assertEquals(rows * 12, Files.size(dir.resolve("data.ninja")));

        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertEquals(rows, s.length());
            assertArrayEquals(new int[] {-1, -2, -3}, s.get(rows - 1).toIntArray());
            assertArrayEquals(new int[] {7, 8, 9}, s.get(-2).toIntArray());
            assertArrayEquals(new int[] {0, 0, 0}, s.get(rows / 2).toIntArray(), "a hole reads as zeros");
            assertEquals(-3, s.array().getLong(rows - 1, 2));
            assertEquals(-3, s.array().longAt(rows * 3 - 1));
        }
        try (NumpyMmap s = NumpyMmap.openWritable(dir, WriteOptions.defaults())) {
            s.append(NdArray.of(new int[] {4, 5, 6}));
            s.set(rows - 1, NdArray.of(new int[] {1, 2, 3}));
            assertArrayEquals(new int[] {4, 5, 6}, s.get(rows).toIntArray());
        }
        assertEquals((rows + 1) * 12, Files.size(dir.resolve("data.ninja")));
        try (NumpyMmap s = NumpyMmap.open(dir)) {
            assertArrayEquals(new long[] {rows + 1, 3}, s.shape());
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, s.array().get(io.ninjastore.array.Index.range(-2L, null, 1)).toIntArray());
        }
    }

    @Test
    @Spec({"F-11", "F-12", "F-16"})
    void aRaggedStoreWhoseLastSampleStartsBeyondFourGib() throws IOException {
        Path dir = tmp.resolve("ragged");
        long big = FOUR_GIB / 4 + 5; // float32 elements of sample 0: its bytes end past 4 GiB
        RaggedMmap.create(dir, DType.FLOAT32, WriteOptions.defaults()).close();
        ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(1.5f).putFloat(2.5f).putFloat(3.5f);
        sparse(dir.resolve("data.ninja"), (big + 3) * 4, tail.array()); // last float of sample 0, then sample 1
        Files.write(dir.resolve("shape.ninja"), StoresTest.le(big + 3));
        Files.write(dir.resolve("ends/data.ninja"), StoresTest.le(big, big + 3));
        Files.write(dir.resolve("ends/shape.ninja"), StoresTest.le(2));
        Files.write(dir.resolve("flattened_shapes/data.ninja"), StoresTest.le(big, 3));
        Files.write(dir.resolve("flattened_shapes/shape.ninja"), StoresTest.le(2));
        Files.write(dir.resolve("shapes/data.ninja"), StoresTest.le(big, 3));
        Files.write(dir.resolve("shapes/shape.ninja"), StoresTest.le(2, 1));
        Files.write(dir.resolve("starts/data.ninja"), StoresTest.le(0, big));
        Files.write(dir.resolve("starts/shape.ninja"), StoresTest.le(2)); // the commit point, last

        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(2, r.size());
            assertArrayEquals(new long[] {big}, r.shape(0));
            assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, r.get(1).toFloatArray());
            NdArray first = r.get(0);
            assertEquals(big, first.size());
            assertEquals(0.5, first.getDouble(big - 1));
            assertEquals(0.0, first.getDouble(big / 2));
        }
        try (RaggedMmap r = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            r.extend(List.of(NdArray.of(new float[] {9, 10, 11, 12}, 2, 2)));
            r.set(1, NdArray.of(new float[] {-1, -2, -3}));
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(3, r.size());
            assertEquals(NdArray.of(new float[] {9, 10, 11, 12}, 2, 2), r.get(2));
            assertArrayEquals(new float[] {-1, -2, -3}, r.get(1).toFloatArray());
            assertArrayEquals(new long[] {big}, r.shape(0), "converted to nested shapes, sample 0 keeps its length");
        }
    }
}
