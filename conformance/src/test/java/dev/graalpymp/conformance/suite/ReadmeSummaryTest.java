package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.check.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadmeSummaryTest {
    private static final Verdict PASS = new Verdict(true, Optional.empty(), List.of());

    @Test
    void examplesNotExercisedAreCountedAndListedApartFromPasses() {
        List<ExampleOutcome> outcomes = List.of(
                new ExampleOutcome("001_01_a", Optional.empty(), PASS, Optional.empty()),
                new ExampleOutcome("001_09_b", Optional.empty(), PASS, Optional.empty(), Optional.of("fastapi")),
                new ExampleOutcome("001_10_c", Optional.empty(), PASS, Optional.empty(), Optional.of("requests")),
                new ExampleOutcome("003_02_d", Optional.empty(), PASS, Optional.empty(), Optional.of("requests")),
                new ExampleOutcome("004_01_e", Optional.empty(), new Verdict(false, Optional.empty(), List.of("x")),
                        Optional.empty()));
        assertEquals("""
                **1 passed, 1 failed, 3 not exercised (third-party modules missing here: fastapi, requests)** of the 5 \
                seed examples (last full run of the suite).

                | examples | result |
                |---|---|
                | 001_01 | pass |
                | 001_09 | not exercised: needs fastapi, not installed here; CPython's recorded runs stop at that \
                import too |
                | 001_10 003_02 | not exercised: needs requests, not installed here; CPython's recorded runs stop at \
                that import too |
                | 004_01 | fail, waits for not expected: a regression |
                """, ReadmeSummary.render(outcomes));
    }
}
