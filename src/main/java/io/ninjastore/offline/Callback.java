package io.ninjastore.offline;

import io.ninjastore.array.Npy;

import java.nio.file.Path;
import java.util.Map;

/**
 * Turns one source file into an entry's data and metadata while {@link Lardon#compile} runs (lardon's
 * {@code callback}). With {@link CompileOptions#threads()} above 1 it is called from several threads
 * at once, so it must be thread-safe; entries are still written in file order. The array it returns
 * is written as is and must not be changed afterwards.
 */
@FunctionalInterface
public interface Callback {
    /**
     * @throws Exception any failure; {@link Lardon#compile} stops and reports it with the file's name
     */
    Parsed parse(Path file) throws Exception;

    /** The default: reads a {@code .npy} file, with no metadata. */
    static Callback npy() { return file -> new Parsed(Npy.read(file), Map.of()); }
}
