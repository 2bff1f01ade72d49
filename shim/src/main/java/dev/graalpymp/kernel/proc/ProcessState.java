package dev.graalpymp.kernel.proc;

/** Life cycle of a virtual process, as the process table sees it. */
public enum ProcessState {
    /** Its context runs (possibly already cancelled by a kill and about to end). */
    RUNNING,
    /** Ended; its wait status waits for the parent's {@code waitpid}. */
    ZOMBIE,
    /** Ended and removed from the table: its pid no longer exists. */
    REAPED
}
