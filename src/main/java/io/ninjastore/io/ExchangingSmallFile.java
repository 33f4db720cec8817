package io.ninjastore.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * A small file replaced by exchanging it with a prepared {@code NAME.xchg} (spec C-3): the new content
 * is written into the temporary file, then {@code renameat2(RENAME_EXCHANGE)} swaps the two names
 * atomically. The two inodes take turns, so no file is created or freed per replacement. That matters
 * on ext4, where a rename over an existing file forces the new file's blocks out to disk: about 200 µs
 * a time, against about 10 µs here; a fresh inode per replacement (create, later unlink) costs 40 µs.
 *
 * <p>Taking turns means the writer rewrites the inode it swapped out one replacement ago, and a reader
 * may still hold that inode: it opened the name just before the exchange. Linux reads are not atomic
 * against a concurrent write, so the two sides shake hands (C-63). The reader, {@link #read}, holds a
 * shared open-file-description lock while it reads; the writer writes into its spare only under the
 * exclusive lock, which it takes without waiting. If a reader holds the spare, the writer leaves that
 * inode to it and writes into a new one instead. A reader that locks the spare after the writer has
 * written it reads the whole next value a moment before it is swapped in: a value written only once
 * every file it names is complete (C-4), which C-16 never takes back.
 *
 * <p>Not thread-safe: the store's writer lock serializes use.
 */
public final class ExchangingSmallFile implements FileIo.SmallFile {
    /**
     * The spare's name suffix: {@code shape.ninja.xchg}. Distinct from the {@code .tmp} of a plain
     * replacement because its content means more: a value written into it is a prepared commit that a
     * reader may already have read, which the next writer rolls forward (spec C-16).
     */
    public static final String SPARE_SUFFIX = ".xchg";
    /** How long a reader waits for a writer's lock before it falls back to reading until two reads agree. */
    static final long MAX_READER_WAIT_NANOS = 1_000_000_000L;
    /** How often a reader without the lock reads a file until two reads in a row agree. */
    private static final int PLAIN_READ_ATTEMPTS = 100;
    private final FileIo io;
    private final Path target;
    private final Path tmp;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment tmpName;
    private final MemorySegment targetName;
    /** errno of the last exchange; allocated once: replacements are serialized by the writer lock. */
    private final MemorySegment errnoState;
    /** The inode currently named {@code NAME.xchg}: where the next content goes. */
    private NativeFile spare;
    /** The inode currently named {@code NAME}. */
    private NativeFile current;
    /** Sizes of the two inodes, tracked to spare an fstat per replacement. */
    private long spareSize;
    private long currentSize;
    /** The identity (device, inode) of the spare, so that close deletes only our own temporary. */
    private Object spareKey;
    private Object currentKey;
    /** Set once the file system refused an exchange: plain renames from then on. */
    private boolean renaming;
    /** How many times a reader held the spare and a new inode took its place; for tests. */
    private int sparesLeftToReaders;

    private ExchangingSmallFile(FileIo io, Path target) {
        this.io = io;
        this.target = target;
        this.tmp = target.resolveSibling(target.getFileName() + SPARE_SUFFIX);
        this.tmpName = arena.allocateFrom(tmp.toAbsolutePath().toString());
        this.targetName = arena.allocateFrom(target.toAbsolutePath().toString());
        this.errnoState = arena.allocate(NativeCalls.CAPTURE);
    }

    /** An exchanging small file, or the plain renaming one where exchange or the handshake is not available. */
    static FileIo.SmallFile open(FileIo io, Path target) throws IOException {
        if (!RenameExchange.available() || !NativeFile.available() || !Files.exists(target)) {
            return new RenamingSmallFile(io, target);
        }
        return new ExchangingSmallFile(io, target);
    }

    /**
     * Reads a small file that a writer in any thread or process may be replacing, the reader's half of
     * the handshake (C-63): the old or the new content, never a mix. Returns at most {@code limit}
     * bytes (a caller that passes one more than it accepts can tell a file that is too large). Without
     * native calls or locks, or when a writer has held its lock for over a second (it was stopped, say),
     * reads until two reads in a row agree: that guards against a torn read in practice, not in every
     * interleaving. Safe from any thread; holds nothing open when it returns.
     */
    public static byte[] read(Path file, int limit) throws IOException {
        if (NativeFile.available()) {
            try (NativeFile f = NativeFile.openForReading(file)) {
                if (f.lockShared(MAX_READER_WAIT_NANOS) == NativeFile.Lock.TAKEN) return f.readUpTo(limit);
                // No locks on this file system (no writer exchanges here then), or a writer stopped holding its lock.
                return untilTwoReadsAgree(file, () -> f.readUpTo(limit));
            }
        }
        return untilTwoReadsAgree(file, () -> plainRead(file, limit));
    }

    /** A source of one read of a file's content. */
    @FunctionalInterface
    interface Read {
        byte[] content() throws IOException;
    }

    static byte[] untilTwoReadsAgree(Path file, Read read) throws IOException {
        byte[] last = read.content();
        for (int i = 1; i < PLAIN_READ_ATTEMPTS; i++) {
            byte[] again = read.content();
            if (Arrays.equals(last, again)) return again;
            last = again;
        }
        throw new IOException(file + " changed on each of " + PLAIN_READ_ATTEMPTS + " reads in a row");
    }

    private static byte[] plainRead(Path file, int limit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(limit);
            while (b.hasRemaining() && ch.read(b) >= 0) { /* read fully */ }
            return Arrays.copyOf(b.array(), b.position());
        }
    }

    @Override
    public void replace(byte[] content, boolean sync) throws IOException {
        if (renaming) {
            io.replaceAtomically(target, content, sync);
            return;
        }
        // Both names stay ours while the writer holds the store's lock: no one else renames them.
        if (current == null) {
            current = NativeFile.openForWriting(target);
            currentSize = Files.size(target);
            currentKey = fileKey(target);
        }
        if (spare == null) { // the first replacement, or a failed one left none
            spare = NativeFile.create(tmp, false);
            spareSize = Files.size(tmp);
            spareKey = fileKey(tmp);
        }
        NativeFile.Lock lock = spare.tryLockExclusive();
        if (lock == NativeFile.Lock.HELD) lock = leaveSpareToReader();
        if (lock != NativeFile.Lock.TAKEN) { // this file system has no such locks: plain renames need none
            fallBackToRenames(content, sync);
            return;
        }
        try {
            spare.writeAtStart(content);
            if (spareSize > content.length) spare.truncate(content.length);
            spareSize = content.length;
            if (sync) spare.sync();
        } finally {
            spare.unlock();
        }
        boolean exchanged;
        try {
            exchanged = RenameExchange.exchange(tmpName, targetName, errnoState, target.toString());
        } catch (IOException e) {
            exchanged = false;
        }
        if (!exchanged) {
            // The file system cannot exchange (or refused this once). The new content is prepared in NAME.xchg
            // and a reader may already have seen it there: complete this replacement by a plain rename rather
            // than abandon it (spec C-16), and rename from now on.
            fallBackToRenames(content, sync);
            return;
        }
        NativeFile filled = spare; // now named NAME; the old target's inode is now NAME.xchg
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

    private void fallBackToRenames(byte[] content, boolean sync) throws IOException {
        renaming = true;
        closeFiles();
        Files.deleteIfExists(tmp);
        io.replaceAtomically(target, content, sync);
    }

    /**
     * A reader is reading the spare (it opened the name before the last exchange): unlink that inode,
     * which the reader keeps until it closes it, and continue with a new one no reader can have opened.
     */
    private NativeFile.Lock leaveSpareToReader() throws IOException {
        NativeFile held = spare;
        spare = null;
        held.close();
        Files.delete(tmp);
        spare = NativeFile.create(tmp, true);
        spareSize = 0;
        spareKey = fileKey(tmp);
        sparesLeftToReaders++;
        NativeFile.Lock lock = spare.tryLockExclusive();
        if (lock == NativeFile.Lock.HELD) throw new IOException("cannot lock the new " + tmp + ": another process holds it");
        return lock;
    }

    /** How many times a reader held the spare and a new inode took its place. For tests. */
    int sparesLeftToReaders() { return sparesLeftToReaders; }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static Object fileKeyOrNull(Path p) {
        try {
            return fileKey(p);
        } catch (IOException e) {
            return null;
        }
    }

    private void closeFiles() throws IOException {
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
            boolean used = spareKey != null;
            closeFiles();
            // It holds an old version, never needed again; but if the directory was renamed meanwhile,
            // the name may now belong to another store's file: delete only our own inode.
            if (used && spareKey.equals(fileKeyOrNull(tmp))) Files.deleteIfExists(tmp);
        } finally {
            arena.close();
        }
    }
}
