package io.ninjastore.spec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The spec and the tests agree: every clause of {@code spec/FORMAT.md} and {@code spec/COMMIT.md} is
 * named by a test that the default build runs ({@code @Spec}), and every clause a test names exists.
 * The spec documents and the code cite only clauses that exist. Also writes
 * {@code target/spec-coverage.md}, the table of clauses and the tests naming them.
 */
class SpecCoverageTest {

    @Test
    void everyClauseIsNamedByATestAndEveryNamedClauseExists() throws IOException {
        List<SpecText.Clause> clauses = SpecText.clauses();
        assertTrue(clauses.size() > 50, "only " + clauses.size() + " clauses found in " + SpecText.CLAUSE_FILES + ": is the bullet format intact?");
        SpecAnnotations.Result tests = SpecAnnotations.scan(SpecAnnotations.excludedTags());
        assertTrue(tests.annotated() > 50, "only " + tests.annotated() + " @Spec annotations found: is the test class scan intact?");

        Map<String, SpecText.Clause> byId = new LinkedHashMap<>();
        for (SpecText.Clause c : clauses) byId.putIfAbsent(c.id(), c);
        List<String> untested = new ArrayList<>();
        for (SpecText.Clause c : byId.values()) {
            if (!tests.namedBy().containsKey(c.id())) untested.add(c.id() + " (" + c.where() + "): " + c.summary());
        }
        List<String> unknown = new ArrayList<>();
        tests.namedBy().forEach((id, where) -> {
            if (!byId.containsKey(id)) unknown.add(id + ", named by " + String.join(", ", where));
        });
        writeReport(byId, tests.namedBy());

        StringBuilder msg = new StringBuilder();
        if (!untested.isEmpty()) {
            msg.append(untested.size()).append(" clause(s) no test names (annotate the test that proves each with @Spec, or write one):\n  ")
                    .append(String.join("\n  ", untested)).append('\n');
        }
        if (!unknown.isEmpty()) {
            msg.append(unknown.size()).append(" clause id(s) named by tests that the spec does not define:\n  ")
                    .append(String.join("\n  ", unknown)).append('\n');
        }
        if (!msg.isEmpty()) fail(msg.toString());
    }

    @Test
    void specAnnotationsSitOnTestsTheDefaultBuildRuns() {
        List<String> problems = SpecAnnotations.scan(SpecAnnotations.excludedTags()).problems();
        assertTrue(problems.isEmpty(), "@Spec must name clauses only on tests that run by default:\n  " + String.join("\n  ", problems));
    }

    @Test
    void clauseIdsAreWellFormedAndDefinedOnce() {
        Map<String, SpecText.Clause> first = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (SpecText.Clause c : SpecText.clauses()) {
            if (!SpecText.ID.matcher(c.id()).matches()) problems.add(c.where() + ": '" + c.id() + "' is not a clause id (C-, F-, J-, N- or S- and a number)");
            SpecText.Clause before = first.putIfAbsent(c.id(), c);
            if (before != null) problems.add(c.where() + ": " + c.id() + " is already defined at " + before.where());
            if (c.text().isBlank()) problems.add(c.where() + ": " + c.id() + " has no text");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyClauseTheSpecMentionsExists() {
        Set<String> defined = new TreeSet<>();
        for (SpecText.Clause c : SpecText.clauses()) defined.add(c.id());
        List<String> dangling = new ArrayList<>();
        for (String file : SpecText.MENTIONING_FILES) {
            for (String id : SpecText.mentions(file)) if (!defined.contains(id)) dangling.add(file + " mentions " + id);
        }
        assertTrue(dangling.isEmpty(), "references to clauses that do not exist:\n  " + String.join("\n  ", dangling));
    }

    /** Javadoc and comments that cite the spec ("spec F-24") cite clauses that exist (this package's own test data aside). */
    @Test
    void everyClauseTheCodeMentionsExists() throws IOException {
        Set<String> defined = new TreeSet<>();
        for (SpecText.Clause c : SpecText.clauses()) defined.add(c.id());
        Path self = SpecText.root().resolve("src/test/java/io/ninjastore/spec");
        List<String> dangling = new ArrayList<>();
        for (String tree : List.of("src/main/java", "src/test/java")) {
            try (var files = Files.walk(SpecText.root().resolve(tree))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(self)).sorted().toList()) {
                    String rel = SpecText.root().relativize(f).toString();
                    for (String id : SpecText.mentions(rel)) if (!defined.contains(id)) dangling.add(rel + " mentions " + id);
                }
            }
        }
        assertTrue(dangling.isEmpty(), "the code cites clauses the spec does not define:\n  " + String.join("\n  ", dangling));
    }

    /** The parser itself: definitions are bold ids opening a bullet, continued on indented lines; other ids are mentions. */
    @Test
    void definitionsAreBoldIdsOpeningABulletAndMentionsAreTheRest() {
        List<String> md = List.of(
                "# Title mentioning F-9 and UTF-8 and CRC-32",
                "- **F-1** First clause,",
                "  continued here (see C-2).",
                "- **F-2** Second.",
                "  - a nested bullet is not a continuation",
                "",
                "Text with **F-3** in bold but not opening a bullet.",
                "* **J-10** Star bullets count too.");
        List<SpecText.Clause> c = SpecText.clauses("t.md", md);
        assertEquals(List.of("F-1", "F-2", "J-10"), c.stream().map(SpecText.Clause::id).toList());
        assertEquals("First clause, continued here (see C-2).", c.get(0).text());
        assertEquals("Second.", c.get(1).text());
        assertEquals(8, c.get(2).line());
    }

    /** A table of every clause and the tests that name it, for reviewers: {@code target/spec-coverage.md}. */
    private static void writeReport(Map<String, SpecText.Clause> clauses, Map<String, List<String>> namedBy) throws IOException {
        StringBuilder sb = new StringBuilder("# Spec coverage\n\nWritten by SpecCoverageTest: each clause and the tests naming it.\n\n"
                + "| clause | tests |\n|---|---|\n");
        for (SpecText.Clause c : clauses.values()) {
            List<String> t = namedBy.getOrDefault(c.id(), List.of());
            sb.append("| ").append(c.id()).append(" | ").append(t.isEmpty() ? "**none**" : String.join("<br>", t)).append(" |\n");
        }
        Path out = SpecText.root().resolve("target").resolve("spec-coverage.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb);
    }
}
