package io.ninjastore.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every open store owns: the shared arena its mappings live in, the writer lock (writers only),
 * the files to close, and the closed and broken flags. Exactly one owner closes it; views die with the
 * arena. Made only by the opens below ({@link #openReader}, {@link #openWriter}, {@link #create}), which
 * close it again when the open fails.
 */
final class StoreHandle implements AutoCloseable {
    final Path dir;
    final Arena arena = Arena.ofShared();
    final WriteOptions options; // null for readers
    /** Serializes writes within the writing JVM; readers never take it. */
    final ReentrantLock writeLock = new ReentrantLock();
    private WriterLock fileLock;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private volatile boolean closed;
    /**
     * Set when a failed write could not be rolled back: further writes are refused; reopening repairs.
     * A ragged store and its nested {@code shapes/} store share the handle, and so the flag.
     */
    private volatile boolean broken;

    private StoreHandle(Path dir, WriteOptions options, WriterLock fileLock) {
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

    /** Refuses a write after one that failed and could not be undone ({@link #undoOrBreak}). */
    void checkNotBroken() {
        if (broken) throw new IllegalStateException(dir + ": an earlier write failed and could not be undone; reopen the store to repair it");
    }

    /** Whether a failed write could not be undone: the files are left for the next open for write to repair. */
    boolean isBroken() { return broken; }

    /** A step on the store's files, which may fail with an IOException. */
    interface Step {
        void run() throws IOException;
    }

    /**
     * Undoes a failed write ({@code cause}, spec C-13). When the undo fails too, the store is marked
     * broken (further writes are refused; reopening repairs it) and the undo's failure is added to
     * {@code cause}, which the caller rethrows.
     */
    void undoOrBreak(Exception cause, Step undo) {
        try {
            undo.run();
        } catch (IOException | RuntimeException e) {
            markBroken(cause, e);
        }
    }

    /** Marks the store broken after {@code undoFailure}, the failure to undo the failed write {@code cause}. */
    void markBroken(Exception cause, Exception undoFailure) {
        broken = true;
        cause.addSuppressed(undoFailure);
    }

    /**
     * A reader's {@link Store#refresh}: {@code follow} runs under the write lock, which serializes
     * refreshes (two must not set the length back) and blocks no read. A writer sees its own appends at
     * once: it has nothing to follow.
     */
    void refresh(Step follow) throws IOException {
        checkOpen();
        if (writable()) return;
        writeLock.lock();
        try {
            checkOpen();
            follow.run();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Hands the writer lock to the caller, who must close it: {@link #close()} then leaves it held.
     * A build uses it to keep the store locked while it renames the store into place and reopens it.
     */
    WriterLock detachLock() {
        writeLock.lock();
        try {
            WriterLock l = fileLock;
            fileLock = null;
            return l;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
            Throwable first = null;
            try {
                // Unmap first: a thread reading meanwhile then fails on the dead arena, which every
                // access translates to "already closed" (spec C-42), not on a closed channel.
                arena.close();
            } catch (RuntimeException e) {
                first = e;
            }
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    if (first == null) first = e;
                    else first.addSuppressed(e);
                }
            }
            try {
                if (fileLock != null) fileLock.close();
            } catch (IOException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
            if (first instanceof IOException io) throw io;
            if (first instanceof RuntimeException re) throw re;
            if (first != null) throw new IOException("closing " + dir, first);
        } finally {
            writeLock.unlock();
        }
    }

    /** An open (or a creation) of a store that owns the handle it is given (see {@link #openOrClose}). */
    interface Opening<S> {
        S open(StoreHandle h) throws IOException;
    }

    /** A reader's open: the directory is checked first (opening never creates); no lock, no writes. */
    static <S> S openReader(Path dir, Opening<S> body) throws IOException {
        NumpyMmap.requireDirectory(dir);
        return new StoreHandle(dir, null, null).openOrClose(body);
    }

    /**
     * A writer's open of the store at {@code dir}: the directory is checked first (opening never creates),
     * then its writer lock is taken and handed to {@code opener}, which owns it from then on.
     */
    static <S> S lockAndOpen(Path dir, WriteOptions options, Builds.Opener<S> opener) throws IOException {
        NumpyMmap.requireDirectory(dir);
        return opener.open(dir, options, WriterLock.acquire(dir));
    }

    /**
     * A writer's open under {@code lock}, which the handle now owns (closed on failure too). A commit a
     * crash left prepared is rolled forward first (spec C-16).
     */
    static <S> S openWriter(Path dir, String type, WriteOptions options, WriterLock lock, Opening<S> body) throws IOException {
        return new StoreHandle(dir, options, lock).openOrClose(h -> {
            PreparedCommit.rollForward(dir, type, options.fileIo()); // C-16, before anything reads the commit point
            return body.open(h);
        });
    }

    /** A new store's files written into {@code dir}, created if missing, under its writer lock. */
    static <S> S create(Path dir, WriteOptions options, Opening<S> body) throws IOException {
        options.fileIo().createDirectories(dir);
        return new StoreHandle(dir, options, WriterLock.acquire(dir)).openOrClose(body);
    }

    /**
     * Runs an open that owns this handle: if it fails in any way the handle (lock, mappings, files) is
     * closed and the failure rethrown, so a failed open leaves nothing held.
     */
    private <S> S openOrClose(Opening<S> body) throws IOException {
        try {
            return body.open(this);
        } catch (Throwable e) {
            closeQuietly(e);
            throw e;
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
