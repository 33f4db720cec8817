package io.ninjastore.io;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * What the classes that call the C library through FFM ({@link RenameExchange}, {@link NativeFile})
 * share: whether they may, the errno each call captures, and the errno values they tell apart (Linux's,
 * the same on every architecture those classes run on). Asked for where native calls are not allowed,
 * it reports them unavailable rather than make the JVM print a warning. Stateless; safe from any thread.
 */
final class NativeCalls {
    static final int ENOENT = 2, EINTR = 4, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EEXIST = 17, EINVAL = 22,
            ENOLCK = 37, ENOSYS = 38, EOPNOTSUPP = 95;
    /** The layout of a call's errno capture segment, which the caller allocates and passes first. */
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private NativeCalls() {}

    /** Linux, and this module may call native code. */
    static boolean allowed() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && NativeCalls.class.getModule().isNativeAccessEnabled();
    }

    /**
     * A handle on the C library's {@code name} that captures errno, taking a {@link #CAPTURE} segment
     * before the declared arguments.
     *
     * @throws IllegalStateException if the C library has no such function
     */
    static MethodHandle downcall(String name, FunctionDescriptor d, Linker.Option... options) {
        Linker linker = Linker.nativeLinker();
        MemorySegment fn = linker.defaultLookup().find(name).orElseThrow(() -> new IllegalStateException("no " + name));
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = Linker.Option.captureCallState("errno");
        return linker.downcallHandle(fn, d, all);
    }

    /** The errno a call captured into {@code state}. */
    static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }
}
