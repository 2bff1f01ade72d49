package dev.graalpymp.host;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * One process's three interval timers ({@code setitimer}/{@code getitimer}, {@code alarm}), as Linux keeps them
 * per process: {@code ITIMER_REAL} counts wall-clock time and sends SIGALRM, {@code ITIMER_VIRTUAL} the process's
 * user CPU time (SIGVTALRM), {@code ITIMER_PROF} its user and system CPU time (SIGPROF). The CPU clocks are the
 * process's own ({@link ProcessCpuClock}: the host threads that run its Python code), not the JVM's, which counts
 * every process of the JVM. A timer is never inherited by a child (each process has its own).
 *
 * <p>Why the CPU timers look at their clock every few milliseconds: nothing tells a JVM when a set of threads has
 * used some CPU time. Linux itself checks them at its scheduler tick (a few ms), so the precision is the same kind.
 */
final class IntervalTimers {

    static final int REAL = 0;
    static final int VIRTUAL = 1;
    static final int PROF = 2;
    private static final int[] SIGNALS = {14, 26, 27}; // SIGALRM, SIGVTALRM, SIGPROF
    /** The longest a CPU timer waits before it looks at its clock again. */
    private static final long CPU_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
    private static final ScheduledExecutorService WAKE_UPS = Executors.newSingleThreadScheduledExecutor(runnable ->
            Thread.ofPlatform().daemon().name("graalpy-mp-itimer").unstarted(runnable));

    private final Timer[] timers;

    /**
     * {@code send} delivers a signal to the process (through the kernel, so that its disposition decides);
     * {@code cpu} is the process's CPU clock.
     */
    IntervalTimers(IntConsumer send, ProcessCpuClock cpu) {
        LongSupplier[] clocks = {System::nanoTime, () -> cpu.processTimes().userNanos(), () -> {
            var times = cpu.processTimes();
            return times.userNanos() + times.systemNanos();
        }};
        timers = new Timer[clocks.length];
        for (int which = 0; which < clocks.length; which++) {
            timers[which] = new Timer(clocks[which], which != REAL, SIGNALS[which], send);
        }
    }

    /**
     * {@code setitimer(which, delay, interval)} in seconds (0 delay: disarm); returns the previous
     * {@code (delay, interval)}.
     */
    double[] set(int which, double delay, double interval) {
        return timer(which).set(delay, interval);
    }

    /** {@code getitimer(which)}: the time left and the interval, in seconds; (0, 0) when disarmed. */
    double[] get(int which) {
        return timer(which).get();
    }

    /** Disarms every timer: the process has ended. */
    void close() {
        for (Timer timer : timers) {
            timer.set(0, 0);
        }
    }

    private Timer timer(int which) {
        if (which < 0 || which >= timers.length) {
            throw new IllegalArgumentException("no interval timer " + which);
        }
        return timers[which];
    }

    /** One timer: a deadline on its clock, an optional interval, and the wake-up that checks it. */
    private static final class Timer {
        private final LongSupplier clock;
        private final boolean cpu;
        private final int signal;
        private final IntConsumer send;
        private ScheduledFuture<?> wakeUp; // guarded by this
        private boolean armed; // guarded by this
        private long deadline; // on the clock, nanoseconds; guarded by this
        private long interval; // nanoseconds, 0: one-shot; guarded by this
        private long generation; // a wake-up of a timer replaced meanwhile must not deliver; guarded by this

        Timer(LongSupplier clock, boolean cpu, int signal, IntConsumer send) {
            this.clock = clock;
            this.cpu = cpu;
            this.signal = signal;
            this.send = send;
        }

        synchronized double[] set(double delay, double intervalSeconds) {
            double[] previous = get();
            generation++;
            armed = false;
            if (wakeUp != null) {
                wakeUp.cancel(false);
                wakeUp = null;
            }
            if (delay > 0) {
                armed = true;
                interval = intervalSeconds > 0 ? Math.max(1, (long) (intervalSeconds * 1e9)) : 0;
                deadline = clock.getAsLong() + Math.max(1, (long) (delay * 1e9));
                schedule(deadline - clock.getAsLong());
            }
            return previous;
        }

        synchronized double[] get() {
            if (!armed) {
                return new double[] {0, 0};
            }
            return new double[] {Math.max(0, deadline - clock.getAsLong()) / 1e9, interval / 1e9};
        }

        /** Wakes after {@code left} of the clock (for a CPU clock at most a few ms, which it may not have used). */
        private void schedule(long left) {
            long generationNow = generation;
            long wait = Math.max(0, cpu ? Math.min(left, CPU_CHECK_NANOS) : left);
            wakeUp = WAKE_UPS.schedule(() -> check(generationNow), wait, TimeUnit.NANOSECONDS);
        }

        /**
         * Sends the signal under this object's lock if the deadline has passed, so that a timer replaced or
         * disarmed meanwhile stays silent; an interval timer's next deadline skips the periods already missed,
         * as Linux's does.
         */
        private synchronized void check(long generationThen) {
            if (generationThen != generation || !armed) {
                return;
            }
            long now = clock.getAsLong();
            if (now >= deadline) {
                if (interval > 0) {
                    deadline += interval * (1 + (now - deadline) / interval);
                } else {
                    armed = false;
                }
                try {
                    send.accept(signal);
                } catch (RuntimeException ended) {
                    armed = false; // the process has gone
                    return;
                }
                if (!armed || generationThen != generation) {
                    return; // disarmed or replaced by the signal's own handling
                }
            }
            schedule(deadline - now);
        }
    }
}
