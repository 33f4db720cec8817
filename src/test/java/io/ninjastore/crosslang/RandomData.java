package io.ninjastore.crosslang;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random arrays and strings for the cross-language checks; every bit pattern is fair game. */
final class RandomData {
    private final SplittableRandom rnd;

    RandomData(long seed) { this.rnd = new SplittableRandom(seed); }

    DType dtype() { return DType.values()[rnd.nextInt(DType.values().length)]; }

    long[] shape(int minNdim, int maxNdim, int maxDim) {
        long[] s = new long[minNdim + rnd.nextInt(maxNdim - minNdim + 1)];
        for (int k = 0; k < s.length; k++) s[k] = rnd.nextInt(maxDim + 1);
        return s;
    }

    int nextInt(int bound) { return rnd.nextInt(bound); }

    /** Random elements (any bits: NaN, infinities, subnormals; bools 0/1), C order unless {@code fortran}. */
    NdArray array(DType t, long[] shape, boolean fortran) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        byte[] bytes = new byte[Math.toIntExact(n * t.itemSize())];
        rnd.nextBytes(bytes);
        if (t == DType.BOOL) for (int i = 0; i < bytes.length; i++) bytes[i] &= 1;
        MemorySegment seg = MemorySegment.ofArray(bytes);
        return fortran ? NdArray.wrapFortran(seg, t, ByteOrder.LITTLE_ENDIAN, shape) : NdArray.wrap(seg, t, ByteOrder.LITTLE_ENDIAN, shape);
    }

    /** Ragged samples of one dtype: scalars, empty and N-d samples when {@code nested}, else 0-d and 1-d only. */
    List<NdArray> samples(DType t, int count, boolean nested) {
        List<NdArray> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] shape = nested ? shape(0, 3, 3) : shape(0, 1, 5);
            // (0, k) would print as [] and come back as (0,): keep empty axes last (see CanonicalJsonProperties)
            for (int k = 0; k < shape.length - 1; k++) if (shape[k] == 0) shape[k] = 1;
            out.add(array(t, shape, false));
        }
        return out;
    }

    private static final String[] PIECES = {"a", "Z", " ", "é", "ß", "日本", "🎉", "😀", "\u0000", "\n", "\t", "\r", "\b", "\f", "\u0001",
            "\u001f", "\u007f", "\"", "\\", "/", "\u2028", "\u00a0", "\uFEFF", "ǅ", "\uD834\uDD1E"};

    String string() {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(8);
        for (int i = 0; i < n; i++) sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        return sb.toString();
    }

    List<String> strings(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(string());
        return out;
    }
}
