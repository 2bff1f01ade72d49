package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.python.PythonText;
import dev.graalpymp.conformance.spec.StreamName;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code number}: group 1 of every match of the pattern is a number within [min, max]; the number of
 * matches lies within [count_min, count_max]; at most distinct_max distinct values (compared as text).
 */
public record NumberCheck(StreamName stream, PyPattern pattern, Optional<Number> min, Optional<Number> max,
                          Number countMin, Optional<Number> countMax, Optional<Number> distinctMax)
        implements Check {
    public NumberCheck {
        if (pattern.groups() < 1) {
            throw new IllegalArgumentException("number pattern " + pattern.source() + " has no group 1");
        }
    }

    @Override
    public String kind() {
        return "number";
    }

    @Override
    public String apply(StreamTexts texts) {
        List<String> values = PythonText.group1Values(pattern, texts.get(stream));
        String shortPattern = PythonText.shortRepr(pattern.source(), 100);
        if (values.size() < countMin.doubleValue()
                || (countMax.isPresent() && values.size() > countMax.get().doubleValue())) {
            return "number: " + values.size() + " matches of " + shortPattern + ", expected ["
                    + PythonText.number(countMin) + ", " + countMax.map(PythonText::number).orElse("∞") + "]";
        }
        List<Double> floats = PythonText.floats(values);
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            Double value = floats.get(i);
            if (value == null) {
                return "number: " + PythonText.shortRepr(v, 160) + " is not a number (" + shortPattern + ")";
            }
            boolean below = min.isPresent() && value < min.get().doubleValue();
            boolean above = max.isPresent() && value > max.get().doubleValue();
            if (below || above) {
                return "number: " + shortPattern + " = " + v + " outside [" + min.map(PythonText::number).orElse("-∞")
                        + ", " + max.map(PythonText::number).orElse("∞") + "]";
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
