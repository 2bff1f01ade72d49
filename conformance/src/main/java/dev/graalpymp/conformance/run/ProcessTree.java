package dev.graalpymp.conformance.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process an example started and every descendant seen while it ran. Descendants are remembered by
 * polling because a child whose parent exits is re-parented and no longer shows up as a descendant;
 * {@link ProcessHandle#isAlive()} compares start times, so a remembered pid that was reused is not touched.
 */
final class ProcessTree {
    private final Process root;
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();

    ProcessTree(Process root) {
        this.root = root;
    }

    /** Records the current descendants. */
    void remember() {
        root.descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
    }

    /** SIGTERM to every descendant, then to the process itself (as {@code timeout} does). */
    void terminate() {
        remember();
        seen.values().forEach(ProcessHandle::destroy);
        root.destroy();
    }

    /** SIGKILL to everything still alive. */
    void kill() {
        remember();
        seen.values().stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    /** Kills remembered descendants that outlived the run; returns how many there were. */
    int killStrays() {
        int strays = 0;
        for (ProcessHandle h : seen.values()) {
            if (h.isAlive()) {
                h.destroyForcibly();
                strays++;
            }
        }
        return strays;
    }
}
