package dev.graalpymp.conformance.spec;

import java.util.Locale;

/**
 * How an example was run, which decides the alternatives that apply: the protocol run ({@code -u},
 * {@code PYTHONUNBUFFERED=1}), the buffered "real user" run, or unknown ({@link #ANY} accepts both).
 */
public enum Mode {
    UNBUFFERED,
    BUFFERED,
    ANY;

    /** The spelling used in spec files and on command lines. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "unbuffered" / "buffered" / "any". */
    public static Mode of(String key) {
        for (Mode m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + key + "' (unbuffered, buffered or any)");
    }
}
