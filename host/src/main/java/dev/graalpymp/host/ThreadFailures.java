package dev.graalpymp.host;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Python thread that dies of an internal error (a Java exception out of GraalPy, which no Python {@code except}
 * or {@code finally} sees) ends its process with one line on the process's stderr and status 1, as such an error
 * in the main thread does ({@link PythonProcess}): otherwise what waits for the dead thread (its joiner, a
 * manager's client waiting for its server thread's reply) waits forever, and Truffle only printed the stack trace
 * on the JVM's stderr. The thread's own uncaught exception handler, put in front of the one it had when it first
 * runs for a process; out of that span, and for Truffle's own ways of ending a thread, that one acts as before.
 */
final class ThreadFailures {
    /** The threads running Python code for a process (from {@code threading}'s start of a Thread to its end). */
    private static final Map<Thread, PythonProcess> OWNERS = new ConcurrentHashMap<>();

    private ThreadFailures() {
    }

    static void started(PythonProcess process) {
        Thread thread = Thread.currentThread();
        OWNERS.put(thread, process);
        Thread.UncaughtExceptionHandler current = thread.getUncaughtExceptionHandler();
        if (!(current instanceof Handler)) {
            thread.setUncaughtExceptionHandler(new Handler(current)); // once per host thread (they are reused)
        }
    }

    static void ended() {
        OWNERS.remove(Thread.currentThread());
    }

    /** Takes a process's thread's internal error; anything else goes to the handler the thread had (Truffle's). */
    private record Handler(Thread.UncaughtExceptionHandler before) implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            PythonProcess owner = OWNERS.remove(thread);
            if (owner != null && !isControlFlow(error)) {
                owner.threadDied(thread, error);
            } else if (before != null) {
                before.uncaughtException(thread, error);
            }
        }
    }

    /** How Truffle ends a thread of a context being cancelled or exited: ThreadDeath, or one of its own. */
    @SuppressWarnings("removal")
    private static boolean isControlFlow(Throwable error) {
        return error instanceof ThreadDeath || error.getClass().getName().startsWith("com.oracle.truffle.polyglot.");
    }
}
