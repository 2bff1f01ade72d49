package dev.graalpymp.threads;

import dev.graalpymp.kernel.PythonVisible;

/**
 * Factory of the Java synchronisation primitives behind the {@code graalpy_mp.overlays.thread_locks}
 * overlay; one per process, reached from Python through the host's process services.
 */
public final class ThreadPrimitives {

    /** A new unlocked {@link PyLock}. */
    @PythonVisible
    public PyLock newLock() {
        return new PyLock();
    }
}
