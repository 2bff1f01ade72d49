package dev.graalpymp.host;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.Syscalls;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A process's {@code signal.set_wakeup_fd}: when a signal whose disposition is a Python handler arrives, its
 * number is written as one byte to that fd, at arrival, by the thread that delivers it (CPython writes it in its
 * C-level handler, before the Python handler runs), so that a {@code select} or {@code poll} on the other end
 * wakes at once (asyncio's self-pipe). Only a kernel fd (a pipe or socket pair end) can be written from here;
 * the Python side writes to one of GraalPy's own fds itself, when the handler runs.
 *
 * <p>A write never waits. A failure is kept for the Python side, which reports it as CPython does ("Exception
 * ignored when trying to write to the signal wakeup fd") before the handler runs: EAGAIN (the fd is full) only
 * if {@code warn_on_full_buffer}.
 */
final class SignalWakeupFd {

    private final Syscalls syscalls;
    private volatile int fd = -1;
    private volatile boolean warnOnFullBuffer = true;
    private final Queue<Integer> failures = new ConcurrentLinkedQueue<>();

    SignalWakeupFd(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    /** The kernel fd to write to (-1: none, or one of GraalPy's, which the Python side writes). */
    void set(int kernelFd, boolean warn) {
        warnOnFullBuffer = warn;
        fd = kernelFd;
    }

    /** A signal with a Python handler has arrived: its byte, now. */
    void signalArrived(int signum) {
        int target = fd;
        if (target < 0) {
            return;
        }
        int errno;
        try {
            errno = syscalls.writeSignalByte(target, signum);
        } catch (RuntimeException ended) {
            return; // the process is ending: nothing will read the byte or report
        }
        if (errno != 0 && (errno != Errno.EAGAIN || warnOnFullBuffer)) {
            failures.add(errno);
        }
    }

    /** The errno of the oldest write that failed and was not reported yet, 0 if none. */
    int takeFailure() {
        Integer errno = failures.poll();
        return errno == null ? 0 : errno;
    }
}
