package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.python.PythonText;
import dev.graalpymp.conformance.spec.StreamName;

import java.util.Optional;

/**
 * {@code count}: the number of non-overlapping occurrences of a literal text, or of matches of a pattern,
 * lies within [min, max] (no max = unbounded).
 */
public record CountCheck(StreamName stream, Optional<String> text, Optional<PyPattern> pattern, Number min,
                         Optional<Number> max) implements Check {
    public CountCheck {
        if (text.isPresent() == pattern.isPresent()) {
            throw new IllegalArgumentException("count needs exactly one of text and pattern");
        }
    }

    @Override
    public String kind() {
        return "count";
    }

    @Override
    public String apply(StreamTexts texts) {
        String got = texts.get(stream);
        int n = text.map(t -> PythonText.countText(got, t))
                .orElseGet(() -> pattern.orElseThrow().countMatches(got));
        String what = text.orElseGet(() -> pattern.orElseThrow().source());
        boolean tooFew = n < min.doubleValue();
        boolean tooMany = max.isPresent() && n > max.get().doubleValue();
        if (!tooFew && !tooMany) {
            return null;
        }
        String range = max.isPresent() && max.get().doubleValue() == min.doubleValue()
                ? "== " + (long) min.doubleValue()
                : "[" + PythonText.number(min) + ", " + max.map(PythonText::number).orElse("∞") + "]";
        return "count: " + PythonText.shortRepr(what, 100) + " occurs " + n + " times in " + stream.key() + ", expected "
                + range;
    }
}
