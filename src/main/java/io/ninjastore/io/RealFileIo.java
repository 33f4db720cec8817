package io.ninjastore.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** {@link FileIo} on the real file system. */
final class RealFileIo implements FileIo {

    @Override
    public SmallFile openSmallFile(Path target) throws IOException {
        return ExchangingSmallFile.open(this, target);
    }

    @Override
    public WritableFile open(Path file, boolean create) throws IOException {
        FileChannel ch = create
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new RealFile(ch);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        // Linux allows fsync on a directory opened read-only; that is what makes a rename durable.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; there is nothing more we can do there.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) throw e;
        }
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to + " cannot rename atomically; ninjastore needs it", e);
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) throw exc;
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private record RealFile(FileChannel channel) implements WritableFile {
        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            long pos = position;
            while (src.hasRemaining()) pos += channel.write(src, pos);
        }

        @Override
        public void truncate(long size) throws IOException { channel.truncate(size); }

        @Override
        public void force() throws IOException { channel.force(false); }

        @Override
        public long size() throws IOException { return channel.size(); }

        @Override
        public void close() throws IOException { channel.close(); }
    }
}
