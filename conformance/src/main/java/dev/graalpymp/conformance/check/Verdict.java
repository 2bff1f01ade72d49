package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.spec.Alternative;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one run against its spec: PASS (with the alternative that matched, if named) or
 * FAIL with the reasons in check order, each like {@code common: [stdout #2 regex] …} or
 * {@code alternative 'name': [rc] …}.
 */
public record Verdict(boolean passed, Optional<Alternative> matched, List<String> reasons) {
    public Verdict {
        reasons = List.copyOf(reasons);
    }

    /** The note of the matched alternative ("dependency missing: …"), if any; printed as check.py does. */
    public Optional<String> note() {
        return matched.flatMap(Alternative::note);
    }

    /** The first reason of a FAIL ("" for a PASS). */
    public String firstFailure() {
        return reasons.isEmpty() ? "" : reasons.get(0);
    }

    /** The verdict as the reference checker prints it: "PASS id [alternative: …] NOTE: …" or "FAIL id" + reasons. */
    public String render(String id) {
        if (passed) {
            StringBuilder line = new StringBuilder("PASS ").append(id);
            matched.flatMap(Alternative::name).ifPresent(name -> {
                line.append(" [alternative: ").append(name).append(']');
                note().ifPresent(n -> line.append(" NOTE: ").append(n));
            });
            return line.toString();
        }
        StringBuilder out = new StringBuilder("FAIL ").append(id);
        for (String r : reasons) {
            out.append("\n  - ").append(r);
        }
        return out.toString();
    }
}
