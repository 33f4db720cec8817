package io.ninjastore.crosslang;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.WriteOptions;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stores whose samples hold no elements keep one zero byte of data (spec F-6): numpy cannot map an empty
 * file read-only, and mmap_ninja opens every data file that way.
 */
class EmptyDataTest {
    /** What mmap_ninja's {@code numpy.open_existing} does with each dense directory, mode 'r'. */
    private static final String OPEN_LIKE_MMAP_NINJA = """
            import sys, pathlib, numpy as np
            for d in sys.argv[1:]:
                for f in sorted(pathlib.Path(d).rglob('dtype.ninja')):
                    dd = f.parent
                    shape = tuple(int(x) for x in np.frombuffer((dd / 'shape.ninja').read_bytes(), '<u8'))
                    m = np.memmap(str(dd / 'data.ninja'), mode='r', dtype=(dd / 'dtype.ninja').read_text(),
                                  shape=shape, order=(dd / 'order.ninja').read_text())
                    print(dd.relative_to(d), m.shape)
            """;

    @TempDir
    Path tmp;

    @Test
    @Spec("F-6")
    void storesWithNoElementBytesKeepOneZeroByteThatNumpyCanMapReadOnly() throws IOException {
        Path dense = tmp.resolve("dense"), ragged = tmp.resolve("ragged"), strings = tmp.resolve("strings");
        NumpyMmap.create(dense, DType.INT16, new long[] {3}, WriteOptions.defaults()).close();
        RaggedMmap.fromLists(ragged, List.of(NdArray.zeros(DType.INT32, 0), NdArray.zeros(DType.INT32, 2, 0))).close();
        StringsMmap.fromStrings(strings, List.of("", "")).close();
        for (Path data : List.of(dense.resolve("data.ninja"), ragged.resolve("data.ninja"), strings.resolve("data.ninja"))) {
            assertArrayEquals(new byte[] {0}, Files.readAllBytes(data), data.toString());
        }
        try (RaggedMmap r = RaggedMmap.openWritable(ragged, WriteOptions.defaults())) { // reopening keeps the byte
            assertEquals(2, r.length());
        }
        assertArrayEquals(new byte[] {0}, Files.readAllBytes(ragged.resolve("data.ninja")));

        Python.assumeAvailable();
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", OPEN_LIKE_MMAP_NINJA, dense.toString(), ragged.toString()));
        Python.Result r = Python.exec(cmd);
        assertEquals(0, r.status(), r.toString());
        assertEquals(". (0, 3)", r.out().lines().toList().getFirst(), r.toString());
    }

    @Test
    @Spec("F-6")
    void theFirstElementsReplaceTheByte() throws IOException {
        Path ragged = tmp.resolve("r");
        try (RaggedMmap r = RaggedMmap.fromLists(ragged, List.of(NdArray.zeros(DType.INT32, 0)))) {
            r.extend(List.of(NdArray.of(new int[] {7, 8})));
        }
        assertEquals(8, Files.size(ragged.resolve("data.ninja")));
        try (RaggedMmap r = RaggedMmap.open(ragged)) {
            assertArrayEquals(new int[] {7, 8}, r.get(1).toIntArray());
        }
    }
}
