package io.ninjastore.store;

import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A commit prepared in {@code shape.ninja.xchg} but not swapped in (the writer died between the two, or
 * its exchange failed) is rolled forward by the next writer when every file backs it, and ignored when
 * they do not (spec C-16).
 */
@Spec("C-16")
class PreparedCommitTest {
    @TempDir
    Path tmp;

    private static byte[] shape(long... dims) {
        ByteBuffer b = ByteBuffer.allocate(8 * dims.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long d : dims) b.putLong(d);
        return b.array();
    }

    /** Commits {@code total} samples, then puts the commit point back to {@code committed} with {@code prepared} in the temporary. */
    private static void prepare(Path point, long[] committed, long[] prepared) throws IOException {
        Files.write(point.resolve("shape.ninja"), shape(committed));
        Files.write(point.resolve("shape.ninja.xchg"), shape(prepared));
    }

    private static List<NdArray> ragged(int from, int to) {
        List<NdArray> l = new ArrayList<>();
        for (int i = from; i < to; i++) l.add(i % 3 == 0 ? NdArray.of(new int[] {i, i, i, i}, 2, 2) : NdArray.of(new int[i % 5]));
        return l;
    }

    @Test
    void aRaggedStoresPreparedCommitIsRolledForward() throws IOException {
        Path dir = tmp.resolve("r");
        RaggedMmap.fromLists(dir, ragged(0, 10)).close();
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            w.extend(ragged(10, 14));
        }
        prepare(dir.resolve("starts"), new long[] {10}, new long[] {14});
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(10, r.length(), "a reader sees the swapped-in commit point");
        }
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            assertEquals(14, w.length());
            for (int i = 0; i < 14; i++) assertEquals(ragged(i, i + 1).getFirst(), w.get(i));
            w.extend(ragged(14, 16));
        }
        try (RaggedMmap r = RaggedMmap.open(dir)) {
            assertEquals(16, r.length());
            assertEquals(ragged(15, 16).getFirst(), r.get(15));
        }
    }

    /**
     * The files back a prepared commit by their lengths, not their shape.ninja: those are overwritten
     * in place and a power loss may have lost the overwrite (C-9); the repair then rewrites them (C-10).
     */
    @Test
    @Spec({"C-16", "C-9", "C-10"})
    void aPreparedCommitIsRolledForwardOverLaggingNonCommitShapes() throws IOException {
        Path dir = tmp.resolve("lag");
        RaggedMmap.fromLists(dir, ragged(1, 11)).close();
        byte[] ends = Files.readAllBytes(dir.resolve("ends/shape.ninja")), data = Files.readAllBytes(dir.resolve("shape.ninja"));
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            w.extend(ragged(11, 12));
        }
        prepare(dir.resolve("starts"), new long[] {10}, new long[] {11});
        Files.write(dir.resolve("ends/shape.ninja"), ends);
        Files.write(dir.resolve("shape.ninja"), data);
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            assertEquals(11, w.length());
            assertEquals(ragged(11, 12).getFirst(), w.get(10));
        }
        assertArrayEquals(shape(11), Files.readAllBytes(dir.resolve("ends/shape.ninja")), "the repair rewrote the lagging shape");
    }

    @Test
    void aPreparedValueTheFilesDoNotBackIsIgnored() throws IOException {
        Path dir = tmp.resolve("r");
        RaggedMmap.fromLists(dir, ragged(0, 10)).close();
        prepare(dir.resolve("starts"), new long[] {10}, new long[] {25}); // ends/ hold only 10
        try (RaggedMmap w = RaggedMmap.openWritable(dir, WriteOptions.defaults())) {
            assertEquals(10, w.length());
        }
        assertArrayEquals(shape(10), Files.readAllBytes(dir.resolve("starts").resolve("shape.ninja")));
    }

    @Test
    void stringsAndDenseStoresRollForwardToo() throws IOException {
        Path s = tmp.resolve("s");
        StringsMmap.fromStrings(s, List.of("a", "bb")).close();
        try (StringsMmap w = StringsMmap.openWritable(s, WriteOptions.defaults())) {
            w.extend(List.of("ccc", "dddd"));
        }
        prepare(s.resolve("starts"), new long[] {2}, new long[] {4});
        try (StringsMmap w = StringsMmap.openWritable(s, WriteOptions.defaults())) {
            assertEquals(List.of("a", "bb", "ccc", "dddd"), new ArrayList<>(w));
        }
        Path d = tmp.resolve("d");
        NumpyMmap.fromArray(d, NdArray.of(new float[] {1, 2, 3, 4}, 2, 2)).close();
        try (NumpyMmap w = NumpyMmap.openWritable(d, WriteOptions.defaults())) {
            w.append(NdArray.of(new float[] {5, 6}));
        }
        prepare(d, new long[] {2, 2}, new long[] {3, 2});
        try (NumpyMmap w = NumpyMmap.openWritable(d, WriteOptions.defaults())) {
            assertEquals(3, w.length());
            assertArrayEquals(new float[] {5, 6}, w.get(2).toFloatArray());
        }
        prepare(d, new long[] {3, 2}, new long[] {9, 2}); // data.ninja holds 3 rows, not 9
        try (NumpyMmap w = NumpyMmap.openWritable(d, WriteOptions.defaults())) {
            assertEquals(3, w.length());
        }
    }
}
