package dev.graalpymp.conformance.python;

/** A Python regular expression or {@code re.sub} template that Python rejects: its {@code re.error}. */
public final class PythonRegexException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PythonRegexException(String message) {
        super(message);
    }
}
