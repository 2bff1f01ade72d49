package dev.graalpymp.conformance.text;

import java.math.BigDecimal;
import java.util.List;

/**
 * Python's {@code repr()} of strings, lists of strings and numbers, and check.py's {@code short()}, so that
 * failure messages read exactly like the reference checker's.
 */
public final class PyRepr {
    private PyRepr() {
    }

    /** {@code repr(s)} for a str (or {@code None} for null). */
    public static String of(String s) {
        if (s == null) {
            return "None";
        }
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> appendEscaped(out, cp, quote));
        return out.append(quote).toString();
    }

    /** {@code repr(list_of_str)}. */
    public static String of(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(of(items.get(i)));
        }
        return out.append(']').toString();
    }

    /** check.py's {@code short(s, n)}: the repr, cut to n code points with a trailing "...". */
    public static String shortened(String s, int n) {
        return truncate(of(s), n);
    }

    /** check.py's {@code short(list, n)}. */
    public static String shortened(List<String> items, int n) {
        return truncate(of(items), n);
    }

    /** {@code str(x)} of a number decoded from JSON (Python int or float). */
    public static String number(Number n) {
        if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
            return floatRepr(n.doubleValue());
        }
        return n.toString();
    }

    /** {@code repr(float)}: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = d < 0 ? "-" : "";
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static String truncate(String s, int n) {
        int length = s.codePointCount(0, s.length());
        if (length <= n) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, n - 3)) + "...";
    }

    private static void appendEscaped(StringBuilder out, int cp, char quote) {
        switch (cp) {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (cp == quote) {
                    out.append('\\').append(quote);
                } else if (isPrintable(cp)) {
                    out.appendCodePoint(cp);
                } else if (cp <= 0xff) {
                    out.append(String.format("\\x%02x", cp));
                } else if (cp <= 0xffff) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    /** Python's str.isprintable() for one character: not Cc/Cf/Cs/Co/Cn/Zl/Zp, and Zs only for space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
