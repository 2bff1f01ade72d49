package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.spec.StreamName;

/**
 * One check of a spec, applied to the captured streams. The seven kinds are defined in the corpus's
 * {@code spec/README.md}; each implementation reproduces the reference checker's semantics and messages.
 */
public sealed interface Check
        permits NormalizeCheck, ExactCheck, RegexCheck, SequenceCheck, MultisetCheck, CountCheck, NumberCheck {

    /** The stream the check looks at. */
    StreamName stream();

    /** The kind as spelled in spec files. */
    String kind();

    /**
     * Applies the check. A {@code normalize} check rewrites its stream in {@code texts} for later checks.
     *
     * @return null when the check passes, otherwise why it failed
     */
    String apply(StreamTexts texts);
}
