package io.ninjastore.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A small file replaced by exchanging it with a prepared {@code NAME.xchg} (spec C-3): the new content
 * is written into the temporary file, then {@code renameat2(RENAME_EXCHANGE)} swaps the two names
 * atomically, so a reader sees the old or the new content, never a mix. The two inodes are kept and
 * take turns: no file is created or freed per replacement. That matters on ext4, where a rename over
 * an existing file forces the new file's blocks out to disk and frees the old file's: about 200 µs a
 * time, against about 10 µs here.
 *
 * <p>A reader that opened the old inode just before an exchange may read the content of the next
 * replacement from it: a newer committed value, which the commit order (C-4, C-5) makes safe.
 * Not thread-safe: the store's writer lock serializes use.
 */
public final class ExchangingSmallFile implements FileIo.SmallFile {
    /**
     * The spare's name suffix: {@code shape.ninja.xchg}. Distinct from the {@code .tmp} of a plain
     * replacement because its content means more: a value written into it is a prepared commit that a
     * reader may already have read, which the next writer rolls forward (spec C-16).
     */
    public static final String SPARE_SUFFIX = ".xchg";
    private final FileIo io;
    private final Path target;
    private final Path tmp;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment tmpName;
    private final MemorySegment targetName;
    /** errno of the last exchange; allocated once: replacements are serialized by the writer lock. */
    private final MemorySegment errnoState;
    /** The inode currently named {@code NAME.xchg}: where the next content goes. */
    private FileChannel spare;
    /** The inode currently named {@code NAME}. */
    private FileChannel current;
    /** Sizes of the two inodes, tracked to spare an fstat per replacement. */
    private long spareSize;
    private long currentSize;
    /** The identity (device, inode) of the spare, so that close deletes only our own temporary. */
    private Object spareKey;
    private Object currentKey;
    /** Set once the file system refused an exchange: plain renames from then on. */
    private boolean renaming;

    private ExchangingSmallFile(FileIo io, Path target) {
        this.io = io;
        this.target = target;
        this.tmp = target.resolveSibling(target.getFileName() + SPARE_SUFFIX);
        this.tmpName = arena.allocateFrom(tmp.toAbsolutePath().toString());
        this.targetName = arena.allocateFrom(target.toAbsolutePath().toString());
        this.errnoState = arena.allocate(RenameExchange.CAPTURE);
    }

    /** An exchanging small file, or the plain renaming one where exchange is not available. */
    static FileIo.SmallFile open(FileIo io, Path target) throws IOException {
        if (!RenameExchange.available() || !Files.exists(target)) {
            return new RenamingSmallFile(io, target);
        }
        return new ExchangingSmallFile(io, target);
    }

    @Override
    public void replace(byte[] content, boolean sync) throws IOException {
        if (renaming) {
            io.replaceAtomically(target, content, sync);
            return;
        }
        if (spare == null) {
            // Both names stay ours while the writer holds the store's lock: no one else renames them.
            current = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE);
            spare = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            currentSize = current.size();
            spareSize = spare.size();
            currentKey = fileKey(target);
            spareKey = fileKey(tmp);
        }
        if (spareSize > content.length) spare.truncate(content.length);
        spareSize = content.length;
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) spare.write(b, b.position());
        if (sync) spare.force(false);
        boolean exchanged;
        try {
            exchanged = RenameExchange.exchange(tmpName, targetName, errnoState, target.toString());
        } catch (IOException e) {
            // The new content is prepared in NAME.xchg and a reader may already have seen it there: complete
            // this replacement by a plain rename rather than abandon it (spec C-16), and rename from now on.
            renaming = true;
            closeChannels();
            Files.deleteIfExists(tmp);
            io.replaceAtomically(target, content, sync);
            return;
        }
        if (!exchanged) { // this file system cannot exchange: the new content goes in by a plain rename
            renaming = true;
            closeChannels();
            Files.deleteIfExists(tmp);
            io.replaceAtomically(target, content, sync);
            return;
        }
        FileChannel filled = spare; // now named NAME; the old target's inode is now NAME.xchg
        spare = current;
        current = filled;
        long filledSize = spareSize;
        spareSize = currentSize;
        currentSize = filledSize;
        Object filledKey = spareKey;
        spareKey = currentKey;
        currentKey = filledKey;
        if (sync) io.syncDirectory(target.toAbsolutePath().getParent());
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static Object fileKeyOrNull(Path p) {
        try {
            return fileKey(p);
        } catch (IOException e) {
            return null;
        }
    }

    private void closeChannels() throws IOException {
        try {
            if (spare != null) spare.close();
        } finally {
            spare = null;
            if (current != null) current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            boolean used = spare != null;
            closeChannels();
            // It holds an old version, never needed again; but if the directory was renamed meanwhile,
            // the name may now belong to another store's file: delete only our own inode.
            if (used && spareKey != null && spareKey.equals(fileKeyOrNull(tmp))) Files.deleteIfExists(tmp);
        } finally {
            arena.close();
        }
    }
}
