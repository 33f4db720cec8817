package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Sample content that proves itself: sample {@code i} of every kind is a pure function of {@code i},
 * so a reader (in this JVM, a child JVM or Python) can check any prefix without being told what was
 * written. Used by the crash, power-loss and concurrency tests.
 *
 * <p>Ragged samples mix scalars, empty and 1-d samples; from sample {@code nestedFrom} on, every fifth
 * is 2-d, so the first such append converts {@code shapes/} to the nested layout (spec F-19, C-14).
 * Strings mix 1- to 4-byte UTF-8 characters. Dense rows are int64 triples.
 */
final class CrashSamples {
    private static final String CHARS = "aé€😀"; // 1, 2, 3 and 4 UTF-8 bytes (the last a surrogate pair)

    /** The three store kinds. */
    enum Kind { RAGGED, STRINGS, DENSE }

    private CrashSamples() {}

    static long value(long i, long k) { return i * 1000 + k; }

    /** The shape of ragged sample {@code i}: {@code []} for a scalar. */
    static long[] raggedShape(long i, long nestedFrom) {
        if (i >= nestedFrom && i % 5 == 0) return new long[] {1 + i % 3, 2};
        if (i % 7 == 3) return new long[0];
        return new long[] {i * 31 % 9};
    }

    static NdArray ragged(long i, long nestedFrom) {
        long[] shape = raggedShape(i, nestedFrom);
        long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        long[] v = LongStream.range(0, n).map(k -> value(i, k)).toArray();
        return NdArray.fromLongs(DType.INT64, v).reshape(shape);
    }

    static String string(long i) {
        StringBuilder b = new StringBuilder("s").append(i).append(':');
        int len = (int) (i * 17 % 23);
        for (int k = 0; k < len; k++) {
            int c = (int) ((i + k) % 4);
            b.append(CHARS, c == 3 ? 3 : c, c == 3 ? 5 : c + 1);
        }
        return b.toString();
    }

    static NdArray denseRow(long i) {
        return NdArray.fromLongs(DType.INT64, new long[] {value(i, 0), value(i, 1), value(i, 2)});
    }

    /** Samples {@code [from, to)} of a kind, as the store's append takes them. */
    static Iterator<NdArray> arrays(Kind kind, long from, long to, long nestedFrom) {
        return new Iterator<>() {
            long i = from;

            @Override public boolean hasNext() { return i < to; }

            @Override
            public NdArray next() {
                if (i >= to) throw new NoSuchElementException();
                long j = i++;
                return kind == Kind.DENSE ? denseRow(j) : ragged(j, nestedFrom);
            }
        };
    }

    static List<NdArray> raggedBatch(long from, long to, long nestedFrom) {
        return LongStream.range(from, to).mapToObj(i -> ragged(i, nestedFrom)).toList();
    }

    static List<String> stringBatch(long from, long to) {
        return LongStream.range(from, to).mapToObj(CrashSamples::string).toList();
    }

    /** Appends samples {@code [from, to)} as one batch (one commit). */
    static void append(Store s, long from, long to, long nestedFrom) throws IOException {
        switch (s) {
            case RaggedMmap r -> r.extend(raggedBatch(from, to, nestedFrom));
            case StringsMmap x -> x.extend(stringBatch(from, to));
            case NumpyMmap n -> {
                long[] v = new long[Math.toIntExact((to - from) * 3)];
                for (long i = from; i < to; i++) for (int k = 0; k < 3; k++) v[(int) ((i - from) * 3 + k)] = value(i, k);
                n.extend(NdArray.fromLongs(DType.INT64, v, to - from, 3));
            }
        }
    }

    /** Opens a store of a kind at {@code dir} read-only. */
    static Store openReader(Kind kind, Path dir) throws IOException {
        return switch (kind) {
            case RAGGED -> RaggedMmap.open(dir);
            case STRINGS -> StringsMmap.open(dir);
            case DENSE -> NumpyMmap.open(dir);
        };
    }

    /** Builds a store of samples {@code [0, n)} at {@code dir}, committing every {@code batch}. */
    static void build(Kind kind, Path dir, long n, long nestedFrom, int batch) throws IOException {
        Store s = switch (kind) {
            case RAGGED -> RaggedMmap.fromGenerator(dir, arrays(kind, 0, n, nestedFrom), batch, DType.INT64, WriteOptions.defaults());
            case STRINGS -> StringsMmap.fromGenerator(dir, LongStream.range(0, n).mapToObj(CrashSamples::string).iterator(), batch);
            case DENSE -> NumpyMmap.fromGenerator(dir, arrays(kind, 0, n, nestedFrom), batch);
        };
        s.close();
    }

    /** Opens a writable store of a kind at {@code dir}. */
    static Store openWritable(Kind kind, Path dir, WriteOptions o) throws IOException {
        return switch (kind) {
            case RAGGED -> RaggedMmap.openWritable(dir, o);
            case STRINGS -> StringsMmap.openWritable(dir, o);
            case DENSE -> NumpyMmap.openWritable(dir, o);
        };
    }

    /**
     * Checks that sample {@code i} of the store holds what {@link #ragged}, {@link #string} or
     * {@link #denseRow} give, reading through the public API.
     *
     * @throws AssertionError naming the sample and both values when it does not
     */
    static void check(Store s, long i, long nestedFrom) {
        switch (s) {
            case RaggedMmap r -> {
                NdArray a = r.get(i);
                long[] shape = raggedShape(i, nestedFrom);
                long[] want = LongStream.range(0, Arrays.stream(shape).reduce(1, Math::multiplyExact)).map(k -> value(i, k)).toArray();
                if (!Arrays.equals(a.shape(), shape) || !Arrays.equals(a.copy().toLongArray(), want)) {
                    throw new AssertionError(r.path() + " sample " + i + ": expected shape " + Arrays.toString(shape) + " "
                            + Arrays.toString(want) + ", found " + Arrays.toString(a.shape()) + " " + Arrays.toString(a.copy().toLongArray()));
                }
            }
            case StringsMmap x -> {
                String got = x.get(i);
                if (!got.equals(string(i))) throw new AssertionError(x.path() + " string " + i + ": expected " + string(i) + ", found " + got);
            }
            case NumpyMmap n -> {
                long[] got = n.get(i).copy().toLongArray();
                long[] want = {value(i, 0), value(i, 1), value(i, 2)};
                if (!Arrays.equals(got, want)) {
                    throw new AssertionError(n.path() + " row " + i + ": expected " + Arrays.toString(want) + ", found " + Arrays.toString(got));
                }
            }
        }
    }

    /** Checks every sample of the store. */
    static void checkAll(Store s, long nestedFrom) {
        for (long i = 0; i < s.length(); i++) check(s, i, nestedFrom);
    }

    /** Sample {@code i} as Python's reference prints it ({@code ninja_ref.to_text}: canonical JSON, spec J-1..J-6). */
    static String json(Kind kind, long i, long nestedFrom) {
        return switch (kind) {
            case STRINGS -> '"' + string(i) + '"'; // no character of CHARS needs escaping
            case DENSE -> "[" + value(i, 0) + "," + value(i, 1) + "," + value(i, 2) + "]";
            case RAGGED -> {
                long[] shape = raggedShape(i, nestedFrom);
                if (shape.length == 0) yield Long.toString(value(i, 0));
                if (shape.length == 1) yield LongStream.range(0, shape[0]).mapToObj(k -> Long.toString(value(i, k)))
                        .collect(Collectors.joining(",", "[", "]"));
                StringBuilder b = new StringBuilder("[");
                for (long r = 0; r < shape[0]; r++) {
                    if (r > 0) b.append(',');
                    long row = r;
                    b.append(LongStream.range(0, shape[1]).mapToObj(k -> Long.toString(value(i, row * shape[1] + k)))
                            .collect(Collectors.joining(",", "[", "]")));
                }
                yield b.append(']').toString();
            }
        };
    }
}
