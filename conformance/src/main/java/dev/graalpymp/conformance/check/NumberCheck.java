package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.regex.PyPattern;
import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.text.PyFloat;
import dev.graalpymp.conformance.text.PyRepr;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.MatchResult;

/**
 * {@code number}: group 1 of every match of the pattern is a number within [min, max]; the number of
 * matches lies within [count_min, count_max]; at most distinct_max distinct values (compared as text).
 */
public record NumberCheck(StreamName stream, PyPattern pattern, Optional<Number> min, Optional<Number> max,
                          Number countMin, Optional<Number> countMax, Optional<Number> distinctMax)
        implements Check {
    public NumberCheck {
        if (pattern.groupCount() < 1) {
            throw new IllegalArgumentException("number pattern " + pattern.source() + " has no group 1");
        }
    }

    @Override
    public String kind() {
        return "number";
    }

    @Override
    public String apply(StreamTexts texts) {
        List<String> values = pattern.findAll(texts.get(stream)).stream().map((MatchResult m) -> m.group(1)).toList();
        String shortPattern = PyRepr.shortened(pattern.source(), 100);
        if (values.size() < countMin.doubleValue()
                || (countMax.isPresent() && values.size() > countMax.get().doubleValue())) {
            return "number: " + values.size() + " matches of " + shortPattern + ", expected ["
                    + PyRepr.number(countMin) + ", " + countMax.map(PyRepr::number).orElse("∞") + "]";
        }
        for (String v : values) {
            OptionalDouble f = PyFloat.parse(v);
            if (f.isEmpty()) {
                return "number: " + PyRepr.shortened(v, 160) + " is not a number (" + shortPattern + ")";
            }
            double value = f.getAsDouble();
            boolean below = min.isPresent() && value < min.get().doubleValue();
            boolean above = max.isPresent() && value > max.get().doubleValue();
            if (below || above) {
                return "number: " + shortPattern + " = " + v + " outside [" + min.map(PyRepr::number).orElse("-∞")
                        + ", " + max.map(PyRepr::number).orElse("∞") + "]";
            }
        }
        int distinct = new HashSet<>(values).size();
        if (distinctMax.isPresent() && distinct > distinctMax.get().doubleValue()) {
            return "number: " + distinct + " distinct values of " + shortPattern + ", at most "
                    + (long) distinctMax.get().doubleValue() + " allowed";
        }
        return null;
    }
}
