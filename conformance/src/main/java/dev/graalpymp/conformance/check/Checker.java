package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.python.PythonText;
import dev.graalpymp.conformance.spec.Alternative;
import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether one run (stdout, stderr, exit status) satisfies a spec.
 *
 * <p>PASS = every common check passes, and some alternative that applies to the mode accepts the exit
 * status (its own {@code expect_rc}, else the spec's) and passes all its checks; a spec without alternatives
 * has one implicit alternative. Checks run in order; a normalize rewrites its stream for everything after it
 * (each alternative starts from the commonly normalized streams), and a failing normalize ends its check
 * list. On FAIL all reasons are kept; when an alternative fits but common checks fail only those are kept.
 */
public final class Checker {
    private Checker() {
    }

    /** Checks a run; {@code stderrIgnore} drops stderr lines that a pattern finds (runtime banners). */
    public static Verdict evaluate(Spec spec, String stdout, String stderr, int rc, Mode mode,
                                   List<PyPattern> stderrIgnore) {
        String keptStderr = stderrIgnore.isEmpty() ? stderr : PythonText.dropLines(stderrIgnore, stderr);
        return evaluateChecked(spec, stdout, keptStderr, rc, mode);
    }

    /** Checks a run without ignoring any stderr lines. */
    public static Verdict evaluate(Spec spec, String stdout, String stderr, int rc, Mode mode) {
        return evaluate(spec, stdout, stderr, rc, mode, List.of());
    }

    private static Verdict evaluateChecked(Spec spec, String stdout, String stderr, int rc, Mode mode) {
        List<Alternative> alternatives = spec.alternatives().isEmpty()
                ? List.of(Alternative.implicit()) : spec.alternatives();
        if (mode != Mode.ANY) {
            alternatives = alternatives.stream().filter(a -> a.modes().contains(mode)).toList();
            if (alternatives.isEmpty()) {
                return new Verdict(false, Optional.empty(),
                        List.of("no alternative of this spec applies to mode '" + mode.key() + "'"));
            }
        }
        StreamTexts texts = new StreamTexts(stdout, stderr);
        List<String> commonFailures = runChecks(spec.checks(), texts).stream().map(f -> "common: " + f).toList();
        List<String> reasons = new ArrayList<>(commonFailures);
        Alternative matched = null;
        for (Alternative a : alternatives) {
            List<String> failures = new ArrayList<>();
            Optional<List<Integer>> wantRc = a.expectRc().or(spec::expectRc);
            if (wantRc.isPresent() && !wantRc.get().contains(rc)) {
                failures.add("[rc] exit status " + rc + ", expected one of " + wantRc.get());
            }
            failures.addAll(runChecks(a.checks(), texts.copy()));
            if (failures.isEmpty()) {
                matched = a;
                break;
            }
            String tag = a.name().map(n -> "alternative " + PythonText.repr(n) + ": ")
                    .orElse("");
            failures.forEach(f -> reasons.add(tag + f));
        }
        if (matched != null && commonFailures.isEmpty()) {
            return new Verdict(true, Optional.of(matched), List.of());
        }
        return new Verdict(false, Optional.empty(), matched != null ? commonFailures : reasons);
    }

    private static List<String> runChecks(List<Check> checks, StreamTexts texts) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            String failure = c.apply(texts);
            if (failure != null) {
                failures.add("[" + c.stream().key() + " #" + (i + 1) + " " + c.kind() + "] " + failure);
                if (c instanceof NormalizeCheck) {
                    break;
                }
            }
        }
        return failures;
    }
}
