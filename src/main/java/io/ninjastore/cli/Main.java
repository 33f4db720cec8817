package io.ninjastore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code ninjastore} command line. Output is UTF-8 whatever the platform default. A failure prints
 * one line {@code ninjastore: <what went wrong>} on stderr and exits with 1 (2 for a usage error), with
 * the stack trace only under {@code --verbose}; output that could not be written is such a failure.
 *
 * <p>Use {@link #commandLine(Main)} (or {@link #execute}) rather than {@code new CommandLine(new Main())}
 * to get that error handling. Not thread-safe: one instance per invocation.
 */
@Command(name = "ninjastore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Append-only, memory-mapped dataset stores, byte-compatible with Python's mmap_ninja.",
        subcommands = {InfoCommand.class, CatCommand.class, ImportCommand.class, AppendCommand.class, CompileCommand.class,
                SliceCommand.class, SampleCommand.class, VerifyCommand.class, BenchCommand.class, DemoCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean verbose;

    private final InputStream stdin;

    /** Reads standard input from {@link System#in}. */
    public Main() { this(System.in); }

    /** Reads standard input ({@code -} as INPUT) from {@code stdin}, which the caller owns. */
    public Main(InputStream stdin) { this.stdin = Objects.requireNonNull(stdin, "stdin"); }

    InputStream stdin() { return stdin; }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        PrintWriter out = new StandardOutput(new FileOutputStream(FileDescriptor.out));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int status = execute(new Main(), out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs one command line with the CLI's error handling; returns the exit status, 1 when the command
     * succeeded but {@code out} failed to take what it printed.
     */
    public static int execute(Main main, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only Exceptions to the handler below; an Error would end the JVM with its stack trace
            err.print("ninjastore: " + ErrorText.describe(e) + "\n");
            if (verbose(cl.getParseResult())) e.printStackTrace(err);
            status = cl.getCommandSpec().exitCodeOnExecutionException();
        } finally {
            out.flush();
            err.flush();
        }
        return checkOutput(status, out, err);
    }

    /**
     * PrintWriter swallows write errors, so without this a command whose output was lost (stdout on a
     * full disk, {@code > /dev/full}) would exit 0. Checked once here, after the command ran, for every
     * command. A reader that closed the pipe gets no message ({@link StandardOutput#readerWentAway}),
     * only the status. stderr is not checked: what commands print there comes with a failure status
     * already (or is bench's table, beside the figures on stdout), and a failing stderr could not say so.
     */
    private static int checkOutput(int status, PrintWriter out, PrintWriter err) {
        if (out.checkError()) {
            StandardOutput std = out instanceof StandardOutput o ? o : null;
            if (std == null || !std.readerWentAway()) {
                String why = std == null || std.failure() == null ? "" : ": " + std.failure().getMessage();
                err.print("ninjastore: cannot write to standard output" + why + "\n");
                err.flush();
            }
            return status == 0 ? 1 : status;
        }
        return status;
    }

    /** A {@link CommandLine} with one-line errors and the exit statuses above. */
    public static CommandLine commandLine(Main main) {
        CommandLine cl = new CommandLine(main);
        // Arguments are paths taken as given: picocli would read "@NAME" as a file of arguments (a store named
        // "@data" opened whatever the file "data" listed) and fail with a stack trace when NAME is a directory.
        cl.setExpandAtFiles(false);
        // An index expression may start with '-' ("-1, 0", "-2:"): picocli would take it for an unknown
        // option and report EXPR missing. Only slice takes such text positionally; its options still match.
        cl.getSubcommands().get("slice").setUnmatchedOptionsArePositionalParams(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.print("ninjastore: " + ex.getMessage().replace('\n', ' ').strip() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')\n");
            if (verbose(ex.getCommandLine().getParseResult())) ex.printStackTrace(err);
            err.flush();
            return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.print("ninjastore: " + ErrorText.describe(ex) + "\n");
            if (verbose(parseResult)) ex.printStackTrace(err);
            err.flush();
            return commandLine.getCommandSpec().exitCodeOnExecutionException();
        });
        return cl;
    }

    /** Whether {@code --verbose} was given at any level of the command line. */
    private static boolean verbose(CommandLine.ParseResult top) {
        for (CommandLine.ParseResult r = top; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** The version in the jar's manifest ({@code Implementation-Version}), or a note that this is not a packaged build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ninjastore " + (v == null ? "(development build: not run from the packaged jar)" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
