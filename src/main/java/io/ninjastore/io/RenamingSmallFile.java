package io.ninjastore.io;

import java.io.IOException;
import java.nio.file.Path;

/** A {@link FileIo.SmallFile} that does {@link FileIo#replaceAtomically} on every replacement. */
record RenamingSmallFile(FileIo io, Path target) implements FileIo.SmallFile {
    @Override
    public void replace(byte[] content, boolean sync) throws IOException { io.replaceAtomically(target, content, sync); }

    @Override
    public void close() { }
}
