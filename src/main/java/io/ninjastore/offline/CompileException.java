package io.ninjastore.offline;

import java.io.IOException;
import java.nio.file.Path;

/** A {@link Callback} failed on a source file while compiling; no data set was written. */
public final class CompileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    CompileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The source file the callback failed on. */
    public Path file() { return file; }
}
