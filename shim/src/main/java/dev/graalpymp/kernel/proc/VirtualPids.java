package dev.graalpymp.kernel.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where virtual pids start, chosen so that no real OS process (GraalPy's {@code subprocess} children get real
 * pids) can ever have the same pid: Linux pids are below {@code /proc/sys/kernel/pid_max}, which root may raise
 * at run time up to {@link #PID_MAX_LIMIT}, so virtual pids start above the larger of the two.
 */
public final class VirtualPids {
    /** Linux's PID_MAX_LIMIT on 64-bit systems: the highest value pid_max can be set to. */
    public static final int PID_MAX_LIMIT = 4 * 1024 * 1024;

    private static final Path PID_MAX = Path.of("/proc/sys/kernel/pid_max");

    private VirtualPids() {
    }

    /** The first pid to hand out to a virtual child process. */
    public static int firstVirtualPid() {
        return Math.max(readPidMax(), PID_MAX_LIMIT) + 1;
    }

    private static int readPidMax() {
        try {
            return Integer.parseInt(Files.readString(PID_MAX).trim());
        } catch (IOException | NumberFormatException | SecurityException unreadable) {
            return PID_MAX_LIMIT;
        }
    }
}
