package io.ninjastore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ninjastore.offline.OfflineDataList;
import io.ninjastore.store.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ninjastore verify STORE [--deep] [--json]}: checks a store's structure (cheap) or also every
 * checksum ({@code --deep}), prints what it found, and exits 0 when the store is healthy, 1 when not
 * or when it cannot be read (spec C-45, F-34). Unchecksummed ranges and notes (an interrupted
 * append's tail, a leftover temporary file) do not make a store unhealthy.
 *
 * <p>Not thread-safe: one instance per invocation.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks a store without changing it: sizes, offsets and shapes of every sample; with --deep also "
                + "every CRC32C checksum, every string's UTF-8 and an offline data set's entry names and metadata.",
                "Exit status: 0 healthy, 1 not healthy or unreadable."})
public final class VerifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "STORE", description = "The store (or offline data set) directory.")
    Path store;

    @Option(names = "--deep", description = "Also recompute every checksum, decode every string and read every offline entry's name and metadata (reads all the data).")
    boolean deep;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        VerifyReport r;
        try {
            r = OfflineDataList.verify(store, deep);
        } catch (IOException | RuntimeException e) {
            err.println(unreadable(store, e));
            err.flush();
            return 1;
        }
        if (json) out.println(toJson(r));
        else printText(r, out);
        out.flush();
        return r.healthy() ? 0 : 1;
    }

    /** The line for a store that could not be verified at all. */
    static String unreadable(Path store, Exception e) {
        String why = switch (e) {
            case NoSuchFileException x -> "no store directory there";
            case NotDirectoryException x -> "not a directory; expected a store or offline data set directory";
            // an AccessDeniedException's message is the bare path ("verify: s: s/data.ninja" said nothing)
            default -> ErrorText.describe(e);
        };
        return "ninjastore verify: " + store + ": " + why;
    }

    private static void printText(VerifyReport r, PrintWriter out) {
        String what = r.type() == null ? "unreadable store" : r.type() + (r.length() >= 0 ? ", " + r.length() + " samples" : "");
        long problems = r.problems().size() + r.problemsOmitted();
        out.println(r.store() + ": " + what + ": " + (r.healthy() ? "healthy" : problems + " problem" + (problems == 1 ? "" : "s"))
                + (r.deep() ? " (deep: " + r.bytesChecked() + " bytes checksummed)" : " (structure only; --deep checks checksums)"));
        for (VerifyReport.Problem p : r.problems()) out.println("problem: " + p);
        if (r.problemsOmitted() > 0) out.println("problem: ... and " + r.problemsOmitted() + " more");
        for (VerifyReport.Range u : r.unchecksummed()) out.println("unchecksummed: " + u);
        for (String n : r.notes()) out.println("note: " + n);
    }

    /** One compact JSON object (spec J-1), keys in a fixed order. */
    static String toJson(VerifyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", r.store().toString());
        m.put("type", r.type());
        m.put("length", r.length());
        m.put("deep", r.deep());
        m.put("healthy", r.healthy());
        m.put("problems", r.problems().stream().map(p -> {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("kind", p.kind().name().toLowerCase());
            q.put("file", p.file().toString());
            q.put("field", p.field());
            if (p.from() >= 0) {
                q.put("from", p.from());
                q.put("to", p.to());
            }
            q.put("message", p.message());
            return q;
        }).toList());
        m.put("problems_omitted", r.problemsOmitted());
        m.put("unchecksummed", r.unchecksummed().stream().map(u -> {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("file", u.file().toString());
            q.put("from", u.from());
            q.put("to", u.to());
            return q;
        }).toList());
        m.put("notes", List.copyOf(r.notes()));
        m.put("bytes_checked", r.bytesChecked());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: maps of strings and numbers", e);
        }
    }
}
