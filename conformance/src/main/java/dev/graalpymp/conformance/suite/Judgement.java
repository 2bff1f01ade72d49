package dev.graalpymp.conformance.suite;

/**
 * What an outcome means for the suite, given the waiting list: a PASS passes; a PASS that only repeats CPython's
 * failure to import a third-party module is not exercised (neither a pass nor a failure); a FAIL of a waiting
 * example is expected (skipped); any other FAIL fails; and a PASS of a waiting example fails too, so that the
 * waiting list never claims that something working is missing.
 *
 * @param kind    the decision
 * @param message why (empty for a plain PASS)
 */
public record Judgement(Kind kind, String message) {
    /** The possible decisions. */
    public enum Kind {
        PASS,
        NOT_EXERCISED,
        FAIL,
        WAITING,
        PASSES_BUT_MARKED_WAITING
    }

    public static Judgement of(ExampleOutcome outcome) {
        if (outcome.passed()) {
            return outcome.waiting()
                    .map(w -> new Judgement(Kind.PASSES_BUT_MARKED_WAITING, "passes but is marked waiting for issue "
                            + w.issue() + ": remove it from conformance/waiting.tsv"))
                    .orElseGet(() -> outcome.missingModule()
                            .map(m -> new Judgement(Kind.NOT_EXERCISED, notExercised(m)))
                            .orElse(new Judgement(Kind.PASS, "")));
        }
        String first = outcome.verdict().firstFailure();
        return outcome.waiting()
                .map(w -> new Judgement(Kind.WAITING, "waits for " + w.describe() + " — " + first))
                .orElse(new Judgement(Kind.FAIL, first));
    }

    private static String notExercised(String module) {
        return "not exercised: CPython's recorded runs and this one end importing '" + module
                + "', a third-party module not installed here (no PyPI access)";
    }

    /** True when the suite as a whole is fine with this outcome. */
    public boolean acceptable() {
        return kind == Kind.PASS || kind == Kind.NOT_EXERCISED || kind == Kind.WAITING;
    }
}
