package dev.graalpymp.host;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Python thread that dies of an internal error (a Java exception out of GraalPy, which no Python {@code except}
 * or {@code finally} sees) ends its process with one line on the process's stderr and status 1, as such an error
 * in the main thread does ({@link PythonProcess}): otherwise what waits for the dead thread (its joiner, a
 * manager's client waiting for its server thread's reply) waits forever, and GraalPy only prints the stack trace
 * on the JVM's stderr. The thread's own uncaught exception handler, set when it starts running for a process (GraalPy's
 * thread group would take it otherwise); out of that span it hands the error to the thread group as before.
 */
final class ThreadFailures {
    /** The threads running Python code for a process (from {@code threading}'s start of a Thread to its end). */
    private static final Map<Thread, PythonProcess> OWNERS = new ConcurrentHashMap<>();

    private ThreadFailures() {
    }

    static void started(PythonProcess process) {
        Thread thread = Thread.currentThread();
        OWNERS.put(thread, process);
        thread.setUncaughtExceptionHandler(ThreadFailures::uncaught);
    }

    static void ended() {
        OWNERS.remove(Thread.currentThread());
    }

    private static void uncaught(Thread thread, Throwable error) {
        PythonProcess owner = OWNERS.remove(thread);
        if (owner != null && !isControlFlow(error)) {
            owner.threadDied(thread, error);
        } else {
            thread.getThreadGroup().uncaughtException(thread, error);
        }
    }

    /** How Truffle ends a thread of a context being cancelled or exited: ThreadDeath, or one of its own. */
    @SuppressWarnings("removal")
    private static boolean isControlFlow(Throwable error) {
        return error instanceof ThreadDeath || error.getClass().getName().startsWith("com.oracle.truffle.polyglot.");
    }
}
