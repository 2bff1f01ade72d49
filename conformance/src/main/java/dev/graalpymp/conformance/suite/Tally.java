package dev.graalpymp.conformance.suite;

import java.util.List;
import java.util.Optional;

/**
 * The counts of a suite run, as its report's last line and the README's summary give them: examples that passed,
 * that failed, and that were not exercised (they stop at a third-party module missing here, as CPython's
 * recordings do), which count as neither.
 *
 * @param passed         passed and got past their imports
 * @param failed         did not behave as their specs ask (waiting ones included)
 * @param notExercised   behaved as CPython's recordings, which end at a missing third-party module
 * @param missingModules those modules, sorted, each once
 */
public record Tally(long passed, long failed, long notExercised, List<String> missingModules) {

    public static Tally of(List<ExampleOutcome> outcomes) {
        return new Tally(outcomes.stream().filter(ExampleOutcome::exercisedAndPassed).count(),
                outcomes.stream().filter(o -> !o.passed()).count(),
                outcomes.stream().filter(ExampleOutcome::notExercised).count(),
                outcomes.stream().filter(ExampleOutcome::notExercised).map(ExampleOutcome::missingModule)
                        .flatMap(Optional::stream).distinct().sorted().toList());
    }

    /** {@code N passed, M failed}, then {@code , K not exercised (modules missing here: a, b)} when K > 0. */
    @Override
    public String toString() {
        String line = passed + " passed, " + failed + " failed";
        return notExercised == 0 ? line : line + ", " + notExercised + " not exercised (third-party modules missing"
                + " here: " + String.join(", ", missingModules) + ")";
    }
}
