package dev.graalpymp.kernel.sem;

import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.List;

/**
 * A counting semaphore shared by processes (a POSIX {@code sem_t}): what {@code multiprocessing}'s locks,
 * semaphores, conditions and events are built on. Ownership and recursion are the Python side's business,
 * as in CPython's {@code _multiprocessing.SemLock}; the kernel only counts. Ready (as a {@link Waitable}) while
 * its value is above zero.
 */
public final class KernelSemaphore implements Waitable {
    private final WaitQueue queue = new WaitQueue();
    private int value; // guarded by this

    public KernelSemaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative semaphore value " + value);
        }
        this.value = value;
    }

    /** {@code sem_trywait}: takes one unit if there is one. */
    public synchronized boolean tryAcquire() {
        if (value == 0) {
            return false;
        }
        value--;
        return true;
    }

    /**
     * {@code sem_timedwait}: takes one unit, waiting up to {@code timeoutNanos} (negative: no limit) and
     * ending early with {@link dev.graalpymp.kernel.ProcessCancelledException} if the waiter is killed.
     * Returns false on timeout.
     */
    public boolean acquire(Cancellation cancellation, long timeoutNanos) {
        long deadline = System.nanoTime() + Math.max(timeoutNanos, 0);
        while (!tryAcquire()) {
            long remaining = timeoutNanos < 0 ? KernelWait.FOREVER : deadline - System.nanoTime();
            if (timeoutNanos >= 0 && remaining <= 0) {
                return false;
            }
            // Woken when a unit is posted; another waiter may take it first: loop.
            KernelWait.awaitAny(cancellation, List.of(this), timeoutNanos < 0 ? KernelWait.FOREVER : remaining);
        }
        return true;
    }

    /** {@code sem_post}. */
    public void release() {
        releaseBelow(Integer.MAX_VALUE);
    }

    /**
     * {@code sem_post} unless the value has reached {@code limit} already (then false): a bounded semaphore's
     * release, checked and made in one step.
     */
    public boolean releaseBelow(int limit) {
        synchronized (this) {
            if (value >= limit) {
                return false;
            }
            value++;
        }
        queue.wakeAll();
        return true;
    }

    /** {@code sem_getvalue}. */
    public synchronized int value() {
        return value;
    }

    @Override
    public synchronized boolean isReady() {
        return value > 0;
    }

    @Override
    public WaitQueue queue() {
        return queue;
    }
}
