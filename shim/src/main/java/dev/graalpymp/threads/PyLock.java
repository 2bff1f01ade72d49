package dev.graalpymp.threads;

import dev.graalpymp.kernel.PythonVisible;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * CPython's {@code _thread.lock}: a non-reentrant mutex that any thread may release (so it also serves as a
 * binary semaphore, as {@code threading.Condition} and {@code Thread.join} use it). Blocking acquires are
 * interruptible: when the process is cancelled, the waiting thread gets {@link InterruptedException} and
 * the Python side unwinds instead of waiting forever.
 */
public final class PyLock {

    /** state 0 = unlocked, 1 = locked; no owner, because CPython's lock has none. */
    private static final class Sync extends AbstractQueuedSynchronizer {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean tryAcquire(int ignored) {
            return compareAndSetState(0, 1);
        }

        @Override
        protected boolean tryRelease(int ignored) {
            if (!compareAndSetState(1, 0)) {
                throw new IllegalMonitorStateException();
            }
            return true;
        }

        boolean locked() {
            return getState() != 0;
        }
    }

    private final Sync sync = new Sync();

    /** Takes the lock if it is free, never waiting. */
    @PythonVisible
    public boolean tryAcquire() {
        return sync.tryAcquire(1);
    }

    /**
     * Takes the lock, waiting at most {@code timeoutNanos} (negative: without limit). Returns whether it
     * was taken.
     */
    @PythonVisible
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (timeoutNanos < 0) {
            sync.acquireInterruptibly(1);
            return true;
        }
        return sync.tryAcquireNanos(1, timeoutNanos);
    }

    /** Frees the lock; false, changing nothing, if it was not locked (Python raises RuntimeError then). */
    @PythonVisible
    public boolean release() {
        try {
            return sync.release(1);
        } catch (IllegalMonitorStateException unlocked) {
            return false;
        }
    }

    /** Whether some thread holds the lock. */
    @PythonVisible
    public boolean locked() {
        return sync.locked();
    }

    /** Nanoseconds from seconds as CPython rounds a lock timeout (towards +infinity, in microseconds). */
    static long nanos(double seconds) {
        return (long) Math.ceil(seconds * 1e6) * 1000L;
    }

    @Override
    public String toString() {
        return (locked() ? "locked" : "unlocked") + " lock";
    }

    /** Unused by Python; keeps TimeUnit import meaningful for callers converting timeouts. */
    static long toNanos(long value, TimeUnit unit) {
        return unit.toNanos(value);
    }
}
