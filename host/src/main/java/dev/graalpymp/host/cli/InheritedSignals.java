package dev.graalpymp.host.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signals this JVM's OS process started with ignored (SIG_IGN), which its program must start with ignored
 * too, as CPython keeps them: {@code nohup} ignores SIGHUP, a shell's background job SIGINT. Linux shows them
 * as the mask {@code SigIgn} of {@code /proc/self/status}; read before the launcher installs any handler.
 */
final class InheritedSignals {
    /**
     * Signals the JVM itself takes at its start whatever the parent left (SIGPIPE and SIGXFSZ, which CPython
     * ignores anyway; SIGUSR2 for suspending threads; SIGQUIT for thread dumps). SIGHUP, SIGINT and SIGTERM it
     * leaves ignored when they were.
     */
    private static final Set<Integer> TAKEN_BY_THE_JVM = Set.of(3, 12, 13, 25);

    private InheritedSignals() {
    }

    /** The standard signals (1-31) ignored now. */
    static Set<Integer> ignored() {
        try {
            return fromStatus(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException e) {
            throw new IllegalStateException("graalpy-mp needs Linux's /proc/self/status: " + e.getMessage(), e);
        }
    }

    /** The signals of the {@code SigIgn} line of a {@code /proc/PID/status} file, but the JVM's own. */
    static Set<Integer> fromStatus(Iterable<String> lines) {
        Set<Integer> ignored = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                for (int signal = 1; signal <= 31; signal++) {
                    if ((mask >>> (signal - 1) & 1) != 0 && !TAKEN_BY_THE_JVM.contains(signal)) {
                        ignored.add(signal);
                    }
                }
            }
        }
        return ignored;
    }
}
