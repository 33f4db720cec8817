package io.ninjastore.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-writer lock (spec C-20..C-22): an exclusive OS file lock on {@code ninjastore.lock} in
 * the store directory. The OS releases it when the holder dies, so a crashed writer never blocks the
 * next one. The file records who holds it, for the error message of the refused writer.
 *
 * <p>Why a JVM-wide table besides the OS lock: on Linux the lock is a POSIX record lock, which
 * belongs to the process, and closing <em>any</em> descriptor of the file releases it. A second
 * writer in this JVM that merely opened the file to try the lock would, on closing it, silently
 * hand the store to the next process. So a lock file this JVM holds is never opened again: the
 * table, keyed by the file's identity (which survives the rename of a build into place), refuses
 * the second writer first.
 *
 * <p>Thread-safety: {@link #acquire} may be called from any thread. Lifetime: the owner closes it.
 */
final class WriterLock implements AutoCloseable {
    static final String FILE = "ninjastore.lock";

    /** Lock files this JVM holds, by file key, with who holds each. */
    private static final Map<Object, String> HELD = new ConcurrentHashMap<>();

    private final Object key;
    private final String holder;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private WriterLock(Object key, String holder, FileChannel channel, FileLock lock) {
        this.key = key;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the store in {@code dir}.
     *
     * @throws StoreLockedException when another writer, in this JVM or another process, holds it
     */
    static WriterLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            Files.createFile(file); // when it exists this opens no descriptor (EEXIST)
        } catch (FileAlreadyExistsException e) {
            // the usual case
        }
        Object key = keyOf(file);
        String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now()
                + " (" + ManagementFactory.getRuntimeMXBean().getName() + ", thread '" + Thread.currentThread().getName() + "')";
        String holder = HELD.putIfAbsent(key, who);
        if (holder != null) throw new StoreLockedException(dir, holder + ", in this JVM");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                // Unreachable while the table is right; say so rather than report a foreign holder.
                throw new StoreLockedException(dir, "a writer in this JVM");
            }
            if (l == null) throw new StoreLockedException(dir, readHolder(ch));
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new WriterLock(key, who, ch, l);
        } catch (IOException | RuntimeException | Error e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            HELD.remove(key, who);
            throw e;
        }
    }

    /** The file's identity (device and inode on Unix), or its real path where the platform has none. */
    private static Object keyOf(Path file) throws IOException {
        Object k = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return k != null ? k : file.toRealPath();
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(512);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (lock.isValid()) lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key, holder); // only after the descriptor is gone, and only our own entry
            }
        }
    }
}
