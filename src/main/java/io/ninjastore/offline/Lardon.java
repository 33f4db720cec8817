package io.ninjastore.offline;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Gatherers;
import java.util.stream.Stream;

/**
 * Compiling a folder of files into an offline data set and opening one: the entry points of lardon
 * ({@code compile}, {@code LardonParser}, {@code parse_folder}). The data set layout is spec F-40..F-42;
 * how it is written, C-60..C-62. Stateless and thread-safe.
 */
public final class Lardon {
    private Lardon() {}

    /**
     * Walks {@code src} recursively, keeps the files {@code options} accepts, orders them by relative
     * path, turns each into an entry with {@code callback} (on {@link CompileOptions#threads()} threads,
     * order kept) and writes the data set at {@code dst}. The data set appears whole or not at all: built
     * aside and moved into place, replacing a data set already there only with
     * {@link CompileOptions#force()}.
     *
     * @return the new data set, open; the caller closes it
     * @throws CompileException when the callback fails on a file (named); nothing is written
     * @throws java.nio.file.FileAlreadyExistsException when {@code dst} holds something not to be replaced
     * @throws IllegalArgumentException when an entry is refused (rank, dtype, metadata), naming its file
     *         (a {@link io.ninjastore.store.CastingException} for a dtype that would not convert safely),
     *         or when no file is accepted and no dtype is given
     */
    public static OfflineDataList compile(Path src, Path dst, Callback callback, CompileOptions options) throws IOException {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(callback, "callback");
        LardonParser parser = LardonParser.open(src, dst, options);
        List<SourceFiles.SourceFile> files = parser.sourceFiles();
        if (files.isEmpty() && options.dtype() == null) {
            parser.abort();
            throw new IllegalArgumentException("no file below " + src + " is kept (extensions " + options.effectiveExts()
                    + (options.regex() == null ? "" : ", regex " + options.regex()) + "): an empty data set needs an explicit dtype");
        }
        try (ProgressBar bar = options.progress() ? new ProgressBarBuilder().setTaskName("compile").setInitialMax(files.size()).build() : null) {
            Function<SourceFiles.SourceFile, Outcome> parse = f -> Outcome.of(f, callback);
            Stream<Outcome> outcomes = options.threads() == 1
                    ? files.stream().map(parse)
                    : files.stream().gather(Gatherers.mapConcurrent(options.threads(), parse));
            for (Iterator<Outcome> it = outcomes.iterator(); it.hasNext(); ) {
                Outcome o = it.next();
                parser.registerOwned(o.file(), o.parsed());
                if (bar != null) bar.step();
            }
            parser.close();
        } catch (IOException | RuntimeException | Error e) {
            try {
                parser.abort();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return OfflineDataList.open(dst);
    }

    /** {@link #compile(Path, Path, Callback, CompileOptions)} of the {@code .npy} files with {@link Callback#npy()}. */
    public static OfflineDataList compile(Path src, Path dst) throws IOException {
        return compile(src, dst, Callback.npy(), CompileOptions.defaults());
    }

    /**
     * A parser writing the data set at {@code dst} entry by entry; {@code src} (may be null) is the
     * folder whose accepted files {@link LardonParser#files()} lists. The caller closes it, which commits.
     */
    public static LardonParser parser(Path src, Path dst, CompileOptions options) throws IOException {
        return LardonParser.open(src, dst, options);
    }

    /** Opens the data set at {@code dst} as {@code options} say; the caller closes it. See {@link OfflineDataList#open(Path, ParseOptions)}. */
    public static OfflineDataList parseFolder(Path dst, ParseOptions options) throws IOException {
        return OfflineDataList.open(dst, options);
    }

    /**
     * A callback's result for one file. Failures are carried, not thrown, so that they cross the
     * concurrent map and are reported with the file, in order.
     */
    private record Outcome(SourceFiles.SourceFile file, Parsed result, Exception failure) {
        static Outcome of(SourceFiles.SourceFile f, Callback callback) {
            try {
                return new Outcome(f, callback.parse(f.path()), null);
            } catch (Exception e) {
                return new Outcome(f, null, e);
            }
        }

        Parsed parsed() throws CompileException {
            if (failure != null) throw new CompileException(file.path(), "the callback failed: " + failure, failure);
            if (result == null) throw new CompileException(file.path(), "the callback returned null", null);
            return result;
        }
    }
}
