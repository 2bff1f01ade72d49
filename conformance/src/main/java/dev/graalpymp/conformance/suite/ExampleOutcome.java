package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.check.Verdict;
import dev.graalpymp.conformance.run.RunResult;

import java.util.Optional;

/**
 * One example after running and checking it.
 *
 * @param id            the example id
 * @param run           what the run produced (empty when it could not be started)
 * @param verdict       the checker's verdict (a FAIL naming the problem when the run could not be made)
 * @param waiting       the waiting-list entry, if the example is listed
 * @param missingModule the third-party module whose absence ended both CPython's recorded runs and this one
 *                      ({@link MissingModule#sharedBy}): the example was not exercised
 */
public record ExampleOutcome(String id, Optional<RunResult> run, Verdict verdict, Optional<WaitingEntry> waiting,
                             Optional<String> missingModule) {

    /** An outcome of a run that did not stop at a missing module. */
    public ExampleOutcome(String id, Optional<RunResult> run, Verdict verdict, Optional<WaitingEntry> waiting) {
        this(id, run, verdict, waiting, Optional.empty());
    }

    /** The run behaved as the spec asks (for an example not exercised: it failed the import as CPython did). */
    public boolean passed() {
        return verdict.passed();
    }

    /** It behaved as CPython's recordings, which end at a missing third-party module: nothing of it ran. */
    public boolean notExercised() {
        return passed() && missingModule.isPresent();
    }

    /** It behaved as CPython's recordings and got past their imports: a pass that means something. */
    public boolean exercisedAndPassed() {
        return passed() && missingModule.isEmpty();
    }

    /** "PASS", "FAIL" or "NOT EXERCISED (no module 'x' here)". */
    public String resultLabel() {
        if (!passed()) {
            return "FAIL";
        }
        return notExercised() ? "NOT EXERCISED (no module '" + missingModule.orElseThrow() + "' here)" : "PASS";
    }

    /** Seconds until EOF of the run, or 0 when it did not run. */
    public double wallSeconds() {
        return run.map(RunResult::wallSeconds).orElse(0.0);
    }
}
