package dev.graalpymp.conformance.spec;

import dev.graalpymp.conformance.check.Check;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One acceptable behaviour of an example: applies in the given modes, accepts its own exit codes (or the
 * spec's when absent), and passes when all its checks pass. A {@code note} describes environment alternatives
 * ("dependency missing: …"); it is only printed, as check.py does: whether an example was exercised is decided
 * from CPython's recorded runs ({@code suite.MissingModule}), not from the spec's words.
 */
public record Alternative(Optional<String> name, Set<Mode> modes, Optional<List<Integer>> expectRc,
                          Optional<String> note, List<Check> checks) {
    public Alternative {
        modes = Set.copyOf(modes);
        checks = List.copyOf(checks);
    }

    /** The implicit single alternative of a spec without alternatives. */
    public static Alternative implicit() {
        return new Alternative(Optional.empty(), Set.of(Mode.UNBUFFERED, Mode.BUFFERED), Optional.empty(),
                Optional.empty(), List.of());
    }
}
