package dev.graalpymp.conformance.suite;

/**
 * What an outcome means for the suite, given the waiting list: a PASS passes; a FAIL of a waiting example
 * is expected (skipped); any other FAIL fails; and a PASS of a waiting example fails too, so that the
 * waiting list never claims that something working is missing.
 *
 * @param kind    the decision
 * @param message why (empty for a plain PASS)
 */
public record Judgement(Kind kind, String message) {
    /** The possible decisions. */
    public enum Kind {
        PASS,
        FAIL,
        WAITING,
        PASSES_BUT_MARKED_WAITING
    }

    public static Judgement of(ExampleOutcome outcome) {
        if (outcome.passed()) {
            return outcome.waiting()
                    .map(w -> new Judgement(Kind.PASSES_BUT_MARKED_WAITING, "passes but is marked waiting for issue "
                            + w.issue() + ": remove it from conformance/waiting.tsv"))
                    .orElse(new Judgement(Kind.PASS, ""));
        }
        String first = outcome.verdict().firstFailure();
        return outcome.waiting()
                .map(w -> new Judgement(Kind.WAITING, "waits for " + w.describe() + " — " + first))
                .orElse(new Judgement(Kind.FAIL, first));
    }

    /** True when the suite as a whole is fine with this outcome. */
    public boolean acceptable() {
        return kind == Kind.PASS || kind == Kind.WAITING;
    }
}
