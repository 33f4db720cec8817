package io.ninjastore.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Findings}: the cap on listed problems does not hide that a step found one. */
class FindingsTest {
    @Test
    void problemsPastTheCapStillCountAsFound() {
        Findings f = new Findings();
        Path file = Path.of("data.ninja");
        for (int i = 0; i < StoreVerifier.MAX_PROBLEMS; i++) f.problem(file, "field", "problem " + i);
        long before = f.found();
        f.problem(file, "field", "one past the cap");
        assertEquals(before + 1, f.found(), "a check comparing found() before and after a step sees the step's problem");
        VerifyReport r = f.report(Path.of("store"), "ragged", 0, false);
        assertEquals(StoreVerifier.MAX_PROBLEMS, r.problems().size());
        assertEquals(1, r.problemsOmitted());
    }
}
