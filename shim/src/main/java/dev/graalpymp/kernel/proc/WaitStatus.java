package dev.graalpymp.kernel.proc;

/**
 * Linux wait-status encoding (what {@code os.waitpid} returns and {@code os.WIFEXITED} & co. decode):
 * exit code n → {@code n << 8}; killed by signal s → {@code s}. The kernel encodes every virtual process's
 * status here; the decoders are the host's (a run's exit code). Python's {@code os.W*} and
 * {@code os.waitstatus_to_exitcode} must be functions of {@code os} in Python, so they are the other copy of
 * the decoding (graalpy_mp.overlays.os_wait), which also encodes the status of a real OS child
 * (subprocess) from the exit code GraalPy reports. There is no third copy (the C client's WIFEXITED is libc's).
 */
public final class WaitStatus {
    private WaitStatus() {
    }

    /** Status of a process that exited with {@code code}; only the low 8 bits survive, as with {@code _exit}. */
    public static int exited(int code) {
        return (code & 0xff) << 8;
    }

    /** Status of a process terminated by {@code signal}. */
    public static int signaled(int signal) {
        return signal & 0x7f;
    }

    public static int exitCode(int status) {
        return (status >> 8) & 0xff;
    }

    public static boolean isSignaled(int status) {
        return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;
    }

    public static int termSignal(int status) {
        return status & 0x7f;
    }
}
