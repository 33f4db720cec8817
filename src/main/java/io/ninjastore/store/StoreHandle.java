package io.ninjastore.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every open store owns: the shared arena its mappings live in, the writer lock (writers only),
 * the files to close, and the closed flag. Exactly one owner closes it; views die with the arena.
 */
final class StoreHandle implements AutoCloseable {
    final Path dir;
    final Arena arena = Arena.ofShared();
    final WriteOptions options; // null for readers
    /** Serializes writes within the writing JVM; readers never take it. */
    final ReentrantLock writeLock = new ReentrantLock();
    private final WriterLock fileLock;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile boolean closed;

    StoreHandle(Path dir, WriteOptions options, WriterLock fileLock) {
        this.dir = dir;
        this.options = options;
        this.fileLock = fileLock;
    }

    boolean writable() { return options != null; }

    <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    void checkOpen() {
        if (closed) throw new IllegalStateException("store " + dir + " is already closed");
    }

    void checkWritable() {
        checkOpen();
        if (options == null) throw new IllegalStateException("store " + dir + " is open read-only; open it with openWritable to append");
    }

    boolean isClosed() { return closed; }

    @Override
    public void close() throws IOException {
        if (closed) return;
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
            IOException first = null;
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    if (first == null) first = e instanceof IOException io ? io : new IOException(e);
                }
            }
            arena.close();
            if (fileLock != null) fileLock.close();
            if (first != null) throw first;
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes after a failed open, keeping the original exception. */
    void closeQuietly(Throwable cause) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
