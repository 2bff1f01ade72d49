package dev.graalpymp.kernel;

/**
 * A failed kernel call: carries the Linux errno and the message CPython would show, so that the Python side
 * raises the matching {@code OSError} subclass ({@code BrokenPipeError} for EPIPE, {@code ChildProcessError}
 * for ECHILD, ...). Unchecked, like a syscall's error return that every caller may see.
 */
public final class KernelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String strerror;

    /** An error with the standard message for {@code errno}. */
    public KernelException(int errno) {
        this(errno, Errno.strerror(errno));
    }

    /** An error with a specific message, for limits of this kernel that CPython has no message for. */
    public KernelException(int errno, String strerror) {
        super("[Errno " + errno + "] " + strerror, null, false, false);
        this.errno = errno;
        this.strerror = strerror;
    }

    /** The Linux errno number. */
    @PythonVisible
    public int errno() {
        return errno;
    }

    /** The message for {@code OSError.strerror}. */
    @PythonVisible
    public String strerror() {
        return strerror;
    }
}
