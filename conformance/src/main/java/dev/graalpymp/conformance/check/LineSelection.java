package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.python.PythonText;

import java.util.List;
import java.util.Optional;

/**
 * The optional {@code select} of line-based checks: the stream's lines that the pattern finds
 * ({@code re.search}), or all lines.
 */
public record LineSelection(Optional<PyPattern> select) {
    /** No {@code select}: every line. */
    public static LineSelection all() {
        return new LineSelection(Optional.empty());
    }

    List<String> apply(String text) {
        return PythonText.lines(text, select);
    }

    /** The " [select …]" tag of failure messages. */
    String tag() {
        return select.map(p -> " [select " + p.source() + "]").orElse("");
    }
}
