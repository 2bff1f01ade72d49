package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.text.PyRepr;

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
        return "exact: expected " + PyRepr.shortened(text, 160) + ", got " + PyRepr.shortened(got, 160);
    }
}
