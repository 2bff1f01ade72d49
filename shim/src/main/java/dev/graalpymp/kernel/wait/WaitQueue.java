package dev.graalpymp.kernel.wait;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The set of {@link Waiter}s interested in one kernel object's changes (Linux's {@code wait_queue_head}).
 * Thread-safe without a lock of its own, so that objects may wake it while holding their own locks.
 */
public final class WaitQueue {
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    public void add(Waiter waiter) {
        waiters.add(waiter);
    }

    public void remove(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** Wakes every subscribed waiter; each re-checks its own conditions. */
    public void wakeAll() {
        if (waiters.isEmpty()) {
            return; // the common case of a post or a write nobody waits for: no iterator made
        }
        for (Waiter waiter : waiters) {
            waiter.wake();
        }
    }
}
