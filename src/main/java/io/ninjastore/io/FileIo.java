package io.ninjastore.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Every file-system operation a store writer performs, in one seam. The default implementation is
 * the real file system; tests substitute a fault-injecting one that forgets every write not yet
 * synced, to simulate power loss.
 */
public interface FileIo {
    /** The real file system. */
    FileIo DEFAULT = new RealFileIo();

    /** Opens (creating if asked) a file for positional reads and writes. */
    WritableFile open(Path file, boolean create) throws IOException;

    /** Replaces {@code target} with {@code content}: a temporary file, then an atomic rename. */
    void replaceAtomically(Path target, byte[] content, boolean sync) throws IOException;

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

        /** fsync (data only: the size is made durable by the rename of the commit point). */
        void force() throws IOException;

        long size() throws IOException;

        /** The channel to map from; mapping is never a write. */
        FileChannel channel();

        @Override
        void close() throws IOException;
    }
}
