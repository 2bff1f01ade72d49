package dev.graalpymp.host;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * One process's own signal state, kept off the JVM's: the disposition of each routed signal (default, ignore
 * or a Python handler), its real-time interval timer ({@code alarm}, {@code setitimer(ITIMER_REAL)}), and the
 * delivery of a signal to the Python handler in the process's main thread, without an OS signal: the way
 * CPython's main thread runs a handler between bytecodes (a KeyboardInterrupt in a busy loop or a sleep).
 *
 * <p>Why this way: a JVM has one handler per signal for all its contexts, and a runtime server runs many
 * programs; and the polyglot API cannot queue work on a context's thread, but GraalPy's signal module can. When
 * Python calls {@code _signal.signal(n, f)}, GraalPy installs a JVM signal handler bound to that context that
 * queues {@code f} for the context's main thread. The capture takes that handler back from the JVM at once
 * (restoring the JVM's previous one) and keeps it here; calling it later queues {@code f} in that context and
 * nowhere else. One capture at a time in the JVM.
 */
final class MainThreadSignals {

    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGUSR1 = 10;
    static final int SIGUSR2 = 12;
    static final int SIGALRM = 14;
    static final int SIGTERM = 15;
    /** The signals a process of a runtime with virtual signals keeps to itself. */
    static final int[] ROUTABLE = {SIGHUP, SIGINT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM};

    static final int DEFAULT = 0;
    static final int IGNORE = 1;
    static final int HANDLER = 2;

    private static final ReentrantLock CAPTURE = new ReentrantLock();
    private static final SignalHandler IGNORE_MEANWHILE = signal -> { };
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(runnable ->
            Thread.ofPlatform().daemon().name("graalpy-mp-itimer").unstarted(runnable));

    private final Map<Integer, SignalHandler> routes = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> dispositions = new ConcurrentHashMap<>();
    private final Terminator terminator;
    private SignalHandler saved; // the JVM's handler during a capture; guarded by CAPTURE
    private ScheduledFuture<?> timer; // guarded by this
    private long timerDeadline; // System.nanoTime() of the next expiry; guarded by this
    private long timerIntervalNanos; // guarded by this

    /** How a signal whose disposition is the default ends the process. */
    interface Terminator {
        void terminate(int signal);
    }

    MainThreadSignals(Terminator terminator) {
        this.terminator = terminator;
    }

    /** Before Python installs its handler for {@code signum}: the JVM's own handler is set aside. */
    void beginCapture(int signum) {
        CAPTURE.lock();
        try {
            saved = Signal.handle(signal(signum), IGNORE_MEANWHILE);
        } catch (RuntimeException e) {
            CAPTURE.unlock();
            throw e;
        }
    }

    /** After Python installed its handler: it is kept for {@link #deliver}, and the JVM's handler restored. */
    void endCapture(int signum, int disposition) {
        try {
            SignalHandler installed = Signal.handle(signal(signum), saved);
            if (installed != IGNORE_MEANWHILE) {
                routes.put(signum, installed);
            }
            dispositions.put(signum, disposition);
        } finally {
            saved = null;
            CAPTURE.unlock();
        }
    }

    /** The program changed its disposition of {@code signum}. */
    void setDisposition(int signum, int disposition) {
        dispositions.put(signum, disposition);
    }

    /**
     * Delivers {@code signum} as the process's disposition says: its handler queued for the main thread, nothing
     * if ignored, the end of the process for the default (false if the signal is not routed here).
     */
    boolean deliver(int signum) {
        Integer disposition = dispositions.get(signum);
        SignalHandler route = routes.get(signum);
        if (disposition == null || route == null) {
            return false;
        }
        switch (disposition) {
            case IGNORE -> { }
            case HANDLER -> route.handle(signal(signum));
            default -> terminator.terminate(signum);
        }
        return true;
    }

    /**
     * {@code setitimer(ITIMER_REAL, delay, interval)} in seconds (0 delay: disarm); returns the previous
     * {@code (delay, interval)}. SIGALRM is delivered to this process only.
     */
    synchronized double[] setTimer(double delay, double interval) {
        double[] previous = timer();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (delay > 0) {
            long delayNanos = Math.max(1, (long) (delay * 1e9));
            timerIntervalNanos = interval > 0 ? Math.max(1, (long) (interval * 1e9)) : 0;
            timerDeadline = System.nanoTime() + delayNanos;
            timer = timerIntervalNanos > 0
                    ? TIMERS.scheduleAtFixedRate(this::expire, delayNanos, timerIntervalNanos, TimeUnit.NANOSECONDS)
                    : TIMERS.schedule(this::expire, delayNanos, TimeUnit.NANOSECONDS);
        } else {
            timerIntervalNanos = 0;
        }
        return previous;
    }

    /** {@code getitimer(ITIMER_REAL)}: the time left and the interval, in seconds. */
    synchronized double[] timer() {
        if (timer == null || timer.isDone()) {
            return new double[] {0, 0};
        }
        return new double[] {Math.max(0, timerDeadline - System.nanoTime()) / 1e9, timerIntervalNanos / 1e9};
    }

    /** Stops the timer: the process has ended. */
    synchronized void close() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire() {
        synchronized (this) {
            timerDeadline += timerIntervalNanos;
        }
        try {
            deliver(SIGALRM);
        } catch (RuntimeException ended) {
            close(); // the process has gone
        }
    }

    private static Signal signal(int signum) {
        String name = switch (signum) {
            case SIGHUP -> "HUP";
            case SIGINT -> "INT";
            case SIGUSR1 -> "USR1";
            case SIGUSR2 -> "USR2";
            case SIGALRM -> "ALRM";
            case SIGTERM -> "TERM";
            default -> throw new IllegalArgumentException("signal " + signum + " cannot be routed");
        };
        return new Signal(name);
    }
}
