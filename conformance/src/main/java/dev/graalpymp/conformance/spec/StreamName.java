package dev.graalpymp.conformance.spec;

/** The two captured output streams a check can look at. */
public enum StreamName {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String key;

    StreamName(String key) {
        this.key = key;
    }

    /** The spelling used in spec files and failure messages. */
    public String key() {
        return key;
    }

    /** Parses "stdout" / "stderr". */
    public static StreamName of(String key) {
        for (StreamName s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new SpecException("bad stream '" + key + "'");
    }
}
