package io.ninjastore.io;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Linux's {@code renameat2(..., RENAME_EXCHANGE)}, called through the FFM linker: atomically swaps two
 * names. Available only where the C library has the function and this module may call native code
 * ({@code --enable-native-access}); asked for without that, it reports itself unavailable rather than
 * make the JVM print a warning.
 */
final class RenameExchange {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    /** errno values meaning "not here": no such system call, or the file system cannot exchange. */
    private static final int ENOSYS = 38;
    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;

    /** The layout of the errno capture segment {@link #exchange} needs. */
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle RENAMEAT2 = link();

    private RenameExchange() {}

    private static MethodHandle link() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        if (!RenameExchange.class.getModule().isNativeAccessEnabled()) return null;
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> fn = linker.defaultLookup().find("renameat2");
            return fn.map(a -> linker.downcallHandle(a,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Linker.Option.captureCallState("errno"))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    static boolean available() { return RENAMEAT2 != null; }

    /**
     * Swaps the two names (both must exist); {@code state} is a segment of {@link #CAPTURE} layout for
     * errno, owned by the caller. Returns false when the system or the file system cannot
     * exchange (the caller falls back to a plain rename); throws for any other failure.
     */
    static boolean exchange(MemorySegment a, MemorySegment b, MemorySegment state, String what) throws IOException {
        if (RENAMEAT2 == null) return false;
        int r;
        try {
            r = (int) RENAMEAT2.invokeExact(state, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
        } catch (Throwable t) {
            throw new IOException("renameat2 failed for " + what, t);
        }
        if (r == 0) return true;
        int errno = (int) ERRNO.get(state, 0L);
        if (errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP) return false;
        throw new IOException("cannot exchange " + what + " (renameat2 errno " + errno + ")");
    }
}
