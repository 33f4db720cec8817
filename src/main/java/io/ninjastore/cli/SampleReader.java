package io.ninjastore.cli;

import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the {@link Input}s of {@code import}/{@code append} as the samples of one store kind, checking
 * each against the {@link Expectation}, and hands them to a {@link Sink}:
 * <ul>
 *   <li>numpy: a JSON line is one row; a {@code .npy} file gives its rows, in blocks of up to
 *       {@code batchSize} rows (a 0-d file gives itself, for a 0-d store);</li>
 *   <li>ragged: a JSON line (a bare value is a scalar sample) or a {@code .npy} file is one sample;</li>
 *   <li>strings: a JSON line is a JSON string; a {@code .txt} line is a string.</li>
 * </ul>
 * Blank JSON lines are skipped. Not thread-safe; reading the same inputs twice gives the same samples.
 */
final class SampleReader {
    private final StoreKind kind;
    private final InputStream stdin;
    private final int batchSize;

    SampleReader(StoreKind kind, InputStream stdin, int batchSize) {
        this.kind = kind;
        this.stdin = stdin;
        this.batchSize = batchSize;
    }

    /** numpy or ragged: arrays (dense: blocks of rows with a leading axis; ragged: samples). */
    void readArrays(List<Input> inputs, Expectation expect, Sink<NdArray> sink) throws IOException {
        if (kind == StoreKind.STRINGS) throw new IllegalStateException("strings are read with readStrings");
        for (Input in : inputs) {
            if (in.format() == Input.Format.NPY) {
                if (kind == StoreKind.NUMPY) denseNpy(in, expect, sink);
                else raggedNpy(in, expect, sink);
            } else {
                json(in, expect, sink);
            }
        }
    }

    void readStrings(List<Input> inputs, Sink<String> sink) throws IOException {
        for (Input in : inputs) {
            boolean txt = in.format() == Input.Format.TXT;
            in.forEachLine(stdin, (line, n) -> {
                String where = in.label() + ": line " + n;
                if (txt) {
                    JsonSampleDecoder.requireEncodable(line, where);
                    put(sink, line);
                } else if (!line.isBlank()) {
                    put(sink, JsonSampleDecoder.decodeString(line, where));
                }
            });
        }
    }

    private void json(Input in, Expectation expect, Sink<NdArray> sink) throws IOException {
        JsonSampleDecoder decoder = new JsonSampleDecoder(expect.dtypeForText(in.label()));
        in.forEachLine(stdin, (line, n) -> {
            if (line.isBlank()) return;
            String where = in.label() + ": line " + n;
            NdArray a = decoder.decode(line, where);
            if (kind == StoreKind.NUMPY) {
                expect.checkRowShape(a.shape(), where);
                a = a.expandDims(0);
            }
            put(sink, a);
        });
    }

    private void denseNpy(Input in, Expectation expect, Sink<NdArray> sink) throws IOException {
        String where = in.label();
        try (Arena arena = Arena.ofConfined()) {
            NdArray a = Npy.map(in.path(), arena);
            if (a.ndim() == 0) {
                expect.checkZeroD(where);
                sink.accept(expect.conform(a, where));
                return;
            }
            expect.checkRowShape(Arrays.copyOfRange(a.shape(), 1, a.ndim()), where);
            long n = a.shape(0);
            if (n == 0) { // no rows, but the dtype still has to fit, and the row shape still makes the store's
                sink.accept(expect.conform(a, where));
                return;
            }
            for (long from = 0; from < n; from += batchSize) {
                long to = Math.min(n, from + batchSize);
                sink.accept(expect.conform(a.rows(from, to), where + " rows " + from + ".." + (to - 1)));
            }
        }
    }

    private void raggedNpy(Input in, Expectation expect, Sink<NdArray> sink) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            sink.accept(expect.conform(Npy.map(in.path(), arena), in.label()));
        }
    }

    /** Lets an IOException out of a line handler. */
    private static <T> void put(Sink<T> sink, T item) {
        try {
            sink.accept(item);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
