package dev.graalpymp.kernel.sem;

import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.HandlerInterrupts;
import dev.graalpymp.kernel.wait.KernelWait;

/**
 * One {@code SemLock} object's use of a kernel semaphore in one process: the kernel count plus what CPython's
 * {@code _multiprocessing.SemLock} keeps per object (its kind, its release limit, its acquisitions not yet
 * released and the thread that acquired last), so that an acquire or a release, recursive or not, is one call
 * from Python with no Python-side bookkeeping (each Python operation costs ~1 µs in GraalPy's interpreter, where
 * a child's code runs for its first seconds). A thread is the Java thread running the Python thread. A wait ends
 * with {@link dev.graalpymp.kernel.ProcessCancelledException} when the process is killed.
 */
public final class SemaphoreUse {
    /** {@code _multiprocessing}'s kind of a lock owned by a thread, which it may acquire again. */
    public static final int RECURSIVE_MUTEX = 0;
    /** {@link #release} results: done, the recursive lock is not the calling thread's, the value is at its limit. */
    public static final int RELEASED = 0;
    public static final int NOT_OWNED = 1;
    public static final int AT_LIMIT = 2;

    private final KernelSemaphore semaphore;
    private final Cancellation cancellation;
    private final boolean recursive;
    private final int limit; // a release posts only below it
    // Several threads of the process may use one SemLock (the GIL is released around host calls): guarded by this.
    private int acquired;
    private Thread lastOwner;

    SemaphoreUse(KernelSemaphore semaphore, Cancellation cancellation, int kind, int maxValue) {
        this.semaphore = semaphore;
        this.cancellation = cancellation;
        this.recursive = kind == RECURSIVE_MUTEX;
        this.limit = recursive ? Integer.MAX_VALUE : maxValue;
    }

    /**
     * {@code SemLock.acquire}: again by the owning thread of a recursive lock, or one unit of the count, waiting
     * up to {@code timeoutSeconds} (negative: no limit; 0: no wait, a non-blocking acquire). Returns whether it
     * acquired. The wait is restarted after a handler with SA_RESTART, as sem_timedwait is (signal(7)).
     */
    @PythonVisible
    public boolean acquire(double timeoutSeconds) {
        Thread me = Thread.currentThread();
        if (recursive) {
            synchronized (this) {
                if (acquired > 0 && lastOwner == me) {
                    acquired++;
                    return true;
                }
            }
        }
        cancellation.throwIfCancelled();
        if (!semaphore.tryAcquire()) {
            if (timeoutSeconds == 0 || !HandlerInterrupts.restartable(cancellation,
                    () -> semaphore.acquire(cancellation, KernelWait.secondsToNanos(timeoutSeconds)))) {
                return false;
            }
        }
        synchronized (this) {
            acquired++;
            lastOwner = me;
        }
        return true;
    }

    /**
     * {@code SemLock.release}: once less by the owning thread of a recursive lock that it holds several times,
     * else a unit posted unless the value is at the limit. Returns {@link #RELEASED}, {@link #NOT_OWNED} or
     * {@link #AT_LIMIT} (Python raises CPython's error for the last two).
     */
    @PythonVisible
    public synchronized int release() {
        if (recursive) {
            if (acquired == 0 || lastOwner != Thread.currentThread()) {
                return NOT_OWNED;
            }
            if (acquired > 1) {
                acquired--;
                return RELEASED;
            }
        }
        // Posted and uncounted in one step under this object's lock: another thread of the process that takes
        // the unit at once counts its own acquisition after this one is gone. Counted after the post, it could
        // read _count() as 2 in between (Condition.wait then released once too few and the lock stayed held
        // for good: CPython's test_notify_all).
        if (!semaphore.releaseBelow(limit)) {
            return AT_LIMIT;
        }
        acquired--;
        return RELEASED;
    }

    /** {@code SemLock._count}: acquisitions through this object not yet released. */
    @PythonVisible
    public synchronized int count() {
        return acquired;
    }

    /** {@code SemLock._is_mine}: held through this object, acquired last by the calling thread. */
    @PythonVisible
    public synchronized boolean isMine() {
        return acquired > 0 && lastOwner == Thread.currentThread();
    }

    /** {@code SemLock._after_fork}: a child holds none of its parent's acquisitions. */
    @PythonVisible
    public synchronized void afterFork() {
        acquired = 0;
    }

    /** Whether this is a {@link #RECURSIVE_MUTEX}, whose release after its thread's acquire cannot fail. */
    public boolean isRecursive() {
        return recursive;
    }

    @PythonVisible
    public int value() {
        return semaphore.value();
    }
}
