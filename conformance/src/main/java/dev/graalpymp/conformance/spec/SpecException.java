package dev.graalpymp.conformance.spec;

/** A spec file that is malformed: missing fields, unknown check kinds, bad patterns. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
