package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A dense n-dimensional array stored as mmap_ninja's "numpy" directory, growing along axis 0.
 *
 * <p>Thread-safety: reads ({@link #get}, {@link #array}, {@link #length}) are safe from any thread,
 * also while the writer appends: each read sees a committed prefix. Writes are serialized.
 * Lifetime: the caller closes the store; views it returned die with it (they then throw
 * {@link IllegalStateException}); {@link NdArray#copy()} outlives it.
 *
 * <p>Open with {@link #open} (read-only, no lock) or {@link #openWritable} (exclusive writer lock,
 * repairs a torn tail first). The factories return a writable store.
 */
public final class NumpyMmap implements Store {
    static final String TYPE = "numpy";

    final StoreHandle handle;
    private final DenseDir dense;

    private NumpyMmap(StoreHandle handle, DenseDir dense) {
        this.handle = handle;
        this.dense = dense;
    }

    // ------------------------------------------------------------------ factories

    /** Writes {@code array} as a new store at {@code dir} (in its own order, C or F) and returns it writable. */
    public static NumpyMmap fromArray(Path dir, NdArray array) throws IOException {
        return fromArray(dir, array, WriteOptions.defaults());
    }

    public static NumpyMmap fromArray(Path dir, NdArray array, WriteOptions options) throws IOException {
        Objects.requireNonNull(array, "array");
        // numpy's np.isfortran: F-contiguous and not C-contiguous; everything else is written in C order
        boolean fortran = array.ndim() > 1 && array.isFortranContiguous() && !array.isContiguous();
        if (array.ndim() == 0) {
            return Builds.generate(dir, array, java.util.Collections.emptyIterator(), 1, options,
                    (d, first, o) -> createEmpty(d, first.dtype(), null, false, o),
                    (s, batch) -> s.writeZeroD(batch.getFirst()), NumpyMmap::openWritable, "numpy");
        }
        long[] trailing = Arrays.copyOfRange(array.shape(), 1, array.ndim());
        return Builds.generate(dir, array, java.util.Collections.emptyIterator(), 1, options,
                (d, first, o) -> createEmpty(d, first.dtype(), trailing, fortran, o),
                (s, batch) -> s.writeInitial(batch.getFirst()), NumpyMmap::openWritable, "numpy");
    }

    /**
     * Builds a store from rows (each row is one sample along axis 0, all of one shape and dtype),
     * committing every {@code batchSize} rows; memory is bounded by the batch. A crash keeps every
     * committed batch.
     *
     * @throws IllegalArgumentException if the generator yields nothing (the shape would be unknown)
     */
    public static NumpyMmap fromGenerator(Path dir, Iterator<NdArray> rows, int batchSize) throws IOException {
        return fromGenerator(dir, rows, batchSize, WriteOptions.defaults());
    }

    public static NumpyMmap fromGenerator(Path dir, Iterator<NdArray> rows, int batchSize, WriteOptions options)
            throws IOException {
        if (!rows.hasNext()) {
            throw new IllegalArgumentException("the generator for " + dir + " yielded no rows: dtype and row shape are unknown");
        }
        NdArray first = rows.next();
        return Builds.generate(dir, first, rows, batchSize, options,
                (d, f, o) -> createEmpty(d, f.dtype(), f.shape(), false, o),
                NumpyMmap::appendRows, NumpyMmap::openWritable, "numpy " + dir.getFileName());
    }

    /** An empty store (shape {@code (0, rowShape...)}) to append rows to later. */
    public static NumpyMmap create(Path dir, DType dtype, long[] rowShape, WriteOptions options) throws IOException {
        long[] trailing = rowShape.clone();
        return Builds.createEmpty(dir, options, (d, o) -> createEmpty(d, dtype, trailing, false, o), NumpyMmap::openWritable);
    }

    private static NumpyMmap createEmpty(Path dir, DType dtype, long[] trailing, boolean fortran, WriteOptions o)
            throws IOException {
        return StoreHandle.create(dir, o, h -> {
            // 0-d (trailing null): shape.ninja is empty and the data is written once
            DenseDir d = h.own(DenseDir.create(dir, dtype, trailing == null ? new long[0] : trailing, trailing != null && fortran,
                    TYPE, h.arena, o));
            return new NumpyMmap(h, d);
        });
    }

    /** Opens an existing store read-only; takes no lock and never writes. */
    public static NumpyMmap open(Path dir) throws IOException {
        return StoreHandle.openReader(dir, h -> new NumpyMmap(h, h.own(DenseDir.openRead(dir, TYPE, h.arena))));
    }

    /**
     * Opens for appending: takes the writer lock and cuts any torn tail back to the committed rows.
     *
     * @throws StoreLockedException when another writer, in this JVM or another process, has it open
     */
    public static NumpyMmap openWritable(Path dir, WriteOptions options) throws IOException {
        return StoreHandle.lockAndOpen(dir, options, NumpyMmap::openWritable);
    }

    /** Opens for appending under a lock already held, which the store now owns (closes on failure too). */
    static NumpyMmap openWritable(Path dir, WriteOptions options, WriterLock lock) throws IOException {
        return StoreHandle.openWriter(dir, TYPE, options, lock,
                h -> new NumpyMmap(h, h.own(DenseDir.openWrite(dir, TYPE, h.arena, options, -1))));
    }

    /** Opening never creates: a missing path or a plain file is refused before anything else is touched. */
    static void requireDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        if (Files.exists(dir)) throw new NotDirectoryException(dir.toString());
        throw new NoSuchFileException(dir.toString(), null, "no store directory there");
    }

    // ------------------------------------------------------------------ reading

    @Override public Path path() { return handle.dir; }
    @Override public String typeName() { return TYPE; }
    @Override public boolean isWritable() { return handle.writable(); }

    /** Rows along axis 0 (1 for a 0-d array). */
    @Override
    public long length() {
        handle.checkOpen();
        return dense.rows();
    }

    /** The full shape as committed. */
    public long[] shape() {
        handle.checkOpen();
        return dense.shape();
    }

    public DType dtype() { return dense.dtype; }

    /** {@code 'C'} or {@code 'F'}. */
    public char order() { return dense.fortran ? 'F' : 'C'; }

    /** Row {@code i} along axis 0 as a zero-copy view (negative counts from the end). */
    public NdArray get(long i) {
        handle.checkOpen();
        if (dense.zeroD) throw new IllegalArgumentException(path() + " holds a 0-d array: it has no rows; use array()");
        long n = dense.rows();
        long p = i < 0 ? i + n : i;
        if (p < 0 || p >= n) throw SampleBounds.indexOutOfBounds(i, n, "row", path());
        if (!dense.fortran) {
            long rb = dense.rowBytes;
            MemorySegment seg = dense.segment(dense.committedBytes());
            if (dense.trailing.length == 1) { // rows of a 2-d array: no shape array to copy
                return NdArray.vector(seg, p * rb, dense.dtype, java.nio.ByteOrder.LITTLE_ENDIAN, dense.trailing[0]);
            }
            return NdArray.wrap(seg, p * rb, dense.dtype, java.nio.ByteOrder.LITTLE_ENDIAN, dense.trailing);
        }
        return dense.view().row(p);
    }

    /** The whole committed array as a view. */
    public NdArray array() {
        handle.checkOpen();
        return dense.view();
    }

    @Override
    public void refresh() throws IOException {
        handle.refresh(dense::refreshIfGrown); // a dense store never shrinks
    }

    // ------------------------------------------------------------------ writing

    /** Appends one row (shape = the store's row shape). */
    public void append(NdArray row) throws IOException {
        extend(row.expandDims(0));
    }

    /** Appends rows along axis 0; committed (visible to readers) when this returns. */
    public void extend(NdArray rows) throws IOException {
        appendRows(this, List.of(rows.ndim() == 0 ? rows.expandDims(0) : rows));
    }

    private static void appendRows(NumpyMmap s, List<NdArray> batch) throws IOException {
        s.handle.checkWritable();
        s.handle.writeLock.lock();
        try {
            s.handle.checkOpen();
            DenseDir d = s.dense;
            if (d.zeroD) throw new IllegalStateException(s.path() + " holds a 0-d array: it cannot grow");
            if (d.fortran) {
                throw new UnsupportedOperationException("cannot append to " + s.path() + ": it is Fortran-ordered, and rows "
                        + "appended to an F-ordered array would scramble it (mmap_ninja's flaw); rebuild it in C order");
            }
            s.handle.checkNotBroken();
            long before = d.rows(), added = 0;
            try {
                for (NdArray r : batch) {
                    NdArray rows = r.ndim() == d.trailing.length ? r.expandDims(0) : r; // single rows from a generator
                    checkRows(s, rows);
                    d.appendRows(Conversions.cast(rows, d.dtype, s.handle.options.casting(), s.path()));
                    added += rows.shape(0);
                }
                d.commit(s.handle.options.durability(), Math.addExact(before, added));
            } catch (IOException | RuntimeException e) {
                // Once shape.ninja is replaced the rows are committed and readers may see them; only
                // making them durable failed: nothing to undo (spec C-13).
                if (d.rows() != before) throw e;
                s.handle.undoOrBreak(e, d::rollback);
                throw e;
            }
        } finally {
            s.handle.writeLock.unlock();
        }
    }

    private static void checkRows(NumpyMmap s, NdArray rows) {
        long[] rs = rows.shape();
        long[] trailing = Arrays.copyOfRange(rs, 1, rs.length);
        if (!Arrays.equals(trailing, s.dense.trailing)) {
            throw new IllegalArgumentException("cannot extend " + s.path() + ": rows of shape " + Arrays.toString(trailing)
                    + " (" + rows.dtype() + ") do not match the store's rows of shape " + Arrays.toString(s.dense.trailing)
                    + " (" + s.dense.dtype + ")");
        }
    }

    private void writeInitial(NdArray array) throws IOException {
        handle.writeLock.lock();
        try {
            // Fortran-order bytes of an array are the C-order bytes of its transpose
            dense.appendRows(dense.fortran ? array.transpose() : array);
            dense.commit(handle.options.durability(), array.shape(0));
        } finally {
            handle.writeLock.unlock();
        }
    }

    /**
     * Writes a 0-d store, built aside (spec C-30): the scalar is committed as one row of a 1-d store,
     * then {@code shape.ninja} is emptied to make it 0-d. Nothing names the directory yet, and the
     * store is reopened from disk once it is published.
     */
    private void writeZeroD(NdArray scalar) throws IOException {
        handle.writeLock.lock();
        try {
            dense.appendRows(scalar.reshape(1));
            dense.commit(handle.options.durability(), 1);
            handle.options.fileIo().replaceAtomically(dense.dir.resolve(NinjaFiles.SHAPE), new byte[0], false);
        } finally {
            handle.writeLock.unlock();
        }
    }

    /**
     * Overwrites row {@code i} in place (same shape; dtype cast per the writer's casting rule).
     * Not crash-atomic: a crash during the write may leave the row partly old, partly new.
     */
    public void set(long i, NdArray row) throws IOException {
        handle.checkWritable();
        handle.writeLock.lock();
        try {
            long n = dense.rows();
            long p = i < 0 ? i + n : i;
            if (p < 0 || p >= n) throw SampleBounds.indexOutOfBounds(i, n, "row", path());
            if (!Arrays.equals(row.shape(), dense.trailing)) {
                throw new IllegalArgumentException("cannot set row " + i + " of " + path() + ": shape " + Arrays.toString(row.shape())
                        + " differs from the row shape " + Arrays.toString(dense.trailing));
            }
            if (dense.fortran) throw new UnsupportedOperationException("set on the F-ordered store " + path() + " is not supported");
            dense.overwrite(p * dense.rowBytes, Conversions.cast(row, dense.dtype, handle.options.casting(), path()));
        } finally {
            handle.writeLock.unlock();
        }
    }

    @Override
    public void close() throws IOException { handle.close(); }

    @Override
    public String toString() {
        return "NumpyMmap(" + path() + ", " + dense.dtype + Arrays.toString(dense.shape()) + ", order " + order() + ")";
    }
}
