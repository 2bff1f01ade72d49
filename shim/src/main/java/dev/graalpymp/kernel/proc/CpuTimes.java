package dev.graalpymp.kernel.proc;

/** User and system CPU time in nanoseconds, as {@code getrusage} and {@code times} report them. */
public record CpuTimes(long userNanos, long systemNanos) {
    public static final CpuTimes ZERO = new CpuTimes(0, 0);

    public CpuTimes plus(CpuTimes other) {
        return new CpuTimes(userNanos + other.userNanos, systemNanos + other.systemNanos);
    }
}
