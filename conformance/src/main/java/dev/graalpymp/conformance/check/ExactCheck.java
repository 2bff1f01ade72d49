package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.python.PythonText;

/** {@code exact}: the stream equals the text. */
public record ExactCheck(StreamName stream, String text) implements Check {
    @Override
    public String kind() {
        return "exact";
    }

    @Override
    public String apply(StreamTexts texts) {
        String got = texts.get(stream);
        if (got.equals(text)) {
            return null;
        }
        return "exact: expected " + PythonText.shortRepr(text, 160) + ", got " + PythonText.shortRepr(got, 160);
    }
}
