package dev.graalpymp.kernel.sem;

import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counting semaphore shared by processes (a POSIX {@code sem_t}): what {@code multiprocessing}'s locks,
 * semaphores, conditions and events are built on. Ownership and recursion are the Python side's business,
 * as in CPython's {@code _multiprocessing.SemLock}; the kernel only counts. Ready (as a {@link Waitable}) while
 * its value is above zero. The count is a lock-free atomic, as glibc's {@code sem_t} is a futex word: two processes
 * hammering one Lock contend on a compare-and-set, not on a monitor (a contended monitor inflates and parks, which
 * on 2 cores cost 4x more: two Java threads on one semaphore, 0.45 -> 0.11 µs an acquire+release).
 */
public final class KernelSemaphore implements Waitable {
    private static final boolean SPINNING = Runtime.getRuntime().availableProcessors() > 1;
    private static final long SPIN_NANOS = Long.getLong("graalpymp.semaphoreSpinNanos", 5_000);

    private final WaitQueue queue = new WaitQueue();
    private final AtomicInteger value;

    public KernelSemaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative semaphore value " + value);
        }
        this.value = new AtomicInteger(value);
    }

    /** {@code sem_trywait}: takes one unit if there is one. */
    public boolean tryAcquire() {
        for (int current = value.get(); current > 0; current = value.get()) {
            if (value.compareAndSet(current, current - 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code sem_timedwait}: takes one unit, waiting up to {@code timeoutNanos} (negative: no limit) and
     * ending early with {@link dev.graalpymp.kernel.ProcessCancelledException} if the waiter is killed.
     * Returns false on timeout.
     */
    public boolean acquire(Cancellation cancellation, long timeoutNanos) {
        long deadline = System.nanoTime() + Math.max(timeoutNanos, 0);
        if (timeoutNanos != 0 && spinAcquire()) {
            return true;
        }
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

    /**
     * Tries for a few microseconds before parking, as glibc's adaptive mutexes spin: a holder running on another
     * core usually posts within that time (a Python loop holds its Lock for well under a microsecond), where a park
     * and the wake-up that ends it cost several microseconds each and more on a busy machine. Not on a single CPU,
     * where the holder cannot run while this thread spins. {@code -Dgraalpymp.semaphoreSpinNanos=0} turns it off (to
     * measure it).
     */
    private boolean spinAcquire() {
        if (!SPINNING) {
            return false;
        }
        long start = System.nanoTime();
        for (int spin = 1; ; spin++) {
            if (value.get() > 0 && tryAcquire()) {
                return true;
            }
            Thread.onSpinWait();
            if ((spin & 15) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                return false;
            }
        }
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
        int current;
        do {
            current = value.get();
            if (current >= limit) {
                return false;
            }
        } while (!value.compareAndSet(current, current + 1));
        // After the count: a waiter subscribes before it reads the count, so one of the two sees the other.
        queue.wakeAll();
        return true;
    }

    /** {@code sem_getvalue}. */
    public int value() {
        return value.get();
    }

    @Override
    public boolean isReady() {
        return value.get() > 0;
    }

    @Override
    public WaitQueue queue() {
        return queue;
    }
}
