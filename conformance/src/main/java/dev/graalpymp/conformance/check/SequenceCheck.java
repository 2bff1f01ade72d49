package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.regex.PyPattern;
import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.text.PyRepr;

import java.util.List;

/** {@code sequence}: the selected lines are exactly as many as the patterns and fullmatch them in order. */
public record SequenceCheck(StreamName stream, List<PyPattern> patterns, LineSelection selection)
        implements Check {
    public SequenceCheck {
        patterns = List.copyOf(patterns);
    }

    @Override
    public String kind() {
        return "sequence";
    }

    @Override
    public String apply(StreamTexts texts) {
        List<String> got = selection.apply(texts.get(stream));
        if (got.size() != patterns.size()) {
            return "sequence" + selection.tag() + ": expected " + patterns.size() + " lines, got " + got.size() + ": "
                    + PyRepr.shortened(got, 240);
        }
        for (int i = 0; i < got.size(); i++) {
            if (!patterns.get(i).fullmatch(got.get(i))) {
                return "sequence" + selection.tag() + ": line " + (i + 1) + " " + PyRepr.shortened(got.get(i), 160)
                        + " does not match " + PyRepr.shortened(patterns.get(i).source(), 160);
            }
        }
        return null;
    }
}
