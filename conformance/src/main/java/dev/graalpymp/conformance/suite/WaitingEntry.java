package dev.graalpymp.conformance.suite;

/** An example that is expected to fail until the capability of the given issue is built. */
public record WaitingEntry(String id, String issue, String capability) {
    /** "issue N: capability". */
    public String describe() {
        return "issue " + issue + ": " + capability;
    }
}
