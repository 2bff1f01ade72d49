package dev.graalpymp.kernel.wait;

import dev.graalpymp.kernel.ProcessCancelledException;

/**
 * The "this process is being killed or has exited" flag of one virtual process. Every blocking kernel call of
 * the process also waits on it, so that cancelling wakes all of the process's blocked threads at once and they
 * end with a {@link ProcessCancelledException} instead of staying parked.
 */
public final class Cancellation implements Waitable {
    private final WaitQueue queue = new WaitQueue();
    private volatile String reason;
    private volatile HandlerInterrupts interrupts;

    /** The signal handlers that interrupt the process's main thread's waits (see {@link HandlerInterrupts}). */
    public void setInterrupts(HandlerInterrupts interrupts) {
        this.interrupts = interrupts;
    }

    /** The handler interrupts of the calling thread's waits: null unless it is the process's main thread. */
    HandlerInterrupts interruptsOfCurrentThread() {
        HandlerInterrupts current = interrupts;
        return current != null && current.isCurrentThread() ? current : null;
    }

    /**
     * Whether the calling thread is the process's main thread: the one whose waits handlers interrupt; every
     * thread counts as it before the host has named it (a kernel without a host runs one thread per process).
     */
    public boolean isMainThread() {
        HandlerInterrupts current = interrupts;
        return current == null || current.isCurrentThread();
    }

    /** Cancels (first reason wins) and wakes every thread of the process blocked in the kernel. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why;
            }
        }
        queue.wakeAll();
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Throws {@link ProcessCancelledException} if cancelled; the check at the start of every kernel call. */
    public void throwIfCancelled() {
        String why = reason;
        if (why != null) {
            throw new ProcessCancelledException(why);
        }
    }

    @Override
    public boolean isReady() {
        return isCancelled();
    }

    @Override
    public WaitQueue queue() {
        return queue;
    }
}
