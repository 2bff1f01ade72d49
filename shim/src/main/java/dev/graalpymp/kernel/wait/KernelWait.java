package dev.graalpymp.kernel.wait;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's one blocking primitive: wait until any of a set of {@link Waitable}s is ready, the timeout
 * elapses, or the waiting process is cancelled. Blocking read, write, waitpid, select and poll are all built on
 * it. No polling: the thread parks on its own {@link Waiter} until an object announces a change.
 */
public final class KernelWait {
    /** Timeout value meaning "no limit". Any negative value means the same. */
    public static final long FOREVER = -1;

    private KernelWait() {
    }

    /**
     * Blocks until at least one of {@code waitables} is ready and returns all that are ready at that moment
     * (in the given order), or returns an empty list once {@code timeoutNanos} elapsed (0: check once, negative:
     * no limit).
     *
     * @throws ProcessCancelledException if {@code cancellation} is or becomes cancelled; checked first
     * @throws KernelException EINTR if the Java thread is interrupted (its interrupt status is kept set)
     */
    public static <W extends Waitable> List<W> awaitAny(Cancellation cancellation, List<W> waitables,
                                                        long timeoutNanos) {
        cancellation.throwIfCancelled();
        List<W> ready = readyOnes(waitables);
        if (!ready.isEmpty() || timeoutNanos == 0) {
            return ready;
        }
        Waiter waiter = new Waiter();
        Set<WaitQueue> queues = new LinkedHashSet<>();
        queues.add(cancellation.queue());
        for (W waitable : waitables) {
            queues.add(waitable.queue());
        }
        queues.forEach(queue -> queue.add(waiter));
        HandlerInterrupts interrupts = cancellation.interruptsOfCurrentThread();
        if (interrupts != null) {
            interrupts.enter(cancellation.queue());
        }
        boolean returning = false;
        try {
            long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
            while (true) {
                // Subscribed before checking, so a change from here on wakes the waiter.
                cancellation.throwIfCancelled();
                if (interrupts != null) {
                    interrupts.runPending(); // PEP 475: the handler runs, then the wait goes on with the time left
                }
                ready = readyOnes(waitables);
                if (!ready.isEmpty()) {
                    returning = true;
                    return ready;
                }
                long remaining = timeoutNanos < 0 ? FOREVER : deadline - System.nanoTime();
                if (timeoutNanos > 0 && remaining <= 0) {
                    returning = true;
                    return ready;
                }
                waiter.await(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.throwIfCancelled();
            throw new KernelException(Errno.EINTR);
        } finally {
            queues.forEach(queue -> queue.remove(waiter));
            if (interrupts != null) {
                if (returning) {
                    interrupts.leave();
                } else {
                    interrupts.abandon();
                }
            }
        }
    }

    /** Blocks until {@code waitable} is ready (no timeout); see {@link #awaitAny}. */
    public static void await(Cancellation cancellation, Waitable waitable) {
        awaitAny(cancellation, List.of(waitable), FOREVER);
    }

    /** Nanoseconds for a timeout in seconds (negative: {@link #FOREVER}), saturating for huge values. */
    public static long secondsToNanos(double seconds) {
        if (seconds < 0) {
            return FOREVER;
        }
        double nanos = seconds * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(nanos);
    }

    private static <W extends Waitable> List<W> readyOnes(List<W> waitables) {
        List<W> ready = new ArrayList<>();
        for (W waitable : waitables) {
            if (waitable.isReady()) {
                ready.add(waitable);
            }
        }
        return ready;
    }
}
