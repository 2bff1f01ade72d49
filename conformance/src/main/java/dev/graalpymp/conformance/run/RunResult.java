package dev.graalpymp.conformance.run;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one run of an example produced.
 *
 * @param command         the command line actually started
 * @param rc              exit status (128 + signal when killed by a signal; 124 when the timeout fired)
 * @param stdout          raw stdout bytes
 * @param stderr          raw stderr bytes
 * @param exitSeconds     seconds from start until the process exited
 * @param wallSeconds     seconds from start until both pipes reached EOF (or reading was given up)
 * @param timedOut        the timeout fired and the process tree was killed
 * @param outputCutOff    reading stopped before EOF (some process kept a pipe open too long)
 * @param straysKilled    descendants still alive after the run that were killed so the next run starts clean
 */
public record RunResult(List<String> command, int rc, byte[] stdout, byte[] stderr, double exitSeconds,
                        double wallSeconds, boolean timedOut, boolean outputCutOff, int straysKilled) {
    /** Exit status {@code timeout(1)} reports for a timed-out command. */
    public static final int TIMEOUT_RC = 124;

    public RunResult {
        command = List.copyOf(command);
    }

    /** stdout decoded as UTF-8, malformed bytes replaced (as check.py reads files). */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** stderr decoded as UTF-8, malformed bytes replaced. */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
