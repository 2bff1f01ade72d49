package dev.graalpymp.kernel;

/**
 * Thrown to a thread of a virtual process that was killed or has exited while it was in (or entered) a kernel
 * call. Deliberately not a {@link KernelException}: it carries no errno because Python code must not catch it
 * as an {@code OSError}; the thread is meant to unwind while the host closes the process's context.
 */
public final class ProcessCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProcessCancelledException(String message) {
        super(message, null, false, false);
    }
}
