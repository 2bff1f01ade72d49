package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.check.Verdict;
import dev.graalpymp.conformance.run.RunResult;

import java.util.Optional;

/**
 * One example after running and checking it.
 *
 * @param id      the example id
 * @param run     what the run produced (empty when it could not be started)
 * @param verdict the checker's verdict (a FAIL naming the problem when the run could not be made)
 * @param waiting the waiting-list entry, if the example is listed
 */
public record ExampleOutcome(String id, Optional<RunResult> run, Verdict verdict, Optional<WaitingEntry> waiting) {
    public boolean passed() {
        return verdict.passed();
    }

    /** "PASS", "FAIL" or "PASS (dependency missing: …)". */
    public String resultLabel() {
        if (!verdict.passed()) {
            return "FAIL";
        }
        return verdict.dependencyMissing() ? "PASS (" + verdict.note().orElseThrow() + ")" : "PASS";
    }

    /** Seconds until EOF of the run, or 0 when it did not run. */
    public double wallSeconds() {
        return run.map(RunResult::wallSeconds).orElse(0.0);
    }
}
