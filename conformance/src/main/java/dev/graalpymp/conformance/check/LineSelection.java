package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.regex.PyPattern;
import dev.graalpymp.conformance.text.PyLines;

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
        List<String> lines = PyLines.linesOf(text);
        return select.map(p -> lines.stream().filter(p::search).toList()).orElse(lines);
    }

    /** The " [select …]" tag of failure messages. */
    String tag() {
        return select.map(p -> " [select " + p.source() + "]").orElse("");
    }
}
