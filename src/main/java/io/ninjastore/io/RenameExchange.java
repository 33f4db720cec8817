package io.ninjastore.io;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Linux's {@code renameat2(..., RENAME_EXCHANGE)}, called through the FFM linker: atomically swaps two
 * names. Available only where the C library has the function and this module may call native code
 * ({@code --enable-native-access}); asked for without that, it reports itself unavailable rather than
 * make the JVM print a warning.
 */
final class RenameExchange {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final MethodHandle RENAMEAT2 = link();

    private RenameExchange() {}

    private static MethodHandle link() {
        if (!NativeCalls.allowed()) return null;
        try {
            return NativeCalls.downcall("renameat2", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    static boolean available() { return RENAMEAT2 != null; }

    /**
     * Swaps the two names (both must exist); {@code state} is a segment of {@link NativeCalls#CAPTURE} layout for
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
        int errno = NativeCalls.errno(state);
        // "not here": no such system call, or the file system cannot exchange
        if (errno == NativeCalls.ENOSYS || errno == NativeCalls.EINVAL || errno == NativeCalls.EOPNOTSUPP) return false;
        throw new IOException("cannot exchange " + what + " (renameat2 errno " + errno + ")");
    }
}
