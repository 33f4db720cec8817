package io.ninjastore.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Random access to the int64 entries of a file through a window of positional reads (never a mapping),
 * for {@link StoreVerifier}: a file another program truncates meanwhile is a {@link CorruptStoreException},
 * not a crash. Not thread-safe.
 */
final class Longs {
    private static final int WINDOW = 8192;
    private final Path file;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(WINDOW * 8).order(ByteOrder.LITTLE_ENDIAN);
    private long first = -1;
    private int count;

    Longs(Path file, FileChannel ch) {
        this.file = file;
        this.ch = ch;
    }

    long get(long i) throws IOException {
        if (i < first || i >= first + count) fill(i);
        return buf.getLong((int) ((i - first) * 8));
    }

    private void fill(long i) throws IOException {
        buf.clear();
        long pos = i * 8;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) break;
        }
        first = i;
        count = buf.position() / 8;
        if (count == 0) throw new CorruptStoreException(file, "length", "ends before entry " + i + " (the file shrank while it was read)");
    }
}
