package dev.graalpymp.conformance.python;

import java.util.List;
import org.graalvm.polyglot.Value;

/** A compiled Python {@code re} pattern of the checker's Python context. Create with {@link PythonText#compile}. */
public final class PyPattern {
    private final String source;
    private final int groups;
    /** The {@code re.Pattern}: only the context's thread may touch it. */
    private final Value handle;

    PyPattern(String source, int groups, Value handle) {
        this.source = source;
        this.groups = groups;
        this.handle = handle;
    }

    /** The Python source of the pattern. */
    public String source() {
        return source;
    }

    /** Python's {@code pattern.groups}. */
    public int groups() {
        return groups;
    }

    Value handle() {
        return handle;
    }

    /** {@code pattern.fullmatch(text) is not None}. */
    public boolean fullmatch(String text) {
        return PythonText.fullmatch(this, text);
    }

    /** {@code pattern.search(text) is not None}. */
    public boolean search(String text) {
        return PythonText.search(this, text);
    }

    /** The number of {@code pattern.finditer(text)}'s matches. */
    public int countMatches(String text) {
        return PythonText.countMatches(this, text);
    }

    /** {@code pattern.sub(template, text)}. */
    public String sub(String template, String text) {
        return PythonText.subAll(List.of(this), List.of(template), text);
    }

    @Override
    public String toString() {
        return source;
    }
}
