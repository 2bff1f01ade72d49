package dev.graalpymp.conformance.spec;

import dev.graalpymp.conformance.check.Check;

import java.util.List;
import java.util.Optional;

/**
 * The machine-checkable expectation of one corpus example (one {@code spec/<id>.json}): how to run it
 * (protocol {@code argv} with {@code python3} standing for the interpreter, timeout, run settings), the
 * acceptable exit codes, the common checks and the alternatives.
 */
public record Spec(String id, List<String> argv, double timeoutSeconds, RunSettings run,
                   Optional<List<Integer>> expectRc, List<Check> checks, List<Alternative> alternatives) {
    public Spec {
        argv = List.copyOf(argv);
        checks = List.copyOf(checks);
        alternatives = List.copyOf(alternatives);
    }
}
