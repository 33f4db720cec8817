package io.ninjastore.stream;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.WriteOptions;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipOutputStream;

/**
 * Sinks for {@link Dataset#write(Sink)} (flazy's {@code Dataset.write}). File sinks write atomically:
 * into a temporary sibling renamed over the target at the end, so an exception from the dataset
 * leaves any existing file untouched; they return the path. Store sinks build a new store with the
 * stores' crash-safe batch commits and return it open for writing: the caller closes it.
 */
public final class Writers {
    private static final int BATCH = 1024;

    private Writers() {}

    /** One JSON value per line (Jackson; NdArrays as nested lists, maps as objects). */
    public static Sink<Object, Path> jsonLines(Path file) {
        Objects.requireNonNull(file, "file");
        return items -> JsonLines.write(file, items);
    }

    /** Raw records framed as TFRecords with TensorFlow's masked CRC32C; gzip when the name ends in {@code .gz}. */
    public static Sink<byte[], Path> tfRecords(Path file) { return tfRecords(file, Compression.AUTO); }

    public static Sink<byte[], Path> tfRecords(Path file, Compression compression) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(compression, "compression");
        return items -> TfRecords.write(file, compression, cast(items));
    }

    /**
     * Records as {@code tf.train.Example}s in TFRecord framing. Values: integer and bool arrays and
     * numbers become int64 lists, floating ones float lists (rounded to float32, as TensorFlow stores
     * them), Strings and byte[] (or collections of them) bytes lists.
     */
    public static Sink<Map<String, ?>, Path> tfExamples(Path file) { return tfExamples(file, Compression.AUTO); }

    public static Sink<Map<String, ?>, Path> tfExamples(Path file, Compression compression) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(compression, "compression");
        return items -> TfRecords.write(file, compression, new Iterator<>() {
            @Override public boolean hasNext() { return items.hasNext(); }
            @Override public byte[] next() { return TfExample.encode(items.next()); }
        });
    }

    /** Arrays as {@code arr_0.npy, arr_1.npy, ...} of an {@code .npz} archive (numpy's {@code savez(*arrays)}). */
    public static Sink<NdArray, Path> npz(Path file, boolean compressed) {
        Objects.requireNonNull(file, "file");
        return items -> AtomicFile.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            for (long i = 0; items.hasNext(); i++) Npz.writeMember(zip, "arr_" + i, items.next(), compressed);
            zip.finish();
        });
    }

    /** A new ragged store of the samples (dtype of the first; an empty dataset is an error), committed every 1024 samples. */
    public static Sink<NdArray, RaggedMmap> ragged(Path dir) { return ragged(dir, null, BATCH, WriteOptions.defaults()); }

    /** A new ragged store; {@code dtype} null takes the first sample's (and then an empty dataset is an error). */
    public static Sink<NdArray, RaggedMmap> ragged(Path dir, DType dtype, int batchSize, WriteOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        return items -> RaggedMmap.fromGenerator(dir, cast(items), batchSize, dtype, options);
    }

    /** A new dense store whose rows (along axis 0) are the elements, all of one shape; committed every 1024 rows. */
    public static Sink<NdArray, NumpyMmap> dense(Path dir) { return dense(dir, BATCH, WriteOptions.defaults()); }

    public static Sink<NdArray, NumpyMmap> dense(Path dir, int batchSize, WriteOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        return items -> NumpyMmap.fromGenerator(dir, cast(items), batchSize, options);
    }

    /** A new strings store; committed every 1024 strings. */
    public static Sink<String, StringsMmap> strings(Path dir) { return strings(dir, BATCH, WriteOptions.defaults()); }

    public static Sink<String, StringsMmap> strings(Path dir, int batchSize, WriteOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        return items -> StringsMmap.fromGenerator(dir, cast(items), batchSize, options);
    }

    @SuppressWarnings("unchecked")
    private static <T> Iterator<T> cast(Iterator<? extends T> it) { return (Iterator<T>) it; }
}
