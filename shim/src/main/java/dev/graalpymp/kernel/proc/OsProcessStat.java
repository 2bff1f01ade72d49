package dev.graalpymp.kernel.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The process group and session of a real OS process, from Linux's {@code /proc/PID/stat}: for processes that
 * stand for OS processes (the main process, roots) and for {@code getpgid}/{@code getsid} of a real process
 * such as a {@code subprocess} child. The JDK has no call for them, and reading the file needs no native code.
 */
public final class OsProcessStat {
    private static final int PGRP = 2;    // after "pid (comm)": state, ppid, pgrp, session
    private static final int SESSION = 3;

    private OsProcessStat() {
    }

    /** The process group of OS process {@code pid}; empty if there is no such process (or no {@code /proc}). */
    public static OptionalInt groupOf(int pid) {
        return field(pid, PGRP);
    }

    /** The session of OS process {@code pid}; empty if there is no such process (or no {@code /proc}). */
    public static OptionalInt sessionOfProcess(int pid) {
        return field(pid, SESSION);
    }

    /** The session of OS process {@code pid}, or {@code pid} itself where it cannot be read. */
    static int sessionOf(int pid) {
        return sessionOfProcess(pid).orElse(pid);
    }

    private static OptionalInt field(int pid, int index) {
        if (pid <= 0) {
            return OptionalInt.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            // The command name is in parentheses and may hold spaces and parentheses itself: fields follow the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[index]));
        } catch (IOException | RuntimeException unreadable) {
            return OptionalInt.empty();
        }
    }
}
