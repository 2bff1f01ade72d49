package dev.graalpymp.conformance.regex;

/**
 * A Python regular expression (or {@code re.sub} replacement template) that Python itself would reject, or
 * that uses a construct java.util.regex cannot express (conditional groups).
 */
public final class PythonRegexException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PythonRegexException(String message, String source, int position) {
        super(message + " at position " + position + " in " + source);
    }

    public PythonRegexException(String message, Throwable cause) {
        super(message, cause);
    }
}
