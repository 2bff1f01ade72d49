package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.python.PythonText;

/** {@code regex}: the pattern matches the whole stream ({@code re.fullmatch}). */
public record RegexCheck(StreamName stream, PyPattern pattern) implements Check {
    @Override
    public String kind() {
        return "regex";
    }

    @Override
    public String apply(StreamTexts texts) {
        String got = texts.get(stream);
        if (pattern.fullmatch(got)) {
            return null;
        }
        return "regex: " + PythonText.shortRepr(pattern.source(), 120) + " does not match the whole " + stream.key()
                + " " + PythonText.shortRepr(got, 240);
    }
}
