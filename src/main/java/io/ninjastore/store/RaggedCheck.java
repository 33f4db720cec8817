package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Shapes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A ragged store's check for {@link StoreVerifier} (F-10..F-19, F-25..F-27): its index stores and data,
 * its {@code shapes/} directory, then every committed sample against them. The nested {@code shapes/}
 * store of one is checked by the same steps, one level down.
 */
record RaggedCheck(Findings found, DirCheck dirs) {
    /** The nested shapes store's index and data: sample {@code i}'s shape is {@code data[starts[i], ends[i])}. */
    private record Nested(Longs starts, Longs ends, Longs data) {}

    /** What {@code shapes/} holds: flat shapes or a nested shapes store; neither when it is broken (recorded). */
    private record ShapesDir(Path dir, CheckedDir flat, Nested nested) {
        boolean usable() { return flat != null || nested != null; }
    }

    /**
     * A ragged store (F-10..F-19); with {@code sameNdim}, all its samples must have the same number of
     * axes (an offline data set's data, F-42). Returns the sample count, -1 when the structure is broken.
     */
    long check(Path dir, boolean sameNdim) throws IOException { return check(dir, -1, 0, sameNdim); }

    /**
     * A ragged store (F-10..F-19), or the nested {@code shapes/} of one ({@code keep} = its owner's
     * sample count, {@code depth} 1). Returns the sample count, -1 when the structure is broken.
     */
    private long check(Path dir, long keep, int depth, boolean sameNdim) throws IOException {
        CheckedDir starts = dirs.index(dir.resolve(RaggedMmap.STARTS), false, keep, "the enclosing store's starts");
        if (starts == null) return -1;
        long n = keep >= 0 ? keep : starts.rows();
        String commit = depth == 0 ? "starts" : "the enclosing store's starts";
        CheckedDir ends = dirs.followingIndex(dir.resolve(RaggedMmap.ENDS), false, n, commit);
        CheckedDir flat = dirs.followingIndex(dir.resolve(RaggedMmap.FLAT), false, n, commit);
        CheckedDir data = data(dir);
        ShapesDir shapes = shapes(dir, n, depth, commit);
        if (ends == null || flat == null || data == null) return -1;

        // Tails past the commit point belong to an interrupted append (F-12)
        if (depth == 0) {
            for (CheckedDir d : new CheckedDir[] {ends, flat, shapes.flat()}) {
                if (d != null) dirs.entriesPast(d, n);
            }
        }
        dirs.committed(starts, n * 8);
        dirs.committed(ends, n * 8);
        dirs.committed(flat, n * 8);
        if (shapes.flat() != null) dirs.committed(shapes.flat(), n * 8);
        return samples(n, starts, ends, flat, data, shapes, sameNdim);
    }

    /** The store's flat data (F-10): 1-d; null, with the problem recorded, when it is not. */
    private CheckedDir data(Path dir) throws IOException {
        CheckedDir data = dirs.read(dir, RaggedMmap.TYPE);
        if (data != null && data.shape().length != 1) {
            found.problem(dir.resolve(NinjaFiles.SHAPE), "shape", "the data of a ragged store is 1-d, found "
                    + Arrays.toString(data.shape()));
            return null;
        }
        return data;
    }

    /** {@code shapes/} of the store at {@code dir}, with {@code shapes_are_flat.ninja} checked against it (C-14). */
    private ShapesDir shapes(Path dir, long n, int depth, String commit) throws IOException {
        Path flag = dir.resolve(NinjaFiles.SHAPES_ARE_FLAT);
        Integer flagValue = flag(flag);
        Path sd = shapesDir(dir);
        String kind = null;
        try {
            if (!Files.isDirectory(sd)) throw new CorruptStoreException(sd, "directory", "missing");
            kind = NinjaFiles.readType(sd);
        } catch (CorruptStoreException e) {
            found.problem(e);
        }
        if (RaggedMmap.TYPE.equals(kind)) {
            Nested nested = nested(sd, n, depth);
            if (flagValue != null && flagValue != 0) {
                found.note(flag + ": says flat but shapes/ is nested (the flag lags an interrupted conversion, C-14)");
            }
            return new ShapesDir(sd, null, nested);
        }
        if (NumpyMmap.TYPE.equals(kind)) {
            CheckedDir flatShapes = dirs.followingIndex(sd, true, n, commit);
            if (flagValue != null && flagValue != 1) {
                found.note(flag + ": says nested but shapes/ is flat (the flag lags an interrupted conversion, C-14)");
            }
            return new ShapesDir(sd, flatShapes, null);
        }
        if (kind != null) found.problem(sd.resolve(NinjaFiles.TYPE), "type", "expected numpy or ragged, found '" + kind + "'");
        return new ShapesDir(sd, null, null);
    }

    /** {@code shapes_are_flat.ninja} (F-5): 0 or 1; null, with the problem recorded, when it is unreadable or another value. */
    private Integer flag(Path flag) throws IOException {
        try {
            int value = NinjaFiles.readInt32(flag);
            if (value != 0 && value != 1) {
                found.problem(flag, "value", "expected 0 or 1, found " + value);
                return null;
            }
            return value;
        } catch (CorruptStoreException e) {
            found.problem(e);
            return null;
        }
    }

    /**
     * The shapes directory to check: {@code shapes/}, whose kind its own type decides (F-15); after a crash
     * mid-conversion a reader uses the old flat one (C-14).
     */
    private Path shapesDir(Path dir) {
        Path sd = dir.resolve(RaggedMmap.SHAPES);
        if (!Files.isDirectory(sd) && Files.isDirectory(dir.resolve(RaggedMmap.SHAPES_FLAT_OLD))) {
            found.note(dir + ": shapes/ is missing and shapes.tmp-flat/ holds the shapes: a conversion was interrupted (C-14); readers"
                    + " use it and the next open for write restores it");
            return dir.resolve(RaggedMmap.SHAPES_FLAT_OLD);
        }
        return sd;
    }

    /**
     * The nested shapes store {@code sd} of a store with {@code n} samples, checked one level down (F-15,
     * F-26); null, with the problems recorded, when it cannot be used to read the shapes.
     */
    private Nested nested(Path sd, long n, int depth) throws IOException {
        if (depth >= 1) {
            found.problem(sd.resolve(NinjaFiles.TYPE), "type", "a nested shapes store holds 1-d shapes, so its own shapes/ is flat;"
                    + " found another ragged level");
            return null;
        }
        long before = found.found();
        long m = check(sd, n, depth + 1, false);
        CheckedDir inner = m < 0 ? null : dirs.read(sd, RaggedMmap.TYPE);
        if (m < 0 || inner == null || found.found() != before) return null;
        if (inner.dtype() != DType.INT64) {
            found.problem(sd.resolve(NinjaFiles.DTYPE), "dtype", "a shapes store holds int64, found " + inner.dtype());
            return null;
        }
        Path starts = sd.resolve(RaggedMmap.STARTS).resolve(NinjaFiles.DATA), ends = sd.resolve(RaggedMmap.ENDS).resolve(NinjaFiles.DATA);
        return new Nested(new Longs(starts, found.open(starts)), new Longs(ends, found.open(ends)), inner.longs());
    }

    /**
     * Every committed sample: its offsets (F-16) within the data's length (F-29), the element count
     * {@code flattened_shapes} records, and the shape {@code shapes/} records (F-13, F-27; with
     * {@code sameNdim}, F-42); then the data's committed bytes. Returns {@code n}, -1 when an index file
     * shrank while it was read.
     */
    private long samples(long n, CheckedDir starts, CheckedDir ends, CheckedDir flat, CheckedDir data, ShapesDir shapes,
                         boolean sameNdim) throws IOException {
        Longs s = starts.longs(), e = ends.longs(), f = flat.longs();
        Longs fs = shapes.flat() == null ? null : shapes.flat().longs();
        long dataLen = data.rows();
        long lastEnd = 0;
        int ndim = -1;
        long ndimFrom = -1; // the sample that set ndim: the first whose shape could be read
        try {
            long end = n == 0 ? 0 : Math.max(0, e.get(n - 1));
            long held = data.fileLength() / data.dtype().itemSize();
            CorruptStoreException pastTheData = n == 0 ? null
                    : LastEnd.pastTheData(ends.data(), n, end, s.get(n - 1), f.get(n - 1), held, data.data(), "elements");
            if (pastTheData != null) found.problem(pastTheData); // the samples before it are still checked against the file
            dataLen = pastTheData != null ? held : dirs.followedDataLength(data, end);
            OffsetsCheck offsets = new OffsetsCheck(found, starts.data(), dataLen, "elements of " + data.data());
            for (long i = 0; i < n; i++) { // on past the cap: the omitted problems are counted
                long si = s.get(i), ei = e.get(i);
                if (!offsets.check(i, si, ei)) continue;
                long fi = f.get(i);
                if (fi != ei - si) {
                    found.problem(VerifyReport.Kind.STRUCTURE, flat.data(), "flattened_shapes[" + i + "]", i * 8, i * 8 + 8, fi
                            + " but ends - starts = " + (ei - si));
                }
                if (!shapes.usable()) continue;
                long[] shape = shape(shapes, fs, i);
                if (shape == null) continue;
                int nd = axes(shapes.dir(), i, shape, ei - si);
                if (nd < 0) continue;
                if (sameNdim && ndim >= 0 && nd != ndim) {
                    found.problem(shapes.dir(), "shapes[" + i + "]", axisCount(nd) + ", but entry " + ndimFrom + " has " + axisCount(ndim)
                            + " (all entries of an offline data set have the same number of axes, F-42)");
                }
                if (ndim < 0) {
                    ndim = nd;
                    ndimFrom = i;
                }
            }
            if (n > 0) lastEnd = e.get(n - 1);
        } catch (CorruptStoreException x) {
            found.problem(x); // an index file shrank while it was read
            return -1;
        }
        // The data past ends[n-1] belongs to an interrupted append (checked against dataLen above).
        dirs.committed(data, Math.max(0, Math.min(lastEnd, dataLen)) * data.dtype().itemSize());
        return n;
    }

    /** "1 axis", "3 axes". */
    private static String axisCount(int n) { return n + (n == 1 ? " axis" : " axes"); }

    /**
     * Sample {@code i}'s shape as {@code shapes} records it ({@code flat}: its flat shapes' entries); null,
     * with the problem recorded, when it has more axes than a shape may (F-27).
     */
    private long[] shape(ShapesDir shapes, Longs flat, long i) throws IOException {
        if (flat != null) return new long[] {flat.get(i)};
        Nested nested = shapes.nested();
        long is = nested.starts().get(i), ie = nested.ends().get(i);
        if (ie - is > NdArray.MAX_NDIM) {
            found.problem(shapes.dir().resolve(NinjaFiles.DATA), "sample " + i, (ie - is) + " axes; a shape has at most "
                    + NdArray.MAX_NDIM);
            return null;
        }
        long[] shape = new long[(int) (ie - is)];
        for (int k = 0; k < shape.length; k++) shape[k] = nested.data().get(is + k);
        return shape;
    }

    /**
     * The number of axes of sample {@code i}, whose shape is {@code shape} and whose offsets hold
     * {@code count} elements (F-16; a scalar records (0,) and holds one, F-13); -1, with the problem
     * recorded, when {@code shape} is not a valid shape. A size that disagrees is recorded too.
     */
    private int axes(Path sd, long i, long[] shape, long count) {
        boolean scalar = shape.length == 1 && shape[0] == 0 && count == 1;
        long size;
        try {
            for (long d : shape) if (d < 0) throw new ArithmeticException();
            size = Shapes.size(shape);
        } catch (ArithmeticException x) {
            found.problem(sd, "shapes[" + i + "]", Arrays.toString(shape) + " is not a valid shape");
            return -1;
        }
        if (!scalar && size != count) {
            found.problem(sd, "shapes[" + i + "]", Arrays.toString(shape) + " holds " + size + " elements but starts/ends give " + count);
        }
        return scalar ? 0 : shape.length;
    }
}
