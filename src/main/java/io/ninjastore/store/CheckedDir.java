package io.ninjastore.store;

import io.ninjastore.array.DType;
import io.ninjastore.array.Shapes;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A numpy-layout directory whose small files are valid and whose data file holds its shape, as
 * {@link DirCheck} read it for {@link StoreVerifier}: its data file is open for positional reads only.
 */
record CheckedDir(Path dir, DType dtype, long[] shape, FileChannel channel, long fileLength) {
    Path data() { return dir.resolve(NinjaFiles.DATA); }

    long rows() { return shape.length == 0 ? 1 : shape[0]; }

    long bytes() { return Shapes.size(shape) * dtype.itemSize(); }

    /** Its data file's int64 entries (an index store's). */
    Longs longs() { return new Longs(data(), channel); }
}
