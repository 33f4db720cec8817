package io.ninjastore.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Store;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * Datasets over files and stores (flazy's {@code Dataset.read}). Every dataset here opens its
 * source at the first {@code hasNext} of each iteration and closes it when the iteration ends or is
 * closed; building one touches nothing. Failures name the file: I/O errors as
 * {@link UncheckedIOException}, bad records as {@link CorruptRecordException}.
 */
public final class Readers {
    private Readers() {}

    /**
     * The {@code .npy} files of a directory, in file-name order, each mapped zero-copy into memory
     * the garbage collector unmaps once the array is unreachable.
     */
    public static Dataset<NdArray> npyFolder(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return Dataset.define("Readers.npyFolder(" + dir + ")", key -> new Lookahead<>() {
            private Iterator<Path> files;

            @Override
            protected NdArray compute() {
                try {
                    if (files == null) files = npyFiles(dir);
                    return files.hasNext() ? Npy.map(files.next(), Arena.ofAuto()) : end();
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            }
        });
    }

    /** The {@code .npy} files of {@code dir} in name order; the JDK's errors for a missing or non-directory {@code dir} say only its path. */
    private static Iterator<Path> npyFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".npy") && Files.isRegularFile(p)).sorted().toList().iterator();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dir.toString(), null, "the folder of .npy files does not exist");
        } catch (NotDirectoryException e) {
            throw new FileSystemException(dir.toString(), null, "not a directory (a folder of .npy files was expected)");
        }
    }

    /** The arrays of an {@code .npz} archive (stored or deflated), in archive order; see {@link Npz#read} for names. */
    public static Dataset<NdArray> npz(Path file) {
        Objects.requireNonNull(file, "file");
        return Dataset.define("Readers.npz(" + file + ")", key -> Npz.iterate(file));
    }

    /** JSON lines as Jackson trees. */
    public static Dataset<JsonNode> jsonLines(Path file) { return jsonLines(file, JsonNode.class); }

    /**
     * JSON lines bound to {@code type} by Jackson ({@code Map.class} for records, a record or bean
     * class, {@code NdArray.class} for nested lists of numbers).
     */
    public static <T> Dataset<T> jsonLines(Path file, Class<T> type) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        var javaType = Json.MAPPER.constructType(type);
        return Dataset.define("Readers.jsonLines(" + file + ")", key -> JsonLines.read(file, javaType));
    }

    /** The raw records of a TFRecord file, compression detected, both checksums verified. */
    public static Dataset<byte[]> tfRecords(Path file) { return tfRecords(file, Compression.AUTO); }

    /** The raw records of a TFRecord file, both checksums verified. */
    public static Dataset<byte[]> tfRecords(Path file, Compression compression) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(compression, "compression");
        return Dataset.define("Readers.tfRecords(" + file + ")", key -> new TfRecordReader(file, compression, true));
    }

    /**
     * The {@code tf.train.Example}s of a TFRecord file, each as an unmodifiable map from feature name
     * (in record order) to value: int64 lists as 1-d int64 NdArrays, float lists as 1-d float32
     * NdArrays, bytes lists as a String when they hold one value, else a List of Strings (strict
     * UTF-8). Only {@code keys} are decoded (none given: all); a key a record lacks is absent from
     * its map.
     */
    public static Dataset<java.util.Map<String, Object>> tfExamples(Path file, String... keys) {
        return tfExamples(file, Compression.AUTO, false, keys.length == 0 ? null : Set.of(keys));
    }

    /**
     * {@link #tfExamples(Path, String...)} with the compression given and, with {@code rawBytes},
     * bytes features as {@code byte[]} (one value) or a List of {@code byte[]}; {@code keys} null
     * selects every feature.
     */
    public static Dataset<java.util.Map<String, Object>> tfExamples(Path file, Compression compression, boolean rawBytes,
                                                                    Set<String> keys) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(compression, "compression");
        Set<String> selected = keys == null ? null : Set.copyOf(keys);
        return Dataset.define("Readers.tfExamples(" + file + ")", key -> new Lookahead<>() {
            private final TfRecordReader records = new TfRecordReader(file, compression, true);
            private long index;

            @Override
            protected java.util.Map<String, Object> compute() {
                if (!records.hasNext()) return end();
                byte[] r = records.next();
                long i = index++;
                try {
                    return TfExample.decode(r, selected, rawBytes);
                } catch (TfExample.BadExample e) {
                    throw new CorruptRecordException(file, records.lastOffset(), "record " + i + ": " + e.getMessage(), e);
                }
            }

            @Override
            protected void release() { records.close(); }
        });
    }

    /**
     * The samples (ragged) or rows (dense) of the store at {@code dir}, opened read-only for each
     * iteration and closed when it ends. Elements are copies, since the store closes with the
     * iteration; for zero-copy views open the store yourself and use {@link Dataset#from(RaggedMmap)}.
     *
     * @throws IllegalArgumentException at iteration, if the store holds strings
     */
    public static Dataset<NdArray> arrays(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return Dataset.define("Readers.arrays(" + dir + ")", key -> storeIterator(dir, store -> switch (store) {
            case RaggedMmap r -> i -> r.get(i).copy();
            case NumpyMmap d -> i -> d.get(i).copy();
            case StringsMmap s -> throw new IllegalArgumentException(dir + " is a strings store: read it with Readers.strings");
        }));
    }

    /** The strings of the strings store at {@code dir}, opened for each iteration. */
    public static Dataset<String> strings(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return Dataset.define("Readers.strings(" + dir + ")", key -> storeIterator(dir, store -> switch (store) {
            case StringsMmap s -> s::get;
            default -> throw new IllegalArgumentException(dir + " is a " + store.typeName() + " store, not a strings store: read it with Readers.arrays");
        }));
    }

    /** Any store kind: arrays for dense and ragged stores, strings for a strings store (copies, as above). */
    public static Dataset<Object> store(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return Dataset.define("Readers.store(" + dir + ")", key -> storeIterator(dir, store -> switch (store) {
            case RaggedMmap r -> i -> r.get(i).copy();
            case NumpyMmap d -> i -> d.get(i).copy();
            case StringsMmap s -> s::get;
        }));
    }

    private static <T> CloseableIterator<T> storeIterator(Path dir, java.util.function.Function<Store, LongFunction<T>> getter) {
        return new Lookahead<>() {
            private Store store;
            private LongFunction<T> get;
            private long i;

            @Override
            protected T compute() {
                if (store == null) {
                    try {
                        store = Stores.open(dir);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                    get = getter.apply(store);
                }
                return i < store.length() ? get.apply(i++) : end();
            }

            @Override
            protected void release() { Closing.closeResource(store == null ? null : store::close, dir); }
        };
    }
}
