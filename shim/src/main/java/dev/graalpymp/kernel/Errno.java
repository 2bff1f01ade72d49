package dev.graalpymp.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The Linux errno numbers the kernel reports, with the messages CPython 3.12 shows for them (glibc's
 * {@code strerror}), so that the Python side can raise {@code OSError(errno, strerror)} exactly as CPython does.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENOENT = 2;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int ENOTSOCK = 88;
    public static final int EADDRINUSE = 98;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> MESSAGES = load("errno-messages.properties");
    private static final Map<String, Integer> NUMBERS = numbers();

    private Errno() {
    }

    /** glibc's messages, from the table Python's {@code os.strerror} also reads (through {@link Syscalls}). */
    private static Map<Integer, String> load(String resource) {
        Properties table = new Properties();
        try (InputStream in = Errno.class.getResourceAsStream(resource)) {
            table.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new ExceptionInInitializerError("graalpy-mp: the kernel's " + resource + " is missing: " + e);
        }
        Map<Integer, String> messages = new HashMap<>();
        table.forEach((errno, message) -> messages.put(Integer.valueOf((String) errno), (String) message));
        return Map.copyOf(messages);
    }

    private static Map<String, Integer> numbers() {
        Map<String, Integer> numbers = new HashMap<>();
        MESSAGES.forEach((errno, message) -> numbers.merge(message, errno, Math::min)); // EAGAIN before EWOULDBLOCK
        return Map.copyOf(numbers);
    }

    /**
     * The errno whose glibc message is {@code message}, or -1: the JDK reports a failed system call of its own
     * (a hard link, a symbolic link read) with only that text, as {@code FileSystemException.getReason()}.
     */
    public static int of(String message) {
        return message == null ? -1 : NUMBERS.getOrDefault(message, -1);
    }

    /** glibc's message for {@code errno}, as Python's {@code os.strerror} returns it. */
    public static String strerror(int errno) {
        String message = MESSAGES.get(errno);
        return message != null ? message : "Unknown error " + errno;
    }
}
