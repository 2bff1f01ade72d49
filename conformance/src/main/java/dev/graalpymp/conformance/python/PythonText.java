package dev.graalpymp.conformance.python;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * Python's own {@code re}, {@code repr}, {@code float()} and line splitting for the checker, as GraalPy runs them
 * (its {@code re} is TRegex's Python flavour), so that the checker judges text exactly as the reference
 * {@code check.py} does under CPython 3.12. Each method is one call into Python with a whole stream or list.
 */
public final class PythonText {
    private static final Map<String, PyPattern> PATTERNS = new ConcurrentHashMap<>();

    private PythonText() {
    }

    /** {@code re.compile(source)}, cached; a {@link PythonRegexException} where Python raises {@code re.error}. */
    public static PyPattern compile(String source) {
        return PATTERNS.computeIfAbsent(source, s -> {
            try {
                return call(compiled -> new PyPattern(s, compiled.getArrayElement(1).asInt(),
                        compiled.getArrayElement(0)), "compile_pattern", s);
            } catch (PythonRegexException e) {
                throw new PythonRegexException(e.getMessage() + " in " + s);
            }
        });
    }

    static boolean fullmatch(PyPattern pattern, String text) {
        return call(Value::asBoolean, "fullmatch", pattern.handle(), text);
    }

    static boolean search(PyPattern pattern, String text) {
        return call(Value::asBoolean, "search", pattern.handle(), text);
    }

    static int countMatches(PyPattern pattern, String text) {
        return call(Value::asInt, "count_matches", pattern.handle(), text);
    }

    /** The stream's lines (split on "\n", one final empty piece dropped) that {@code select} finds, or all. */
    public static List<String> lines(String text, Optional<PyPattern> select) {
        return call(PythonText::strings, "lines", text, select.map(PyPattern::handle).orElse(null));
    }

    /** The index of the first of {@code lines} its pattern does not fullmatch, or -1 (lists of equal size). */
    public static int firstMismatch(List<PyPattern> patterns, List<String> lines) {
        return call(Value::asInt, "first_mismatch", handles(patterns), lines);
    }

    /** {@code text.count(sub)}, 0 for an empty sub. */
    public static int countText(String text, String sub) {
        return call(Value::asInt, "count_text", text, sub);
    }

    /** Group 1 of every match of the pattern, null where that group did not take part. */
    public static List<String> group1Values(PyPattern pattern, String text) {
        return call(PythonText::strings, "group1_values", pattern.handle(), text);
    }

    /** {@code float(t)} of each text; null where Python raises. */
    public static List<Double> floats(List<String> texts) {
        return call(list -> {
            List<Double> out = new ArrayList<>();
            for (long i = 0; i < list.getArraySize(); i++) {
                Value f = list.getArrayElement(i);
                out.add(f.isNull() ? null : f.asDouble());
            }
            return out;
        }, "floats", texts);
    }

    /** The non-empty matches of a pattern in text, and the text outside them. */
    public record MessageSplit(List<String> messages, String residue) {
    }

    public static MessageSplit splitMessages(PyPattern pattern, String text) {
        return call(split -> new MessageSplit(strings(split.getArrayElement(0)), split.getArrayElement(1).asString()),
                "split_messages", pattern.handle(), text);
    }

    /** {@code re.sub(patterns[i], templates[i], text)} for each i in turn. */
    public static String subAll(List<PyPattern> patterns, List<String> templates, String text) {
        return call(Value::asString, "sub_all", handles(patterns), templates, text);
    }

    /** {@code text.splitlines(True)} without the lines some pattern finds, joined again. */
    public static String dropLines(List<PyPattern> patterns, String text) {
        return call(Value::asString, "drop_lines", handles(patterns), text);
    }

    /** {@code repr(s)} ("None" for null). */
    public static String repr(String s) {
        return shortRepr(s, Integer.MAX_VALUE);
    }

    /** check.py's {@code short(s, n)}: the repr, cut to n code points with a trailing "...". */
    public static String shortRepr(String s, int n) {
        return call(Value::asString, "short", s, n);
    }

    /** check.py's {@code short(items, n)} of a list of str. */
    public static String shortRepr(List<String> items, int n) {
        return call(Value::asString, "short", items, n);
    }

    /** {@code str(x)} of a number decoded from JSON (a Python int, or a float when JSON wrote a fraction). */
    public static String number(Number n) {
        if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
            return call(Value::asString, "float_repr", n.doubleValue());
        }
        return n.toString();
    }

    /**
     * Calls the module's {@code function} and converts its result on the context's thread. Python's rejection of
     * a pattern or template becomes a {@link PythonRegexException} with Python's message: {@code re.error}, or
     * the {@code IndexError} of {@code re.sub} for a template's unknown group name.
     */
    private static <T> T call(Function<Value, T> convert, String function, Object... args) {
        return PythonContext.shared().run(module -> {
            try {
                return convert.apply(module.getMember(function).execute(args));
            } catch (PolyglotException e) {
                if (e.isGuestException() && module.getMember("error").isMetaInstance(e.getGuestObject())) {
                    throw new PythonRegexException("re." + e.getMessage());
                }
                if (e.isGuestException() && module.getMember("IndexError").isMetaInstance(e.getGuestObject())) {
                    throw new PythonRegexException(e.getMessage());
                }
                throw e;
            }
        });
    }

    private static List<Value> handles(List<PyPattern> patterns) {
        return patterns.stream().map(PyPattern::handle).toList();
    }

    private static List<String> strings(Value list) {
        List<String> out = new ArrayList<>();
        for (long i = 0; i < list.getArraySize(); i++) {
            Value s = list.getArrayElement(i);
            out.add(s.isNull() ? null : s.asString());
        }
        return out;
    }
}
