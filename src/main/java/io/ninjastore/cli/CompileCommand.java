package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.offline.Callback;
import io.ninjastore.offline.CompileException;
import io.ninjastore.offline.CompileOptions;
import io.ninjastore.offline.Lardon;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.store.Casting;
import io.ninjastore.store.CastingException;
import io.ninjastore.store.Durability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code ninjastore compile SRC DST}: the {@code .npy} files below SRC (or those {@code --ext} /
 * {@code --regex} select) become an offline data set at DST, entries ordered by relative path. Prints
 * one line on success; failures reach {@link Main}: one line on stderr and exit status 1 (2 for a
 * usage error), with nothing written at DST.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile the .npy files below SRC into an offline data set at DST (lardon's compile).")
final class CompileCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "The folder to walk, recursively.")
    private Path src;

    @Parameters(index = "1", paramLabel = "DST", description = "Where the data set goes (absent, empty, or a data set with --force).")
    private Path dst;

    @Option(names = "--ext", paramLabel = "EXT", description = "Keep files ending in EXT (repeatable; default .npy unless --regex is given).")
    private List<String> exts;

    @Option(names = "--regex", paramLabel = "R", description = "Also keep files whose name matches R entirely.")
    private String regex;

    @Option(names = "--force", description = "Replace a data set already at DST (built aside, then swapped in).")
    private boolean force;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Read files on N threads; entries keep the file order (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--dtype", paramLabel = "D", converter = DTypeConverter.class,
            description = "Store entries as D; converting only where every value survives, unless --unsafe.")
    private DType dtype;

    @Option(names = "--unsafe", description = "Convert to --dtype as numpy's astype does, even with loss.")
    private boolean unsafe;

    @Option(names = "--progress", description = "Show a progress bar on stderr.")
    private boolean progress;

    @Option(names = "--sync", description = "Make the data set durable against power loss once published.")
    private boolean sync;

    @Override
    public Integer call() throws IOException {
        // Values wrong whatever the files are usage errors (status 2), as for the other commands.
        Pattern pattern;
        try {
            pattern = regex == null ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw usage("--regex: " + e.getDescription() + " in '" + e.getPattern() + "'");
        }
        if (threads < 1) throw usage("--threads must be positive, got " + threads);
        if (exts != null && exts.contains("")) throw usage("--ext: an empty extension would keep every file");
        CompileOptions options = CompileOptions.defaults()
                .withValidExts(exts)
                .withRegex(pattern)
                .withForce(force)
                .withThreads(threads)
                .withProgress(progress)
                .withDtype(dtype)
                .withCasting(unsafe ? Casting.UNSAFE : Casting.SAFE)
                .withDurability(sync ? Durability.SYNC : Durability.NONE);
        long n;
        try (OfflineDataList list = Lardon.compile(src, dst, Callback.npy(), options)) {
            n = list.length();
        } catch (CompileException e) { // the CLI's callback is Callback.npy(): say what is wrong with the file, not that a callback failed
            if (e.getCause() == null) throw e;
            String why = ErrorText.describe(e.getCause());
            throw new CliException(why.startsWith(e.file().toString()) ? why : e.file() + ": " + why, e);
        } catch (CastingException e) { // its message names the Java options: say which flags do the same
            String remedy = dtype == null
                    ? "pass --dtype " + DType.promote(e.from(), e.to()) + " to store every entry as that, or --dtype D --unsafe to convert with loss"
                    : "pass --unsafe to convert it anyway, or a --dtype that holds " + e.from();
            throw new CliException(e.subject() + ": cannot store " + e.from() + " data in a data set of " + e.to()
                    + (dtype == null ? " (the first entry's dtype)" : "") + " without losing information; " + remedy, e);
        }
        spec.commandLine().getOut().println("compiled " + n + " entries from " + src + " into " + dst);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ParameterException usage(String message) { return new ParameterException(spec.commandLine(), message); }
}
