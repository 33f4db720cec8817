package io.ninjastore.scale;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * Run in a child JVM with a small heap by {@link SmallHeapTest}: {@code read DIR COUNT} reads random
 * rows of a dense store; {@code build DIR SAMPLES} builds a ragged store from a generator. Prints
 * {@code OK <checksum>} when it finishes.
 */
public final class SmallHeapChild {
    private SmallHeapChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        long count = Long.parseLong(args[2]);
        long sum = 0;
        switch (args[0]) {
            case "read" -> {
                try (NumpyMmap s = NumpyMmap.open(dir)) {
                    SplittableRandom r = new SplittableRandom(1);
                    float[] row = new float[Math.toIntExact(s.shape()[1])];
                    for (long k = 0; k < count; k++) {
                        long i = r.nextLong(s.length());
                        s.get(i).copyTo(row, 0);
                        sum += Float.floatToRawIntBits(row[row.length - 1]) + i;
                    }
                }
            }
            case "build" -> {
                Iterator<NdArray> gen = new Iterator<>() {
                    long i;
                    @Override public boolean hasNext() { return i < count; }
                    @Override public NdArray next() {
                        float[] v = new float[4096]; // 16 KiB per sample: the store is far larger than the heap
                        Arrays.fill(v, i++);
                        return NdArray.of(v);
                    }
                };
                try (RaggedMmap s = RaggedMmap.fromGenerator(dir, gen, 256)) {
                    sum = s.length() + (long) s.get(s.length() - 1).doubleAt(0);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("OK " + sum);
    }
}
