package dev.graalpymp.host;

import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.wait.HandlerInterrupts;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * One process's own signal state, kept off the JVM's: the disposition of each routable signal (default, ignore
 * or a Python handler), its interval timers ({@code alarm}, {@code setitimer}: {@link IntervalTimers}), and the
 * delivery of a signal to the Python handler in the process's main thread, without an OS signal: the way
 * CPython's main thread runs a handler between bytecodes (a KeyboardInterrupt in a busy loop or a sleep).
 * The kernel offers every signal sent to the process here first ({@link #deliver}, the process's
 * {@code SignalReceiver}); one this state does not take (default disposition) gets Linux's default action there.
 *
 * <p>Why this way: a JVM has one handler per signal for all its contexts, and a runtime server runs many
 * programs; and the polyglot API cannot queue work on a context's thread, but GraalPy's signal module can. When
 * Python calls {@code _signal.signal(n, f)}, GraalPy installs a JVM signal handler bound to that context that
 * queues {@code f} for the context's main thread. The capture takes that handler back from the JVM at once
 * (restoring the JVM's previous one) and keeps it here; calling it later queues {@code f} in that context and
 * nowhere else. One capture at a time in the JVM; a process captures a signal only when it first installs a
 * handler for it (SIGINT at its start: CPython's default_int_handler is one).
 */
final class MainThreadSignals {

    static final int SIGCHLD = 17;
    /**
     * The signals a process keeps to itself: every catchable signal the JVM lets a program handle, but those
     * whose JVM handler must never be off even for a capture (SIGBUS: faults of mapped files; SIGTRAP, SIGABRT,
     * SIGSYS, SIGSTKFLT: the JVM's own and debuggers'). SIGQUIT, SIGILL, SIGFPE and SIGSEGV the JVM keeps.
     */
    private static final String[] ROUTABLE_NAMES = {null, "HUP", "INT", null, null, null, null, null, null, null,
        "USR1", null, "USR2", "PIPE", "ALRM", "TERM", null, "CHLD", "CONT", null, "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR"};

    static final int DEFAULT = 0;
    static final int IGNORE = 1;
    static final int HANDLER = 2;

    private static final ReentrantLock CAPTURE = new ReentrantLock();
    private static final SignalHandler IGNORE_MEANWHILE = signal -> { };

    private final Map<Integer, SignalHandler> routes = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> dispositions = new ConcurrentHashMap<>();
    /** Signals with SA_RESTART ({@code siginterrupt(sig, False)}), until the next {@code signal()} of them. */
    private final Set<Integer> restarting = ConcurrentHashMap.newKeySet();
    private final VirtualProcess process;
    private final SignalWakeupFd wakeup;
    private final IntervalTimers timers;
    private volatile HandlerInterrupts interrupts;

    /** How a signal reaches this process through the kernel (which offers it to {@link #deliver}). */
    interface Sender {
        void send(int signal);
    }

    MainThreadSignals(Sender sender, VirtualProcess process, SignalWakeupFd wakeup, ProcessCpuClock cpu) {
        this.process = process;
        this.wakeup = wakeup;
        this.timers = new IntervalTimers(sender::send, cpu);
    }

    /** The process's interval timers ({@code alarm}, {@code setitimer}). */
    IntervalTimers timers() {
        return timers;
    }

    /** {@code signal.set_wakeup_fd} of this process. */
    SignalWakeupFd wakeup() {
        return wakeup;
    }

    /** The signals a process keeps to itself. */
    static int[] routable() {
        return java.util.stream.IntStream.range(1, ROUTABLE_NAMES.length).filter(MainThreadSignals::isRoutable)
                .toArray();
    }

    /** Whether a process keeps {@code signum} to itself (see {@link #ROUTABLE_NAMES}). */
    static boolean isRoutable(int signum) {
        return signum > 0 && signum < ROUTABLE_NAMES.length && ROUTABLE_NAMES[signum] != null;
    }

    /**
     * Captures the handler {@code install} makes GraalPy put on the JVM for {@code signum} (Python's
     * {@code _signal.signal(signum, ...)}): the JVM's own handler is set aside meanwhile and restored after, and
     * the captured one is kept for {@link #deliver}. All in one call, with the restore in a Java finally block,
     * which runs even when the process is killed during {@code install} (Python's finally blocks do not then).
     */
    void capture(int signum, int disposition, Runnable install) {
        CAPTURE.lock();
        try {
            SignalHandler jvms = Signal.handle(signal(signum), IGNORE_MEANWHILE);
            try {
                install.run();
            } finally {
                SignalHandler installed = Signal.handle(signal(signum), jvms);
                if (installed != IGNORE_MEANWHILE) {
                    routes.put(signum, installed);
                }
            }
            changed(signum, disposition); // only once installed: a failed signal() changes nothing
        } finally {
            CAPTURE.unlock();
        }
    }

    /** The program changed its disposition of {@code signum}. */
    void setDisposition(int signum, int disposition) {
        changed(signum, disposition);
    }

    /**
     * CPython's {@code signal()} installs its sigaction without SA_RESTART, so the flag of
     * {@link #setRestart} goes; SIG_IGN of SIGCHLD makes the kernel reap the children itself.
     */
    private void changed(int signum, int disposition) {
        dispositions.put(signum, disposition);
        restarting.remove(signum);
        if (signum == SIGCHLD) {
            process.setSigchldIgnored(disposition == IGNORE);
        }
    }

    /**
     * {@code siginterrupt(signum, !restart)}: with SA_RESTART, a handler of {@code signum} that arrives while the
     * main thread is blocked in a call Linux restarts (a pipe's read, waitpid, ...) runs once that call has
     * returned instead of interrupting it (see HandlerInterrupts).
     */
    void setRestart(int signum, boolean restart) {
        if (restart) {
            restarting.add(signum);
        } else {
            restarting.remove(signum);
        }
    }

    /**
     * Takes {@code signum} as the process's disposition says: its handler queued for the main thread, or nothing
     * if ignored; false for the default disposition (or a signal not routed), whose action the kernel applies.
     */
    boolean deliver(int signum) {
        Integer disposition = dispositions.get(signum);
        if (disposition == null || disposition == DEFAULT) {
            return false;
        }
        if (disposition == HANDLER) {
            SignalHandler route = routes.get(signum);
            if (route == null) {
                return false; // never captured: cannot happen for a handler set through the overlay
            }
            wakeup.signalArrived(signum); // the byte first, as CPython's C-level handler writes it
            HandlerInterrupts waits = interrupts;
            if (waits == null || !waits.offer(signum, restarting.contains(signum))) {
                route.handle(signal(signum)); // between bytecodes (no kernel wait, or SA_RESTART)
            }
        }
        return true;
    }

    /** Handlers interrupt the main thread's kernel waits through {@code value} (see HandlerInterrupts). */
    void setInterrupts(HandlerInterrupts value) {
        interrupts = value;
    }

    /** Stops the process's interval timers: the process has ended. */
    void close() {
        timers.close();
    }

    private static Signal signal(int signum) {
        if (!isRoutable(signum)) {
            throw new IllegalArgumentException("signal " + signum + " cannot be routed");
        }
        return new Signal(ROUTABLE_NAMES[signum]);
    }
}
