package io.ninjastore.offline;

import io.ninjastore.array.NdArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a data set entry by entry (lardon's {@code LardonParser}): from the files of a source folder
 * ({@link #files()}), or from data made on the fly with no source folder at all. {@link #close()}
 * commits: the data set appears at its destination whole, only then. To give up instead, call
 * {@link #abort()} (e.g. in a {@code catch}); a failed {@link #register} leaves the parser usable
 * unless the failure was writing to disk.
 *
 * <pre>{@code
 * try (LardonParser parser = Lardon.parser(src, dst, CompileOptions.defaults())) {
 *     for (Path f : parser.files()) parser.register(load(f), Map.of("label", 1), parser.name(f));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread registers. Lifetime: holds a hidden build directory beside the
 * destination until {@link #close()} or {@link #abort()}.
 */
public final class LardonParser implements AutoCloseable {
    private final Path source;
    private final List<SourceFiles.SourceFile> files;
    private final DataSetWriter writer;

    private LardonParser(Path source, List<SourceFiles.SourceFile> files, DataSetWriter writer) {
        this.source = source;
        this.files = files;
        this.writer = writer;
    }

    /** See {@link Lardon#parser}. */
    static LardonParser open(Path source, Path destination, CompileOptions options) throws IOException {
        List<SourceFiles.SourceFile> files = List.of();
        if (source != null) {
            SourceFiles.requireApart(source, destination);
            files = SourceFiles.find(source, options);
        }
        return new LardonParser(source, files, DataSetWriter.begin(destination, options));
    }

    /** The source files the options accept, ordered by name; empty without a source folder. */
    public List<Path> files() { return files.stream().map(SourceFiles.SourceFile::path).toList(); }

    List<SourceFiles.SourceFile> sourceFiles() { return files; }

    /** The entry name of a file of the source folder: its relative path with {@code /} separators. */
    public String name(Path file) {
        if (source == null) throw new IllegalStateException("this parser has no source folder to name " + file + " against");
        return SourceFiles.name(source, file);
    }

    /** Entries registered so far. */
    public long count() { return writer.count(); }

    /**
     * Adds an entry named {@code data_N} (N its position). The data is copied at once: the caller may
     * reuse or release the array when this returns. Null metadata means none ({@code {}}).
     *
     * @throws IllegalArgumentException for metadata JSON cannot hold, a dtype that does not convert
     *         safely to the data set's, or a different number of axes than the entries before
     */
    public void register(NdArray data, Map<String, ?> metadata) throws IOException {
        register(data, metadata, "data_" + writer.count());
    }

    /**
     * Adds an entry named {@code name}: a relative path with {@code /} separators, unique in the data set.
     * See {@link #register(NdArray, Map)}.
     */
    public void register(NdArray data, Map<String, ?> metadata, String name) throws IOException {
        writer.add(data, metadata, name, "entry " + writer.count() + " ('" + name + "')", false);
    }

    /** Adds an entry the caller hands over (a compile's callback result): not copied first. */
    void registerOwned(SourceFiles.SourceFile file, Parsed parsed) throws IOException {
        writer.add(parsed.data(), parsed.metadata(), file.name(), file.path().toString(), true);
    }

    /** Throws the data set away: nothing appears at the destination. Idempotent; close() then does nothing. */
    public void abort() throws IOException { writer.abort(); }

    /**
     * Commits: writes what is buffered and the manifest, then publishes the data set at its destination
     * (replacing a data set there if {@link CompileOptions#force()}). Does nothing after {@link #abort()}
     * or a first {@code close()}.
     *
     * @throws IllegalStateException when an earlier write failed and the build was discarded
     * @throws IllegalArgumentException for an empty data set without {@link CompileOptions#dtype()}
     */
    @Override
    public void close() throws IOException {
        if (!writer.isDone()) writer.commit();
    }
}
