package dev.graalpymp.kernel.wait;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One blocked thread's wake-up latch: kernel objects call {@link #wake()} when something it subscribed to may
 * have changed. Created per blocking call and used only by the thread that created it.
 */
public final class Waiter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean woken;

    /** Marks the waiter woken and unparks its thread. Callable from any thread, under any kernel lock. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            signalled.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until woken or until {@code timeoutNanos} elapsed (negative: no limit), then clears the woken mark.
     *
     * @return whether the waiter was woken (rather than timed out)
     */
    boolean await(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (!woken) {
                if (timeoutNanos < 0) {
                    signalled.await();
                } else {
                    if (remaining <= 0) {
                        return false;
                    }
                    remaining = signalled.awaitNanos(remaining);
                }
            }
            woken = false;
            return true;
        } finally {
            lock.unlock();
        }
    }
}
