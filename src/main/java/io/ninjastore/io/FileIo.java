package io.ninjastore.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Every file-system operation a store writer performs, in one seam. The default implementation is
 * the real file system; tests substitute a fault-injecting one that forgets every write not yet
 * synced, to simulate power loss, or that stops dead at a chosen operation, to simulate a crash.
 *
 * <p>Reads never go through this seam (readers map files directly); only what changes the disk does.
 * Implementations must be safe for use by several stores at once; a {@link WritableFile} is used by
 * one writer at a time.
 */
public interface FileIo {
    /** The real file system. */
    FileIo DEFAULT = new RealFileIo();

    /** Opens (creating if asked) a file for positional reads and writes. */
    WritableFile open(Path file, boolean create) throws IOException;

    /**
     * Replaces {@code target} with {@code content} so that a reader (or a crash) sees the old or the
     * new content, never a mix (spec C-3): {@code NAME.tmp} is written, then renamed over
     * {@code NAME}. With {@code sync}, the temporary file is fsynced before the rename and the
     * directory after it (spec C-7), so the new content is durable when this returns.
     *
     * <p>A default method built from the primitives below, so that every implementation, the
     * fault-injecting one of the tests included, follows exactly the same sequence.
     */
    default void replaceAtomically(Path target, byte[] content, boolean sync) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (WritableFile f = open(tmp, true)) {
            f.truncate(0); // a crash may have left a longer NAME.tmp
            f.write(ByteBuffer.wrap(content), 0);
            if (sync) f.force();
        }
        rename(tmp, target);
        if (sync) syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * A small file that this writer will replace many times (a store's {@code shape.ninja}), each
     * replacement as atomic as {@link #replaceAtomically}. The default does exactly that on every call;
     * the real file system may keep resources between calls to make replacements cheap.
     */
    default SmallFile openSmallFile(Path target) throws IOException {
        return new RenamingSmallFile(this, target);
    }

    /**
     * A small file that this writer will overwrite in place many times, each time with content of its
     * current length (the {@code shape.ninja} of a directory that is not the store's commit point,
     * spec C-9): one positional write, and with {@code sync} an fdatasync; no temporary file, no
     * rename. Not atomic for a concurrent reader, and after a power loss an unsynced overwrite may be
     * lost while later renames survive: only callers whose readers tolerate a lagging value use it.
     */
    default SmallFile openInPlaceSmallFile(Path target) throws IOException {
        return new InPlaceSmallFile(this, target);
    }

    /**
     * Opens an existing file for the in-place overwrites of {@link #openInPlaceSmallFile}; the same as
     * {@code open(file, false)}, distinct so that a test layer can model what a power loss does to
     * unsynced overwrites.
     */
    default WritableFile openInPlace(Path file) throws IOException {
        return open(file, false);
    }

    /** See {@link #openSmallFile}. Not thread-safe: a store's writer lock serializes use. */
    interface SmallFile extends AutoCloseable {
        /** Replaces the file's content atomically (spec C-3); with {@code sync}, durably (C-7). */
        void replace(byte[] content, boolean sync) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Makes renames and creations in {@code dir} durable. */
    void syncDirectory(Path dir) throws IOException;

    /** Atomically renames {@code from} to {@code to} (replacing it). */
    void rename(Path from, Path to) throws IOException;

    /** Creates the directory (and parents) if absent. */
    void createDirectories(Path dir) throws IOException;

    /** Deletes a file or a directory tree if present. */
    void deleteRecursively(Path path) throws IOException;

    /** A file open for positional writes. Not thread-safe: a store's writer lock serializes use. */
    interface WritableFile extends AutoCloseable {
        /** Writes all of {@code src} at {@code position}. */
        void write(ByteBuffer src, long position) throws IOException;

        void truncate(long size) throws IOException;

        /** fdatasync: the content and the length become durable (not the timestamps). */
        void force() throws IOException;

        long size() throws IOException;

        /** The channel to map from; mapping is never a write. */
        FileChannel channel();

        @Override
        void close() throws IOException;
    }
}
