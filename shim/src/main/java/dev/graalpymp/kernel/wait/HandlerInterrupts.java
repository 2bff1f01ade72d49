package dev.graalpymp.kernel.wait;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Signal handlers that must run in a process's main thread while that thread is blocked in a kernel wait.
 * CPython's blocking call fails with EINTR there, runs the handler, and retries with the time left unless the
 * handler raised (PEP 475); here the wait does the same in one place: it runs the handler through the host's
 * {@link Runner} (which calls back into Python on this very thread) and goes on waiting until its deadline, and an
 * exception of the handler propagates out of the blocking call.
 *
 * <p>{@link #offer} is the sender's side: it hands a signal over only while the main thread is waiting, so a
 * handler runs exactly once, here or (when the thread runs Python code) between bytecodes as usual.
 *
 * <p>SA_RESTART ({@code signal.siginterrupt(sig, False)}): Linux restarts some calls interrupted by a handler of
 * such a signal inside the kernel ({@link #restartable}: read, write, waitpid, accept, connect, sem_wait), so
 * CPython's Python-level handler only runs once the call returns; others (select, poll, sigtimedwait, pause)
 * fail with EINTR whatever the flag. {@link #offer} then declines the signal, and the caller queues the handler
 * for when the call has returned.
 */
public final class HandlerInterrupts {

    /** Runs the process's handler of {@code signal} on the calling thread (the process's main thread). */
    @FunctionalInterface
    public interface Runner {
        void run(int signal);
    }

    private final Thread mainThread;
    private final Runner runner;
    private final Deque<Integer> pending = new ArrayDeque<>(); // guarded by this
    private WaitQueue wakeup; // the queue the waiting main thread is subscribed to; guarded by this
    private int depth; // nested waits of the main thread (a handler may block too); guarded by this
    private final Deque<Boolean> restartableWaits = new ArrayDeque<>(); // per nested wait; guarded by this
    private int restartableCalls; // the main thread is in a call that SA_RESTART restarts; that thread's only
    private volatile long handled; // handlers run so far by waits

    public HandlerInterrupts(Thread mainThread, Runner runner) {
        this.mainThread = mainThread;
        this.runner = runner;
    }

    /**
     * Hands {@code signal} to the main thread's kernel wait; false if the main thread is not blocked in one (the
     * caller then delivers it between bytecodes).
     */
    public boolean offer(int signal) {
        return offer(signal, false);
    }

    /**
     * {@link #offer(int)} for a signal whose handler has SA_RESTART ({@code restarts}): declined (false) while the
     * main thread waits in a {@link #restartable} call, which goes on; its handler runs after the call.
     */
    public boolean offer(int signal, boolean restarts) {
        WaitQueue queue;
        synchronized (this) {
            if (wakeup == null || (restarts && Boolean.TRUE.equals(restartableWaits.peek()))) {
                return false;
            }
            pending.add(signal);
            queue = wakeup;
        }
        queue.wakeAll();
        return true;
    }

    /** Whether the calling thread's waits are interrupted by handlers (it is the process's main thread). */
    boolean isCurrentThread() {
        return Thread.currentThread() == mainThread;
    }

    /**
     * Runs {@code call}, a system call Linux restarts after a handler with SA_RESTART, marking the waits of the
     * process's main thread within it as such (another thread's waits are never interrupted anyway).
     */
    public static <T> T restartable(Cancellation cancellation, Supplier<T> call) {
        HandlerInterrupts interrupts = cancellation.interruptsOfCurrentThread();
        if (interrupts == null) {
            return call.get();
        }
        interrupts.restartableCalls++;
        try {
            return call.get();
        } finally {
            interrupts.restartableCalls--;
        }
    }

    /** The main thread starts waiting, subscribed to {@code queue}. */
    synchronized void enter(WaitQueue queue) {
        depth++;
        wakeup = queue;
        restartableWaits.push(restartableCalls > 0);
    }

    /** The main thread stops waiting; the handlers that arrived meanwhile run now, before its call returns. */
    void leave() {
        synchronized (this) {
            if (--depth == 0) {
                wakeup = null;
            }
            restartableWaits.pop();
        }
        runPending();
    }

    /** The main thread stops waiting because its process ends: nothing more runs. */
    synchronized void abandon() {
        if (--depth == 0) {
            wakeup = null;
        }
        restartableWaits.pop();
        pending.clear();
    }

    /** Runs the handlers handed over so far, one by one; a handler's exception propagates (the rest wait). */
    void runPending() {
        while (true) {
            int signal;
            synchronized (this) {
                Integer next = pending.poll();
                if (next == null) {
                    return;
                }
                signal = next;
            }
            int calls = restartableCalls;
            restartableCalls = 0; // the handler's own calls are its own
            try {
                runner.run(signal);
            } finally {
                restartableCalls = calls;
                handled++; // only the main thread runs handlers here
            }
        }
    }

    /**
     * {@code signal.pause()}: blocks the main thread until a handler has run (its exception propagates), or the
     * process ends; any other thread until the process ends.
     */
    public static void pause(Cancellation cancellation) {
        HandlerInterrupts interrupts = cancellation.interruptsOfCurrentThread();
        long before = interrupts == null ? 0 : interrupts.handled;
        KernelWait.await(cancellation, new Waitable() {
            @Override
            public boolean isReady() {
                return interrupts != null && interrupts.handled != before;
            }

            @Override
            public WaitQueue queue() {
                return cancellation.queue();
            }
        });
    }
}
