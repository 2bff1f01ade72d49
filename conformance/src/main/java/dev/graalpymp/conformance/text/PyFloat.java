package dev.graalpymp.conformance.text;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Python's {@code float(str)}: surrounding whitespace, digit-separating underscores, inf/nan spellings. */
public final class PyFloat {
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)"
                    + "(?:[eE][+-]?[0-9](?:_?[0-9])*)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?:inf|infinity|nan)");

    private PyFloat() {
    }

    /** The value, or empty when Python's float() would raise ValueError. */
    public static OptionalDouble parse(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        String s = text.strip();
        if (DECIMAL.matcher(s).matches()) {
            return OptionalDouble.of(Double.parseDouble(s.replace("_", "")));
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (SPECIAL.matcher(lower).matches()) {
            boolean negative = lower.startsWith("-");
            if (lower.contains("nan")) {
                return OptionalDouble.of(Double.NaN);
            }
            return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        return OptionalDouble.empty();
    }
}
