package dev.graalpymp.kernel;

import java.util.Map;

/**
 * The Linux errno numbers the kernel reports, with the messages CPython 3.12 shows for them (glibc's
 * {@code strerror}), so that the Python side can raise {@code OSError(errno, strerror)} exactly as CPython does.
 */
public final class Errno {
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int ENOENT = 2;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int EADDRINUSE = 98;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(ENOENT, "No such file or directory"),
            Map.entry(EEXIST, "File exists"),
            Map.entry(ESRCH, "No such process"),
            Map.entry(EINTR, "Interrupted system call"),
            Map.entry(EBADF, "Bad file descriptor"),
            Map.entry(ECHILD, "No child processes"),
            Map.entry(EAGAIN, "Resource temporarily unavailable"),
            Map.entry(EINVAL, "Invalid argument"),
            Map.entry(EMFILE, "Too many open files"),
            Map.entry(EPIPE, "Broken pipe"),
            Map.entry(EADDRINUSE, "Address already in use"),
            Map.entry(ECONNREFUSED, "Connection refused"));

    private Errno() {
    }

    /** glibc's message for {@code errno}, as Python's {@code os.strerror} returns it. */
    public static String strerror(int errno) {
        String message = MESSAGES.get(errno);
        return message != null ? message : "Unknown error " + errno;
    }
}
