package dev.graalpymp.conformance.regex;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles Python {@code re} patterns (as written in the corpus specs) into {@link PyPattern}s that behave
 * like Python's {@code re.fullmatch}, {@code re.search}, {@code re.finditer} and {@code re.sub}.
 */
public final class PythonRegex {
    /**
     * Java flags that give Python's str-pattern defaults: only {@code \n} ends a line (for {@code .}, {@code $}),
     * and {@code \d \w \s \b} and case folding are Unicode-aware.
     */
    public static final int JAVA_FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;

    private static final Map<String, PyPattern> CACHE = new ConcurrentHashMap<>();

    private PythonRegex() {
    }

    /** Compiles (and caches) a Python pattern; throws {@link PythonRegexException} where Python would fail. */
    public static PyPattern compile(String pythonPattern) {
        PyPattern cached = CACHE.get(pythonPattern);
        if (cached != null) {
            return cached;
        }
        PyPattern compiled = compileUncached(pythonPattern);
        CACHE.put(pythonPattern, compiled);
        return compiled;
    }

    /** The java.util.regex text a Python pattern translates to (for diagnostics and tests). */
    public static String toJava(String pythonPattern) {
        return RegexTranslator.translate(pythonPattern).javaPattern();
    }

    private static PyPattern compileUncached(String pythonPattern) {
        RegexTranslator.Translation t = RegexTranslator.translate(pythonPattern);
        try {
            Pattern java = Pattern.compile(t.javaPattern(), JAVA_FLAGS);
            Pattern nonEmpty = Pattern.compile("(?:" + t.javaPattern() + ")(?<=[\\s\\S])", JAVA_FLAGS);
            return new PyPattern(pythonPattern, java, nonEmpty, t.groupCount(), t.groupNames());
        } catch (PatternSyntaxException e) {
            throw new PythonRegexException("Python pattern " + pythonPattern + " translated to Java pattern "
                    + t.javaPattern() + " which java.util.regex rejects: " + e.getDescription(), e);
        }
    }
}
