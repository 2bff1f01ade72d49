package dev.graalpymp.kernel.proc;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.List;

/**
 * Blocked and pending signals of a process ({@code sigprocmask}, {@code sigpending}, {@code sigwait}): a signal
 * sent while blocked is held pending (once per signal, as Linux holds standard signals) instead of reaching the
 * process's handler or default action; unblocking releases it; {@code sigwait} takes one. SIGKILL and SIGSTOP
 * cannot be blocked. Masks are {@code long}s, bit {@code n - 1} standing for signal n.
 *
 * <p>Each thread has its own mask, as on Linux: a signal sent to the process is held only while every thread
 * blocks it; otherwise Linux hands it to a thread that does not, and CPython's handler then runs in the main
 * thread, as graalpy-mp's does anyway. (A process-wide mask let one thread that blocks everything, such as
 * multiprocessing's resource sharer, hold every signal of the process pending for good.) The main thread's mask
 * is {@code blockedSignals}; another thread's is in {@code threadMasks} from its first {@code sigprocmask} (a
 * Python thread's start sets the mask it inherits from its creator) until it ends. A thread the kernel has no
 * mask of is not counted: it blocks nothing, but it is not there to take a signal either.
 */
public final class SignalMasks {
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;
    private static final long UNBLOCKABLE = bit(Signals.SIGKILL) | bit(Signals.SIGSTOP);

    private final ProcessTable table;

    SignalMasks(ProcessTable table) {
        this.table = table;
    }

    static long bit(int signal) {
        return 1L << (signal - 1);
    }

    /**
     * {@code pthread_sigmask(how, mask)} of the calling thread: returns {@code {old mask, released, new mask}},
     * released being the pending signals no longer blocked by every thread, no longer pending: the caller
     * delivers them (its own handler may run at once). EINVAL for an unknown {@code how}.
     */
    public long[] sigprocmask(VirtualProcess process, int how, long mask) {
        table.lock.lock();
        try {
            long old = maskOfCallingThread(process);
            long blocked = switch (how) {
                case SIG_BLOCK -> old | mask;
                case SIG_UNBLOCK -> old & ~mask;
                case SIG_SETMASK -> mask;
                default -> throw new KernelException(Errno.EINVAL);
            };
            blocked &= ~UNBLOCKABLE;
            if (process.cancellation().isMainThread()) {
                process.blockedSignals = blocked;
            } else {
                process.threadMasks.put(Thread.currentThread(), blocked);
            }
            long released = process.pendingSignals & ~blockedByAll(process);
            process.pendingSignals &= ~released;
            return new long[] {old, released, blocked};
        } finally {
            table.lock.unlock();
        }
    }

    /**
     * The calling thread (not the main one) ends, or a reused host thread's Python thread does: its mask goes.
     * Nothing is released: one thread fewer blocks no fewer signals for all.
     */
    public void threadEnded(VirtualProcess process) {
        table.lock.lock();
        try {
            process.threadMasks.remove(Thread.currentThread());
        } finally {
            table.lock.unlock();
        }
    }

    /** The calling thread's mask (what a fork child inherits); the caller holds the lock. */
    long maskOfCallingThread(VirtualProcess process) {
        if (process.cancellation().isMainThread()) {
            return process.blockedSignals;
        }
        return process.threadMasks.getOrDefault(Thread.currentThread(), 0L);
    }

    /** The signals every thread of {@code process} blocks, dropping the masks of ended threads; lock held. */
    private static long blockedByAll(VirtualProcess process) {
        long blocked = process.blockedSignals;
        var masks = process.threadMasks.entrySet().iterator();
        while (masks.hasNext()) {
            var entry = masks.next();
            if (entry.getKey().isAlive()) {
                blocked &= entry.getValue();
            } else {
                masks.remove();
            }
        }
        return blocked;
    }

    /** {@code sigpending()}: the signals held pending. */
    public long pending(VirtualProcess process) {
        table.lock.lock();
        try {
            return process.pendingSignals;
        } finally {
            table.lock.unlock();
        }
    }

    /**
     * {@code sigtimedwait(mask, timeout)}: takes the lowest pending signal of {@code mask}, waiting up to
     * {@code timeoutNanos} ({@link KernelWait#FOREVER}: no limit) for one; returns {@code {signal, sender pid}}
     * (0: not sent by a process), or an empty array on timeout.
     */
    public int[] sigwait(VirtualProcess process, long mask, long timeoutNanos) {
        Waitable arrived = new Waitable() {
            @Override
            public boolean isReady() {
                return pendingOf(process, mask) != 0;
            }

            @Override
            public WaitQueue queue() {
                return process.pendingEvents;
            }
        };
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        while (true) {
            table.lock.lock();
            try {
                long ready = process.pendingSignals & mask;
                if (ready != 0) {
                    int signal = Long.numberOfTrailingZeros(ready) + 1;
                    process.pendingSignals &= ~bit(signal);
                    return new int[] {signal, process.pendingSenders[signal]};
                }
            } finally {
                table.lock.unlock();
            }
            long left = timeoutNanos > 0 ? Math.max(1, deadline - System.nanoTime()) : timeoutNanos;
            if (KernelWait.awaitAny(process.cancellation(), List.of(arrived), left).isEmpty()) {
                return new int[0]; // timed out (another sigwait may have taken the signal first: wait again)
            }
        }
    }

    private long pendingOf(VirtualProcess process, long mask) {
        table.lock.lock();
        try {
            return process.pendingSignals & mask;
        } finally {
            table.lock.unlock();
        }
    }

    /**
     * Holds {@code signal} pending if every thread of {@code target} blocks it (true), waking its
     * {@code sigwait}ers; the caller holds the lock.
     */
    boolean holdIfBlocked(VirtualProcess target, int signal, int senderPid) {
        if ((blockedByAll(target) & bit(signal)) == 0) {
            return false;
        }
        if ((target.pendingSignals & bit(signal)) == 0) {
            target.pendingSignals |= bit(signal);
            target.pendingSenders[signal] = senderPid;
        }
        target.pendingEvents.wakeAll();
        return true;
    }
}
