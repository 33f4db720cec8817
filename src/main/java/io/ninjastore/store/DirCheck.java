package io.ninjastore.store;

import io.ninjastore.array.DType;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the numpy-layout directories of a store for {@link StoreVerifier}: one directory (F-1..F-6), an
 * index store, a directory that follows its store's commit point (F-29), and the committed bytes of each
 * against its checksum log. What is wrong goes to the {@link Findings}; a directory that cannot be
 * used further comes back null.
 */
record DirCheck(Findings found, ChecksumCheck checksums) {
    /** Reads and checks one directory (F-1..F-6); null, with the problem recorded, when it fails. */
    CheckedDir read(Path dir, String expectedType) throws IOException {
        try {
            requireType(dir, expectedType);
            DType dtype = NinjaFiles.readDtype(dir);
            NinjaFiles.readFortran(dir);
            long[] shape = NinjaFiles.readShape(dir);
            long need = NinjaFiles.byteCount(dir, shape, dtype);
            Path data = dir.resolve(NinjaFiles.DATA);
            FileChannel ch = found.open(data);
            long len = ch.size();
            if (len < need) {
                throw new CorruptStoreException(data, "length", "file has " + len + " bytes but shape " + Arrays.toString(shape)
                        + " of " + dtype + " needs " + need);
            }
            return new CheckedDir(dir, dtype, shape, ch, len);
        } catch (CorruptStoreException e) {
            found.problem(e);
            return null;
        }
    }

    /** That {@code dir} is a directory whose {@code type.ninja} says {@code expectedType}. */
    static void requireType(Path dir, String expectedType) throws IOException {
        if (!Files.isDirectory(dir)) throw new CorruptStoreException(dir, "directory", "missing");
        String t = NinjaFiles.readType(dir);
        if (!t.equals(expectedType)) {
            throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "expected '" + expectedType + "', found '" + t + "'");
        }
    }

    /** An int64 index store of shape (n) or, for flat shapes, (n, 1), holding at least {@code n} entries. */
    CheckedDir index(Path dir, boolean column, long n, String what) throws IOException {
        CheckedDir d = read(dir, NumpyMmap.TYPE);
        if (d == null) return null;
        boolean ok = d.dtype() == DType.INT64 && (column ? d.shape().length == 2 && d.shape()[1] == 1 : d.shape().length == 1);
        if (!ok) {
            found.problem(dir.resolve(NinjaFiles.SHAPE), "shape", "an index store must be int64 of shape (n" + (column ? ", 1" : "")
                    + "), found " + d.dtype() + Arrays.toString(d.shape()));
            return null;
        }
        if (n >= 0 && d.rows() < n) {
            found.problem(dir.resolve(NinjaFiles.SHAPE), "shape[0]", d.rows() + " entries but the commit point (" + what + ") has " + n);
            return null;
        }
        return d;
    }

    /**
     * An index store that follows the commit point (spec F-29): its length is the commit point's
     * {@code n}, which its data file must hold; a {@code shape.ninja} that says less lags an in-place
     * write (C-9) and is only noted.
     */
    CheckedDir followingIndex(Path dir, boolean column, long n, String what) throws IOException {
        CheckedDir d = index(dir, column, -1, what);
        if (d == null || d.rows() >= n) return d;
        long need = n * 8;
        if (d.fileLength() < need) {
            found.problem(d.data(), "length", "file has " + d.fileLength() + " bytes but the " + n + " entries the commit point ("
                    + what + ") names need " + need);
            return null;
        }
        found.note(dir.resolve(NinjaFiles.SHAPE) + ": says " + d.rows() + " entries, fewer than the " + n + " the commit point ("
                + what + ") names, which the file holds (an in-place write not yet seen or lost at a power loss, C-9; the next open"
                + " for write rewrites it)");
        long[] shape = d.shape().clone();
        shape[0] = n;
        return new CheckedDir(d.dir(), d.dtype(), shape, d.channel(), d.fileLength());
    }

    /** The element count of a ragged store's data (F-29): at least {@code ends[n-1]} when the file holds it. */
    long followedDataLength(CheckedDir data, long need) {
        if (need <= data.rows()) return data.rows();
        long item = data.dtype().itemSize();
        if (data.fileLength() / item < need) {
            // the byte count may not fit a long (a damaged offset): say so rather than fail on the overflow
            long bytes = need > Long.MAX_VALUE / item ? -1 : need * item;
            found.problem(data.data(), "length", "file has " + data.fileLength() + " bytes but ends[n-1] = " + need + " elements need "
                    + (bytes < 0 ? "more than 2^63 bytes" : bytes + " bytes"));
            return data.rows();
        }
        found.note(data.dir().resolve(NinjaFiles.SHAPE) + ": says " + data.rows() + " elements, fewer than the " + need
                + " that ends[n-1] names, which the file holds (an in-place write not yet seen or lost at a power loss, C-9; the next"
                + " open for write rewrites it)");
        return need;
    }

    /** Notes the entries of index store {@code d} past the commit point's {@code n} (an interrupted append, F-12). */
    void entriesPast(CheckedDir d, long n) {
        if (d.rows() > n) {
            found.note(d.dir() + ": " + (d.rows() - n) + " entries past the commit point (an interrupted append: the next open for"
                    + " write cuts them)");
        }
    }

    /** Notes bytes past the committed end and checks the checksum log of {@code d}'s data up to {@code committed} bytes. */
    void committed(CheckedDir d, long committed) throws IOException {
        if (d.fileLength() > Math.max(committed, NinjaFiles.NO_DATA_LENGTH)) { // an empty store's one byte is no tail
            found.note(d.data() + ": " + (d.fileLength() - committed) + " bytes past the committed " + committed
                    + " (an interrupted append or unused space: the next open for write cuts them)");
        }
        checksums.check(d.data(), d.channel(), committed);
    }
}
