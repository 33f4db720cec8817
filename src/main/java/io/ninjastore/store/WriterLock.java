package io.ninjastore.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The single-writer lock (spec C-20..C-22): an exclusive OS file lock on {@code ninjastore.lock} in
 * the store directory. The OS releases it when the holder dies, so a crashed writer never blocks the
 * next one. The file records who holds it, for the error message of the refused writer.
 */
final class WriterLock implements AutoCloseable {
    static final String FILE = "ninjastore.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static WriterLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            String holder = readHolder(ch);
            ch.close();
            throw new StoreLockedException(dir, holder.isBlank() ? "a writer in this JVM" : holder + ", in this JVM");
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            String holder = readHolder(ch);
            ch.close();
            throw new StoreLockedException(dir, holder);
        }
        String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now()
                + " (" + ManagementFactory.getRuntimeMXBean().getName() + ")\n";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
        return new WriterLock(ch, l);
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
    public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
        }
    }
}
