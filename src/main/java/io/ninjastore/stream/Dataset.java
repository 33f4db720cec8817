package io.ninjastore.stream;

import io.ninjastore.array.Batching;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy, re-iterable sequence of elements (flazy's {@code Dataset}): a recipe, not a buffer.
 * Building a dataset reads nothing; each iteration starts over from the source (files are re-opened,
 * stores re-read) and applies the operators on the way.
 *
 * <p><b>Iterating.</b> {@link #iterator()} returns a {@link CloseableIterator}: close it (try with
 * resources) when stopping early, which stops background threads ({@link #prefetch},
 * {@link #mapParallel}) and closes files at once. The terminal operations ({@link #list()},
 * {@link #first()}, {@link #forEach}, {@link #count()}, {@link #write}) close for you; a
 * {@link #stream()} closes on {@link Stream#close()}. An iterator that reaches its end, or throws,
 * has released everything already.
 *
 * <p><b>Randomness.</b> Every random operator takes an explicit seed; an iteration started with
 * {@link #open(long) open(key)} derives its random numbers from the seeds and the key (see
 * {@link Streamer}), so re-iterating gives the same elements in the same order, and
 * {@code shuffle(n, seed).repeat()} shuffles each repetition differently but reproducibly.
 *
 * <p><b>Exceptions.</b> An exception thrown by a user function on the consumer's thread
 * ({@link #map}, {@link #filter}, ...) propagates unchanged; one thrown on a background thread
 * arrives as a {@link StreamException} whose cause is the original. Either way the iterator is
 * closed. I/O failures of readers arrive as {@link java.io.UncheckedIOException} or
 * {@link CorruptRecordException}, naming the file.
 *
 * <p><b>Thread-safety.</b> A dataset is immutable and may be iterated by several threads at once,
 * each with its own iterator (given thread-safe user functions and sources); an iterator is
 * single-threaded. Datasets over stores hand out the stores' zero-copy views, valid while the
 * store is open: the caller owns the store.
 */
public abstract class Dataset<T> implements Streamer<T>, Iterable<T> {
    private final String description;

    Dataset(String description) {
        this.description = description;
    }

    /** Defines a dataset by how it opens an iteration. */
    static <T> Dataset<T> define(String description, Streamer<T> opener) {
        return new Dataset<>(description) {
            @Override
            public CloseableIterator<T> open(long key) { return opener.open(key); }
        };
    }

    final String description() { return description; }

    // ------------------------------------------------------------------ sources

    /**
     * The elements of {@code items}; each iteration calls {@code items.iterator()} anew, at its first
     * {@code hasNext}. A generator is passed the same way, as a lambda {@code () -> iterator} (an
     * {@link Iterable}); a {@code Supplier<Iterator<T>> s} as {@code of(s::get)}. An
     * {@link AutoCloseable} iterator is closed when the iteration ends.
     */
    public static <T> Dataset<T> of(Iterable<? extends T> items) {
        Objects.requireNonNull(items, "items");
        String what = items instanceof java.util.Collection<?> c ? c.size() + " items" : "iterable";
        return define("of(" + what + ")", key -> Sources.deferred(items::iterator));
    }

    /** The given elements. */
    @SafeVarargs
    public static <T> Dataset<T> of(T... items) {
        List<T> copy = List.copyOf(Arrays.asList(items));
        return define("of(" + copy.size() + " items)", key -> Sources.deferred(copy::iterator));
    }

    /** A streamer (a mux, a sampler, your own) as a dataset; a dataset is returned as it is. */
    public static <T> Dataset<T> from(Streamer<T> streamer) {
        Objects.requireNonNull(streamer, "streamer");
        if (streamer instanceof Dataset<T> d) return d;
        return define("from(streamer)", streamer);
    }

    /** {@code 0, 1, ..., end - 1}. */
    public static Dataset<Long> range(long end) { return range(0, end); }

    /** {@code start, ..., end - 1}; {@code range(0, Long.MAX_VALUE)} is as good as endless. */
    public static Dataset<Long> range(long start, long end) {
        return define("range(" + start + ", " + end + ")", key -> Sources.range(start, end));
    }

    /** The samples of a ragged store, as zero-copy views (valid while the store is open); the length is read per iteration. */
    public static Dataset<NdArray> from(RaggedMmap store) {
        Objects.requireNonNull(store, "store");
        return define("from(" + store.path() + ")", key -> Sources.indexed(store::length, store::get));
    }

    /** The rows (along axis 0) of a dense store, as zero-copy views (valid while the store is open). */
    public static Dataset<NdArray> from(NumpyMmap store) {
        Objects.requireNonNull(store, "store");
        return define("from(" + store.path() + ")", key -> Sources.indexed(store::length, store::get));
    }

    /** The strings of a strings store. */
    public static Dataset<String> from(StringsMmap store) {
        Objects.requireNonNull(store, "store");
        return define("from(" + store.path() + ")", key -> Sources.indexed(store::length, store::get));
    }

    /** The elements of each dataset in turn. */
    public static <T> Dataset<T> concat(List<? extends Streamer<? extends T>> parts) {
        List<? extends Streamer<? extends T>> ps = List.copyOf(parts);
        return define("concat(" + ps.size() + ")", key -> Combining.concat(ps, key));
    }

    /** One element from each dataset in turn, skipping those that ended, until all have ended. */
    public static <T> Dataset<T> roundRobin(List<? extends Streamer<? extends T>> parts) {
        List<? extends Streamer<? extends T>> ps = List.copyOf(parts);
        return define("roundRobin(" + ps.size() + ")", key -> Combining.roundRobin(ps, key));
    }

    /** Pairs combined by {@code fn}, ending with the shorter dataset. */
    public static <A, B, R> Dataset<R> zip(Streamer<A> a, Streamer<B> b, BiFunction<? super A, ? super B, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        @SuppressWarnings("unchecked")
        Dataset<R> d = zip(List.of(a, b)).map(row -> fn.apply((A) row.get(0), (B) row.get(1)));
        return d;
    }

    /** Lists holding one element of each dataset, ending with the shortest. */
    public static Dataset<List<Object>> zip(List<? extends Streamer<?>> parts) {
        List<? extends Streamer<?>> ps = List.copyOf(parts);
        return define("zip(" + ps.size() + ")", key -> Combining.zip(ps, key));
    }

    // ------------------------------------------------------------------ operators

    public <R> Dataset<R> map(Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        return define(description + ".map()", key -> Transforms.map(open(key), fn));
    }

    /** Each element's iterable, flattened (an {@link AutoCloseable} iterator is closed after use). */
    public <R> Dataset<R> flatMap(Function<? super T, ? extends Iterable<? extends R>> fn) {
        Objects.requireNonNull(fn, "fn");
        return define(description + ".flatMap()", key -> Transforms.flatMap(open(key), fn));
    }

    public Dataset<T> filter(Predicate<? super T> keep) {
        Objects.requireNonNull(keep, "keep");
        return define(description + ".filter()", key -> Transforms.filter(open(key), keep));
    }

    /**
     * Batches of {@code size}, collated by {@code collate} (see {@link Collate}); a final short
     * batch is kept or dropped as {@code remainder} says.
     */
    public <B> Dataset<B> batch(int size, Remainder remainder, Collate<? super T, ? extends B> collate) {
        requirePositive(size, "batch size");
        Objects.requireNonNull(remainder, "remainder");
        Objects.requireNonNull(collate, "collate");
        return define(description + ".batch(" + size + ")", key -> new Grouped<>(open(key), size, remainder, collate));
    }

    /**
     * Batches of {@code size} NdArrays stacked into one NdArray with a leading batch axis (all of
     * one shape; dtypes promoted), or of records ({@code Map<String, ?>}) turned into one record of
     * columns as {@link Collate#columns()} does. A final short batch is kept. Elements of another
     * type are an error at iteration, naming the type: use
     * {@link #batch(int, Remainder, Collate)} for them. Record datasets are best typed
     * {@code Dataset<Map<String, Object>>}, since columns hold arrays or lists.
     */
    public Dataset<T> batch(int size) { return batch(size, Remainder.KEEP); }

    /** {@link #batch(int)} with the final short batch kept or dropped. */
    public Dataset<T> batch(int size, Remainder remainder) {
        return sameTypeBatch(size, remainder, Collate.stack(), "batch(" + size + ")");
    }

    /**
     * Like {@link #batch(int)} for ragged samples: every array (or record column of arrays) is padded
     * to the batch's largest extent on each axis, with {@code value} or the edge values.
     */
    public Dataset<T> padBatch(int size, Batching.PadMode mode, double value) {
        return padBatch(size, mode, value, Remainder.KEEP);
    }

    public Dataset<T> padBatch(int size, Batching.PadMode mode, double value, Remainder remainder) {
        return sameTypeBatch(size, remainder, Collate.pad(mode, value), "padBatch(" + size + ")");
    }

    /** Like {@link #batch(int)} for ragged samples: every array is cropped to the batch's smallest extent on each axis. */
    public Dataset<T> cropBatch(int size) { return cropBatch(size, Remainder.KEEP); }

    public Dataset<T> cropBatch(int size, Remainder remainder) {
        return sameTypeBatch(size, remainder, Collate.crop(), "cropBatch(" + size + ")");
    }

    @SuppressWarnings("unchecked")
    private Dataset<T> sameTypeBatch(int size, Remainder remainder, Collate<NdArray, NdArray> arrays, String op) {
        // A batch of arrays is an array and a batch of records a record: T is kept, checked per element.
        return (Dataset<T>) batch(size, remainder, (Collate<Object, Object>) Collators.arraysOrRecords(arrays, op));
    }

    /**
     * Shuffles through a buffer of {@code bufferSize} elements (a uniform permutation when the buffer
     * holds the whole dataset). Generator: {@code L64X128MixRandom} seeded from {@code seed} and the
     * iteration's key.
     */
    public Dataset<T> shuffle(int bufferSize, long seed) {
        requirePositive(bufferSize, "shuffle buffer size");
        return define(description + ".shuffle(" + bufferSize + ", " + seed + ")",
                key -> new Shuffled<>(open(key), bufferSize, Rng.create(Rng.mix(seed, key))));
    }

    /** Repeats forever (each repetition re-opens the source with its own key); ends if a repetition yields nothing. */
    public Dataset<T> repeat() {
        return define(description + ".repeat()", key -> new Repeated<>(this, key, -1));
    }

    /** Repeats {@code times} times. */
    public Dataset<T> repeat(long times) {
        if (times < 0) throw new IllegalArgumentException("repeat count must be >= 0, got " + times);
        return define(description + ".repeat(" + times + ")", key -> new Repeated<>(this, key, times));
    }

    /** The first {@code n} elements; the upstream is closed as soon as the n-th is read. */
    public Dataset<T> take(long n) {
        if (n < 0) throw new IllegalArgumentException("take count must be >= 0, got " + n);
        return define(description + ".take(" + n + ")", key -> Slicing.take(open(key), n));
    }

    /** All but the first {@code n} elements. */
    public Dataset<T> skip(long n) {
        if (n < 0) throw new IllegalArgumentException("skip count must be >= 0, got " + n);
        return define(description + ".skip(" + n + ")", key -> Slicing.skip(open(key), n));
    }

    /** This dataset's elements, then {@code other}'s. */
    public Dataset<T> concat(Streamer<? extends T> other) {
        return concat(List.of(this, other));
    }

    /**
     * Remembers the first complete iteration in memory and replays it (an iteration stopped early
     * remembers nothing). Later iterations repeat the first one's order, whatever their key.
     */
    public Dataset<T> cache() { return new Cached<>(this); }

    /** {@link #mapParallel(int, int, Function)} with at most {@code 2 * threads} elements in flight. */
    public <R> Dataset<R> mapParallel(int threads, Function<? super T, ? extends R> fn) {
        return mapParallel(threads, Math.multiplyExact(2, threads), fn);
    }

    /**
     * {@code fn} applied on {@code threads} worker threads (a pool per iteration), results in input
     * order, with at most {@code maxInFlight} elements read ahead. Closing the iterator cancels the
     * work in flight and ends the workers.
     */
    public <R> Dataset<R> mapParallel(int threads, int maxInFlight, Function<? super T, ? extends R> fn) {
        requirePositive(threads, "threads");
        requirePositive(maxInFlight, "maxInFlight");
        Objects.requireNonNull(fn, "fn");
        return define(description + ".mapParallel(" + threads + ")",
                key -> new ParallelMapped<>(open(key), threads, maxInFlight, fn));
    }

    /**
     * Produces up to {@code n} elements ahead on a background thread, which runs everything
     * upstream. Closing the iterator stops the thread and closes the upstream on it.
     */
    public Dataset<T> prefetch(int n) {
        requirePositive(n, "prefetch size");
        return define(description + ".prefetch(" + n + ")", key -> new Prefetched<>(this, key, n));
    }

    // ------------------------------------------------------------------ iterating

    /** {@code open(0)}. */
    @Override
    public final CloseableIterator<T> iterator() { return open(0); }

    /** The first element. @throws NoSuchElementException if there is none */
    public T first() {
        try (CloseableIterator<T> it = iterator()) {
            if (!it.hasNext()) throw new NoSuchElementException("the dataset " + description + " is empty");
            return it.next();
        }
    }

    /** Every element, in a new list. Never call it on an endless dataset. */
    public List<T> list() {
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = iterator()) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }

    /** The number of elements (iterates once). */
    public long count() {
        long n = 0;
        try (CloseableIterator<T> it = iterator()) {
            for (; it.hasNext(); it.next()) n++;
        }
        return n;
    }

    /** Runs {@code action} on each element; the iterator is closed even if {@code action} throws. */
    @Override
    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        try (CloseableIterator<T> it = iterator()) {
            while (it.hasNext()) action.accept(it.next());
        }
    }

    /** A sequential stream over one iteration; close the stream (try-with-resources) to close the iteration. */
    public Stream<T> stream() {
        CloseableIterator<T> it = iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false).onClose(it::close);
    }

    /** Writes one iteration to {@code sink} (see {@link Writers}) and returns what the sink made. */
    public <R> R write(Sink<? super T, ? extends R> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        try (CloseableIterator<T> it = iterator()) {
            return sink.write(it);
        }
    }

    /** The chain of operators, e.g. {@code range(0, 10).map().shuffle(16, 7)}. */
    @Override
    public String toString() { return description; }

    private static void requirePositive(long v, String what) {
        if (v <= 0) throw new IllegalArgumentException(what + " must be positive, got " + v);
    }

    /** A dataset of {@code f(0)}, ..., {@code f(n - 1)}, {@code n} read at each iteration's start. */
    static <T> Dataset<T> indexed(String description, java.util.function.LongSupplier n, LongFunction<T> f) {
        return define(description, key -> Sources.indexed(n, f));
    }
}
