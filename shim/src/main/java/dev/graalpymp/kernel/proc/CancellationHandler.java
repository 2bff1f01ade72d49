package dev.graalpymp.kernel.proc;

/**
 * The host's way to stop a virtual process that was sent a terminating signal: it closes (cancels) the
 * process's GraalPy context. Called at most once per process, on the killer's thread, outside kernel locks;
 * it should not block for long. The process becomes a zombie only when the host then reports its end with
 * {@link VirtualProcess#exit(int)}, whose status will report the signal.
 */
@FunctionalInterface
public interface CancellationHandler {

    void onKill(int signal);
}
