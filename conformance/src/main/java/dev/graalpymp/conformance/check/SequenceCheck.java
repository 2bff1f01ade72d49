package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.python.PythonText;

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
                    + PythonText.shortRepr(got, 240);
        }
        int i = PythonText.firstMismatch(patterns, got);
        if (i < 0) {
            return null;
        }
        return "sequence" + selection.tag() + ": line " + (i + 1) + " " + PythonText.shortRepr(got.get(i), 160)
                + " does not match " + PythonText.shortRepr(patterns.get(i).source(), 160);
    }
}
