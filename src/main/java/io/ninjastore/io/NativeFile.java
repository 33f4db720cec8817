package io.ninjastore.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * A file descriptor with the few POSIX calls that {@code java.nio} does not offer, called through the
 * FFM linker: Linux <em>open file description</em> locks ({@code F_OFD_SETLK}) for the reader-writer
 * handshake on an exchanged small file (spec C-63), which, unlike the process-wide locks behind
 * {@code FileChannel.lock}, also exclude other threads of the same process and are not dropped when
 * some other descriptor of the file is closed; and {@code mmap} of a length past the file's end, so
 * that one mapping serves a file that grows (spec C-64). Available on Linux on x86-64 and AArch64
 * (whose flag values and {@code struct flock} layout this class spells out) when this module may call
 * native code.
 *
 * <p>Not thread-safe: one owner uses it, then closes it; closing drops its locks and leaves its
 * mappings to their arenas. A file opened {@linkplain #openForReading for reading} is confined to the
 * thread that opened it (a reader opens, reads and closes at once); one opened for writing or
 * {@linkplain #openForMapping for mapping} may pass between threads, as a store's files do. An owner
 * that maps from several threads must serialize {@link #map} and {@link #close}: a descriptor closed
 * under a {@code map} could be reused by another file, which would be mapped in its place.
 */
public final class NativeFile implements AutoCloseable {
    private static final int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NONBLOCK = 04000, O_CLOEXEC = 02000000;
    private static final int F_OFD_SETLK = 37;
    private static final short F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;
    private static final int PROT_READ = 1, MAP_SHARED = 1;
    /** {@code struct flock}: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid. */
    private static final StructLayout FLOCK = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("l_type"), ValueLayout.JAVA_SHORT.withName("l_whence"), MemoryLayout.paddingLayout(4),
            ValueLayout.JAVA_LONG.withName("l_start"), ValueLayout.JAVA_LONG.withName("l_len"),
            ValueLayout.JAVA_INT.withName("l_pid"), MemoryLayout.paddingLayout(4));
    private static final VarHandle L_TYPE = FLOCK.varHandle(MemoryLayout.PathElement.groupElement("l_type"));
    private static final Calls CALLS = Calls.link();

    private final Path path;
    private final int fd;
    /** Confined and closed with the file for a reader; a writer's is left to the garbage collector. */
    private final Arena arena;
    private final boolean confined;
    private final MemorySegment errno;
    private final MemorySegment flock; // zeroed: the whole file (start 0, length 0), and l_pid 0 as OFD locks need
    private MemorySegment buffer = MemorySegment.NULL;

    private NativeFile(Path path, int fd, Arena arena, boolean confined, MemorySegment errno) {
        this.path = path;
        this.fd = fd;
        this.arena = arena;
        this.confined = confined;
        this.errno = errno;
        this.flock = arena.allocate(FLOCK);
    }

    /** Whether this system has the calls; where it does not, callers use plain channels, renames and exact maps. */
    public static boolean available() { return CALLS != null; }

    /** Opens an existing file for reading, confined to this thread. */
    static NativeFile openForReading(Path file) throws IOException { return open(file, O_RDONLY | O_NONBLOCK, true); }

    /** Opens an existing file for reading and writing (write locks need a writable descriptor). */
    static NativeFile openForWriting(Path file) throws IOException { return open(file, O_RDWR, false); }

    /** Opens {@code file}, creating it (or, with {@code mustBeNew}, failing if it already exists). */
    static NativeFile create(Path file, boolean mustBeNew) throws IOException {
        return open(file, O_RDWR | O_CREAT | (mustBeNew ? O_EXCL : 0), false);
    }

    /**
     * Opens an existing file read-only for {@link #map}, usable from any thread (see the class comment).
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    public static NativeFile openForMapping(Path file) throws IOException { return open(file, O_RDONLY | O_NONBLOCK, false); }

    /**
     * Read-only opens do not block: a regular file ignores {@code O_NONBLOCK}, and a named pipe put where
     * a store file belongs opens at once (and reads as empty) instead of waiting for a writer forever.
     */
    private static NativeFile open(Path file, int flags, boolean confined) throws IOException {
        if (CALLS == null) throw new IOException("native file calls are not available here: " + file);
        Arena arena = confined ? Arena.ofConfined() : Arena.ofAuto(); // one per file: a reader's read allocates once
        boolean opened = false;
        try {
            MemorySegment errno = arena.allocate(NativeCalls.CAPTURE);
            int fd;
            try {
                fd = (int) CALLS.open.invokeExact(errno, arena.allocateFrom(file.toAbsolutePath().toString()), flags | O_CLOEXEC, 0644);
            } catch (Throwable t) {
                throw new IOException("cannot open " + file, t);
            }
            if (fd < 0) {
                int e = NativeCalls.errno(errno);
                if (e == NativeCalls.ENOENT) throw new NoSuchFileException(file.toString());
                if (e == NativeCalls.EEXIST) throw new FileAlreadyExistsException(file.toString());
                if (e == NativeCalls.EACCES) throw new AccessDeniedException(file.toString());
                throw new IOException("cannot open " + file + " (errno " + e + ")");
            }
            opened = true;
            return new NativeFile(file, fd, arena, confined, errno);
        } finally {
            if (!opened && confined) arena.close();
        }
    }

    /** What asking for a lock came to. */
    enum Lock {
        TAKEN,
        /** Someone else holds a conflicting lock. */
        HELD,
        /** This file system does not do such locks (NFS without lock support, for one). */
        UNSUPPORTED
    }

    /**
     * Takes a shared lock on the whole file, which no holder of the exclusive lock writes under, waiting
     * for a holder of the exclusive lock for at most {@code maxWaitNanos}: {@link Lock#TAKEN}, or
     * {@link Lock#HELD} when the wait ran out, or {@link Lock#UNSUPPORTED}. A bounded wait, because a
     * writer stopped while it holds its lock must not hang its readers.
     */
    Lock lockShared(long maxWaitNanos) throws IOException {
        long deadline = System.nanoTime() + maxWaitNanos;
        for (int attempt = 0; ; attempt++) {
            Lock l = lock(F_OFD_SETLK, F_RDLCK);
            if (l == Lock.TAKEN || l == Lock.UNSUPPORTED) return l;
            if (System.nanoTime() - deadline > 0) return Lock.HELD;
            // A writer holds its lock for one small write: spin briefly, then back off.
            if (attempt < 100) Thread.onSpinWait();
            else LockSupport.parkNanos(50_000);
        }
    }

    /** Takes the exclusive lock without waiting: {@link Lock#HELD} if anyone holds a lock on the file. */
    Lock tryLockExclusive() throws IOException {
        Lock l;
        do {
            l = lock(F_OFD_SETLK, F_WRLCK);
        } while (l == null);
        return l;
    }

    void unlock() throws IOException {
        if (lock(F_OFD_SETLK, F_UNLCK) != Lock.TAKEN) throw new IOException("cannot unlock " + path);
    }

    /** The outcome, or null when a signal interrupted the call and it should be made again. */
    private Lock lock(int cmd, short type) throws IOException {
        L_TYPE.set(flock, 0L, type);
        int r;
        try {
            r = (int) CALLS.fcntl.invokeExact(errno, fd, cmd, flock);
        } catch (Throwable t) {
            throw new IOException("cannot lock " + path, t);
        }
        if (r == 0) return Lock.TAKEN;
        int e = NativeCalls.errno(errno);
        if (e == NativeCalls.EINTR) return null;
        Lock l = outcome(e);
        if (l == null) throw new IOException("cannot lock " + path + " (fcntl errno " + e + ")");
        return l;
    }

    /** What a failed {@code fcntl} lock call's errno means; null for an error to report. */
    static Lock outcome(int errno) {
        return switch (errno) {
            case NativeCalls.EAGAIN, NativeCalls.EACCES -> Lock.HELD;
            case NativeCalls.ENOLCK, NativeCalls.EINVAL, NativeCalls.EOPNOTSUPP, NativeCalls.ENOSYS -> Lock.UNSUPPORTED;
            default -> null;
        };
    }

    /** Reads the file from its start: all of it, or its first {@code limit} bytes if it is longer. */
    byte[] readUpTo(int limit) throws IOException {
        MemorySegment buf = buffer(limit);
        long n = 0;
        while (n < limit) {
            long r;
            try {
                r = (long) CALLS.pread.invokeExact(errno, fd, buf.asSlice(n), limit - n, n);
            } catch (Throwable t) {
                throw new IOException("cannot read " + path, t);
            }
            if (r == 0) break;
            if (r < 0) {
                if (NativeCalls.errno(errno) == NativeCalls.EINTR) continue;
                throw failure("read");
            }
            n += r;
        }
        return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Writes {@code content} at offset 0, leaving any longer tail (see {@link #truncate}). */
    void writeAtStart(byte[] content) throws IOException {
        MemorySegment buf = buffer(content.length);
        MemorySegment.copy(content, 0, buf, ValueLayout.JAVA_BYTE, 0, content.length);
        long done = 0;
        while (done < content.length) {
            long r;
            try {
                r = (long) CALLS.pwrite.invokeExact(errno, fd, buf.asSlice(done), content.length - done, done);
            } catch (Throwable t) {
                throw new IOException("cannot write " + path, t);
            }
            if (r < 0 && NativeCalls.errno(errno) != NativeCalls.EINTR) throw failure("write");
            if (r > 0) done += r;
        }
    }

    void truncate(long size) throws IOException {
        int r;
        try {
            r = (int) CALLS.ftruncate.invokeExact(errno, fd, size);
        } catch (Throwable t) {
            throw new IOException("cannot truncate " + path, t);
        }
        if (r != 0) throw failure("truncate");
    }

    /** fdatasync: the content is durable when this returns. */
    void sync() throws IOException {
        int r;
        try {
            r = (int) CALLS.fdatasync.invokeExact(errno, fd);
        } catch (Throwable t) {
            throw new IOException("cannot sync " + path, t);
        }
        if (r != 0) throw failure("sync");
    }

    private IOException failure(String what) {
        return new IOException("cannot " + what + " " + path + " (errno " + NativeCalls.errno(errno) + ")");
    }

    private MemorySegment buffer(long size) {
        if (buffer.byteSize() < size) buffer = arena.allocate(Math.max(size, 64));
        return buffer;
    }

    /**
     * A name under which opening gives this same file, whatever now has its old name: the descriptor's
     * entry in {@code /proc/self/fd}, valid until this is closed.
     */
    public Path sameFile() { return Path.of("/proc/self/fd/" + fd); }

    /**
     * Maps the file's first {@code size} bytes read-only and shared. The size may run past the end of
     * the file, and what the file grows into shows through: one mapping serves a growing file. Reading
     * past the end is a {@code SIGBUS}, which the JVM raises as an {@link InternalError}; callers read
     * only what the file holds. The mapping belongs to {@code arena} and is unmapped when it closes,
     * whether or not this file is still open.
     */
    public MemorySegment map(long size, Arena arena) throws IOException {
        if (size <= 0) throw new IllegalArgumentException("cannot map " + size + " bytes of " + path);
        MemorySegment at;
        try {
            at = (MemorySegment) CALLS.mmap.invokeExact(errno, MemorySegment.NULL, size, PROT_READ, MAP_SHARED, fd, 0L);
        } catch (Throwable t) {
            throw new IOException("cannot map " + path, t);
        }
        if (at.address() == -1L) { // MAP_FAILED
            int e = NativeCalls.errno(errno);
            throw new IOException("cannot map " + size + " bytes of " + path + " (errno " + e + (e == NativeCalls.ENOMEM
                    ? ": out of address space, or at the limit on mappings per process, vm.max_map_count)" : ")"));
        }
        return at.reinterpret(size, arena, NativeFile::unmap);
    }

    /** An arena's cleanup: nothing reads the mapping any more, and nothing can be done about a failure. */
    private static void unmap(MemorySegment mapping) {
        try (Arena a = Arena.ofConfined()) {
            int status = (int) CALLS.munmap.invokeExact(a.allocate(NativeCalls.CAPTURE), mapping, mapping.byteSize());
            assert status == 0 : "munmap " + mapping;
        } catch (Throwable ignored) {
            // munmap fails only for arguments mmap gave us; there is nobody to tell at arena close
        }
    }

    @Override
    public void close() throws IOException {
        try {
            int r = (int) CALLS.close.invokeExact(errno, fd);
            if (r != 0 && NativeCalls.errno(errno) != NativeCalls.EINTR) throw failure("close");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("cannot close " + path, t);
        } finally {
            if (confined) arena.close();
        }
    }

    /** The linked functions, or null where they are not available. */
    private record Calls(MethodHandle open, MethodHandle pread, MethodHandle pwrite, MethodHandle fcntl,
                         MethodHandle ftruncate, MethodHandle fdatasync, MethodHandle close, MethodHandle mmap,
                         MethodHandle munmap) {
        static Calls link() {
            // The flag values and struct flock layout above are those of x86-64 and AArch64 Linux.
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (!NativeCalls.allowed() || !Set.of("amd64", "x86_64", "aarch64").contains(arch)) return null;
            try {
                ValueLayout i = ValueLayout.JAVA_INT, l = ValueLayout.JAVA_LONG, p = ValueLayout.ADDRESS;
                Linker.Option variadicFrom2 = Linker.Option.firstVariadicArg(2);
                return new Calls(
                        NativeCalls.downcall("open", FunctionDescriptor.of(i, p, i, i), variadicFrom2),
                        NativeCalls.downcall("pread", FunctionDescriptor.of(l, i, p, l, l)),
                        NativeCalls.downcall("pwrite", FunctionDescriptor.of(l, i, p, l, l)),
                        NativeCalls.downcall("fcntl", FunctionDescriptor.of(i, i, i, p), variadicFrom2),
                        NativeCalls.downcall("ftruncate", FunctionDescriptor.of(i, i, l)),
                        NativeCalls.downcall("fdatasync", FunctionDescriptor.of(i, i)),
                        NativeCalls.downcall("close", FunctionDescriptor.of(i, i)),
                        NativeCalls.downcall("mmap", FunctionDescriptor.of(p, p, l, i, i, i, l)),
                        NativeCalls.downcall("munmap", FunctionDescriptor.of(i, p, l)));
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }
}
