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
 * cannot be blocked. Masks are {@code long}s, bit {@code n - 1} standing for signal n. The mask is the process's:
 * graalpy-mp runs a process's handlers in its main thread, so threads do not keep masks of their own.
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
     * {@code sigprocmask(how, mask)}: returns {@code {old mask, released, new mask}}, released being the pending
     * signals the new mask unblocks, no longer pending: the caller delivers them (its own handler may run at once).
     * EINVAL for an unknown {@code how}.
     */
    public long[] sigprocmask(VirtualProcess process, int how, long mask) {
        table.lock.lock();
        try {
            long old = process.blockedSignals;
            long blocked = switch (how) {
                case SIG_BLOCK -> old | mask;
                case SIG_UNBLOCK -> old & ~mask;
                case SIG_SETMASK -> mask;
                default -> throw new KernelException(Errno.EINVAL);
            };
            process.blockedSignals = blocked & ~UNBLOCKABLE;
            long released = process.pendingSignals & ~process.blockedSignals;
            process.pendingSignals &= ~released;
            return new long[] {old, released, process.blockedSignals};
        } finally {
            table.lock.unlock();
        }
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
     * Holds {@code signal} pending if {@code target} blocks it (true), waking its {@code sigwait}ers; the caller
     * holds the lock.
     */
    boolean holdIfBlocked(VirtualProcess target, int signal, int senderPid) {
        if ((target.blockedSignals & bit(signal)) == 0) {
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
