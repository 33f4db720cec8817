package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.io.ExchangingSmallFile;
import io.ninjastore.io.FileIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Completes a commit that a writer prepared but did not swap in (spec C-16). A store's commit point
 * ({@code shape.ninja} of a dense store, {@code starts/shape.ninja} otherwise) is replaced by writing
 * the new value into {@code shape.ninja.xchg} and then swapping the names (C-3). The new value is
 * written only once every file it names is complete, and a reader may read it from the temporary
 * inode a moment before the swap (see {@code ExchangingSmallFile}): so a prepared value the writer
 * could not swap in (it was killed, or the exchange failed) is rolled forward when the store is next
 * opened for write, never cut back, as long as every file is indeed consistent with it.
 */
final class PreparedCommit {
    private PreparedCommit() {}

    /** Called under the writer lock, before anything else touches the store. */
    static void rollForward(Path dir, String type, FileIo io) throws IOException {
        Path point = type.equals(NumpyMmap.TYPE) ? dir : dir.resolve(RaggedMmap.STARTS);
        Path tmp = point.resolve(NinjaFiles.SHAPE + ExchangingSmallFile.SPARE_SUFFIX);
        if (!Files.isRegularFile(tmp)) return;
        long[] current, prepared;
        try {
            current = NinjaFiles.readShape(point);
            prepared = shapeOf(tmp);
        } catch (IOException | RuntimeException e) {
            return; // not a prepared commit; the open that follows judges the store
        }
        if (prepared == null || prepared.length != current.length || prepared.length == 0 || prepared[0] <= current[0]
                || !Arrays.equals(Arrays.copyOfRange(prepared, 1, prepared.length), Arrays.copyOfRange(current, 1, current.length))) {
            return;
        }
        long n = prepared[0];
        boolean consistent;
        try {
            consistent = switch (type) {
                case NumpyMmap.TYPE -> denseHolds(dir, prepared);
                case RaggedMmap.TYPE -> raggedHolds(dir, n);
                case StringsMmap.TYPE -> stringsHolds(dir, n);
                default -> false;
            };
        } catch (IOException | RuntimeException e) {
            consistent = false;
        }
        if (consistent) io.replaceAtomically(point.resolve(NinjaFiles.SHAPE), NinjaFiles.shapeBytes(prepared), true);
        io.deleteRecursively(tmp); // used or not, it has served: the writer about to open makes a new one
    }

    private static long[] shapeOf(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length % 8 != 0 || b.length > 8 * NdArray.MAX_NDIM) return null;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long[] s = new long[b.length / 8];
        for (int i = 0; i < s.length; i++) {
            s[i] = bb.getLong();
            if (s[i] < 0) return null;
        }
        return s;
    }

    private static long length(Path file) throws IOException { return Files.size(file); }

    private static boolean denseHolds(Path dir, long[] shape) throws IOException {
        DType t = NinjaFiles.readDtype(dir);
        return length(dir.resolve(NinjaFiles.DATA)) >= NinjaFiles.byteCount(dir, shape, t);
    }

    /**
     * An int64 index store whose file holds {@code n} entries. Its {@code shape.ninja} is not asked: it
     * follows the commit point and may lag it (spec C-9, F-29); the repair that follows rewrites it.
     */
    private static boolean indexHolds(Path dir, long n) throws IOException {
        return length(dir.resolve(NinjaFiles.DATA)) >= Math.multiplyExact(n, 8);
    }

    private static long lastEnd(Path ends, long n) throws IOException {
        try (FileChannel ch = FileChannel.open(ends.resolve(NinjaFiles.DATA), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, (n - 1) * 8 + b.position()) > 0) { /* fill */ }
            return b.getLong(0);
        }
    }

    private static boolean raggedHolds(Path dir, long n) throws IOException {
        if (length(dir.resolve(RaggedMmap.STARTS).resolve(NinjaFiles.DATA)) < Math.multiplyExact(n, 8)) return false;
        Path ends = dir.resolve(RaggedMmap.ENDS);
        if (!indexHolds(ends, n) || !indexHolds(dir.resolve(RaggedMmap.FLAT), n)) return false;
        Path shapes = dir.resolve(RaggedMmap.SHAPES);
        boolean shapesHold = NinjaFiles.readType(shapes).equals(RaggedMmap.TYPE)
                ? NinjaFiles.readShape(shapes.resolve(RaggedMmap.STARTS))[0] >= n // the nested store committed first
                : indexHolds(shapes, n);
        if (!shapesHold) return false;
        long total = lastEnd(ends, n);
        DType t = NinjaFiles.readDtype(dir);
        return total >= 0 && length(dir.resolve(NinjaFiles.DATA)) >= Math.multiplyExact(total, t.itemSize());
    }

    private static boolean stringsHolds(Path dir, long n) throws IOException {
        if (length(dir.resolve(RaggedMmap.STARTS).resolve(NinjaFiles.DATA)) < Math.multiplyExact(n, 8)) return false;
        Path ends = dir.resolve(RaggedMmap.ENDS);
        if (!indexHolds(ends, n)) return false;
        long total = lastEnd(ends, n);
        return total >= 0 && length(dir.resolve(NinjaFiles.DATA)) >= total;
    }
}
