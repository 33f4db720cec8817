package io.ninjastore.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clauses of the spec's Markdown files. A clause is defined by a bullet that starts with its bold
 * id ({@code - **F-6** text...}, continued on the indented lines after it); any other {@code F-6} in
 * the text is a mention. Stateless; the files are read on each call.
 */
final class SpecText {
    /** The spec files whose clauses tests must name, relative to the project root. */
    static final List<String> CLAUSE_FILES = List.of("spec/FORMAT.md", "spec/COMMIT.md");
    /** Files that may mention clauses (and must mention only existing ones). */
    static final List<String> MENTIONING_FILES = List.of("spec/FORMAT.md", "spec/COMMIT.md", "spec/README.md",
            "spec/reference/README.md", "spec/vectors/README.md");

    /** A clause id: one of the spec's prefixes, a dash, a number without leading zero. */
    static final Pattern ID = Pattern.compile("[CFJNS]-[1-9][0-9]*");
    private static final Pattern DEFINITION = Pattern.compile("^\\s*[-*]\\s+\\*\\*([A-Z]+-[0-9]+)\\*\\*\\s*(.*)$");
    /** A mention: an id not glued to a word on either side ("UTF-8" and "CRC-32" are no mentions). */
    private static final Pattern MENTION = Pattern.compile("(?<![\\w-])([CFJNS]-[0-9]+)(?![\\w])");

    private SpecText() {}

    /** One clause: its id, where it is defined, and its text (first line and continuation lines, joined). */
    record Clause(String id, String file, int line, String text) {
        String where() { return file + ":" + line; }

        /** The start of the text, for messages. */
        String summary() { return text.length() <= 100 ? text : text.substring(0, 97) + "..."; }
    }

    /** The project root: surefire's {@code basedir}, else the working directory. */
    static Path root() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** Every clause defined in {@link #CLAUSE_FILES}, in file order (duplicates included, for the caller to find). */
    static List<Clause> clauses() {
        List<Clause> out = new ArrayList<>();
        for (String f : CLAUSE_FILES) out.addAll(clauses(f, lines(f)));
        return out;
    }

    static List<Clause> clauses(String file, List<String> lines) {
        List<Clause> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DEFINITION.matcher(lines.get(i));
            if (!m.matches()) continue;
            StringBuilder text = new StringBuilder(m.group(2).strip());
            // continuation lines are indented and are neither a new bullet nor a blank line
            for (int j = i + 1; j < lines.size(); j++) {
                String next = lines.get(j);
                if (next.isBlank() || !Character.isWhitespace(next.charAt(0)) || next.stripLeading().matches("^[-*]\\s.*")) break;
                text.append(' ').append(next.strip());
            }
            out.add(new Clause(m.group(1), file, i + 1, text.toString()));
        }
        return out;
    }

    /** Every id mentioned anywhere in {@code file}, with the line of its first mention. */
    static Set<String> mentions(String file) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : lines(file)) {
            Matcher m = MENTION.matcher(line);
            while (m.find()) out.add(m.group(1));
        }
        return out;
    }

    static List<String> lines(String file) {
        Path p = root().resolve(file);
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spec file " + p + " (tests run from the project root)", e);
        }
    }
}
