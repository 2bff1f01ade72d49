package dev.graalpymp.kernel.sem;

import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.HandlerInterrupts;
import dev.graalpymp.kernel.wait.KernelWait;

/**
 * One process's use of one kernel semaphore: what a {@code SemLock} keeps and calls directly, so that an acquire
 * or a release is one call with its own arguments only (no handle to look up). A wait ends with
 * {@link dev.graalpymp.kernel.ProcessCancelledException} when the process is killed.
 */
public final class SemaphoreUse {
    private final KernelSemaphore semaphore;
    private final Cancellation cancellation;

    SemaphoreUse(KernelSemaphore semaphore, Cancellation cancellation) {
        this.semaphore = semaphore;
        this.cancellation = cancellation;
    }

    /**
     * Takes one unit, waiting up to {@code timeoutSeconds} (negative: no limit); returns whether it was taken.
     * (A non-blocking acquire is {@link #tryAcquire}.)
     */
    @PythonVisible
    public boolean acquire(double timeoutSeconds) {
        cancellation.throwIfCancelled();
        // sem_wait and sem_timedwait are restarted after a handler with SA_RESTART (signal(7))
        return HandlerInterrupts.restartable(cancellation,
                () -> semaphore.acquire(cancellation, KernelWait.secondsToNanos(timeoutSeconds)));
    }

    /** Takes one unit if there is one, without waiting: the uncontended lock's whole acquire. */
    @PythonVisible
    public boolean tryAcquire() {
        cancellation.throwIfCancelled();
        return semaphore.tryAcquire();
    }

    /** Posts one unit unless the value is {@code limit} already; returns whether it posted. */
    @PythonVisible
    public boolean release(int limit) {
        return semaphore.releaseBelow(limit);
    }

    @PythonVisible
    public int value() {
        return semaphore.value();
    }
}
