package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.store.Casting;
import io.ninjastore.store.Durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How {@link Lardon#compile} and {@link LardonParser} build a data set. Immutable: start from
 * {@link #defaults()} and derive with the {@code with...} methods.
 *
 * @param validExts file name endings to keep ({@code ".npy"} or {@code "npy"}); null: {@code .npy}
 *                  unless a {@code regex} is given, in which case only the regex selects
 * @param regex keeps files whose name (not path) matches it entirely; null: none
 * @param force replace a data set already at the destination (built aside, then swapped in)
 * @param threads callbacks run on this many threads; entries keep the file order
 * @param progress show a progress bar on stderr
 * @param dtype the data set's element type; null: the first entry's
 * @param casting whether entries of another type must convert exactly ({@link Casting#SAFE}) or as
 *                numpy's {@code astype} does ({@link Casting#UNSAFE})
 * @param durability {@link Durability#SYNC} makes the data set survive power loss once published
 */
public record CompileOptions(List<String> validExts, Pattern regex, boolean force, int threads, boolean progress, DType dtype,
                             Casting casting, Durability durability) {
    private static final CompileOptions DEFAULTS = new CompileOptions(null, null, false, 1, false, null, Casting.SAFE, Durability.NONE);

    public CompileOptions {
        if (validExts != null) {
            List<String> exts = new ArrayList<>();
            for (String e : validExts) {
                if (Objects.requireNonNull(e, "extension").isEmpty()) throw new IllegalArgumentException("an empty extension would keep every file");
                exts.add(e.startsWith(".") ? e : "." + e);
            }
            validExts = List.copyOf(exts);
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        Objects.requireNonNull(casting, "casting");
        Objects.requireNonNull(durability, "durability");
    }

    /** {@code .npy} files, one thread, no progress bar, no replacing, safe casting, no fsync. */
    public static CompileOptions defaults() { return DEFAULTS; }

    /** The extensions in force: the given ones, else {@code .npy} unless a regex selects alone. */
    List<String> effectiveExts() { return validExts != null ? validExts : regex == null ? List.of(".npy") : List.of(); }

    /** Whether a file of this name is compiled. */
    boolean accepts(String fileName) {
        for (String e : effectiveExts()) if (fileName.endsWith(e)) return true;
        return regex != null && regex.matcher(fileName).matches();
    }

    public CompileOptions withValidExts(List<String> exts) { return new CompileOptions(exts, regex, force, threads, progress, dtype, casting, durability); }
    public CompileOptions withRegex(Pattern r) { return new CompileOptions(validExts, r, force, threads, progress, dtype, casting, durability); }
    public CompileOptions withForce(boolean f) { return new CompileOptions(validExts, regex, f, threads, progress, dtype, casting, durability); }
    public CompileOptions withThreads(int n) { return new CompileOptions(validExts, regex, force, n, progress, dtype, casting, durability); }
    public CompileOptions withProgress(boolean p) { return new CompileOptions(validExts, regex, force, threads, p, dtype, casting, durability); }
    public CompileOptions withDtype(DType t) { return new CompileOptions(validExts, regex, force, threads, progress, t, casting, durability); }
    public CompileOptions withCasting(Casting c) { return new CompileOptions(validExts, regex, force, threads, progress, dtype, c, durability); }
    public CompileOptions withDurability(Durability d) { return new CompileOptions(validExts, regex, force, threads, progress, dtype, casting, d); }
}
