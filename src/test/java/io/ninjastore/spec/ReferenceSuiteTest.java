package io.ninjastore.spec;

import io.ninjastore.testing.ChildProcess;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Python reference's own test suite ({@code spec/reference/test_ninja_ref.py}) passes: the
 * reference, written from the spec alone, reads every mmap_ninja 0.8.2 fixture as Python read it and
 * writes it back byte for byte, prints every conformance vector's expected {@code info}/{@code cat}
 * text, and regenerates {@code spec/vectors/} exactly. Runs when python3 with numpy is present.
 */
class ReferenceSuiteTest {
    @TempDir
    Path tmp;

    @Test
    @Spec({"F-51", "F-50", "J-6", "J-7"})
    void thePythonReferencePassesItsOwnTests() throws IOException {
        Path script = SpecText.root().resolve("spec/reference/test_ninja_ref.py");
        assertTrue(Files.isRegularFile(script), script + " is missing");
        assumeNumpy();
        // The fixtures from the test resources, so that the run does not depend on where the repository sits.
        ChildProcess.Result r = ChildProcess.run(List.of("python3", script.toString()), SpecText.root(),
                Map.of("NINJA_FIXTURES", Fixtures.root().toString(), "PYTHONDONTWRITEBYTECODE", "1"), tmp, 600);
        assertEquals(0, r.status(), r::toString);
        String summary = r.err().strip();
        assertTrue(summary.endsWith("OK"), () -> "unittest did not report OK:\n" + r);
        assertFalse(summary.contains("skipped"), () -> "part of the reference suite was skipped:\n" + r);
    }

    private void assumeNumpy() throws IOException {
        ChildProcess.Result probe;
        try {
            probe = ChildProcess.run(List.of("python3", "-c", "import numpy"), SpecText.root(), Map.of(), tmp, 60);
        } catch (IOException notInstalled) {
            probe = null;
        }
        ChildProcess.Result p = probe;
        Assumptions.assumeTrue(p != null && p.status() == 0, () -> "the Python reference suite did NOT run: "
                + (p == null ? "python3 is not on the PATH" : "python3 cannot import numpy (" + p.err().strip() + ")")
                + "; install python3 and numpy to run it");
    }
}
