package dev.graalpymp.kernel.sem;

import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.wait.Cancellation;

/**
 * The semaphore system calls of one process, as the Python side of {@code _multiprocessing.SemLock} sees them:
 * creating, opening and dropping semaphores by handle; each then used through its {@link SemaphoreUse}. Failures throw {@link dev.graalpymp.kernel.KernelException} (ENOENT, EEXIST); a wait ends with
 * {@link dev.graalpymp.kernel.ProcessCancelledException} when the process is killed.
 */
public final class SemaphoreCalls {
    private final SemaphoreTable table;
    private final Cancellation cancellation;

    public SemaphoreCalls(SemaphoreTable table, Cancellation cancellation) {
        this.table = table;
        this.cancellation = cancellation;
    }

    /** A new semaphore with {@code value}, named (null: anonymous); returns its handle. */
    @PythonVisible
    public long create(String name, int value) {
        cancellation.throwIfCancelled();
        return table.create(name, value);
    }

    /** The handle of the named semaphore, as a new reference. */
    @PythonVisible
    public long open(String name) {
        cancellation.throwIfCancelled();
        return table.open(name);
    }

    /** A new reference to {@code handle} (the process received a SemLock). */
    @PythonVisible
    public void retain(long handle) {
        table.retain(handle);
    }

    /** Drops a reference to {@code handle} (a SemLock of this process went away). */
    @PythonVisible
    public void close(long handle) {
        table.close(handle);
    }

    @PythonVisible
    public void unlink(String name) {
        table.unlink(name);
    }

    /**
     * A SemLock of this process on the semaphore {@code handle} (it holds a reference), of {@code kind}
     * ({@link SemaphoreUse#RECURSIVE_MUTEX} or a semaphore) and {@code maxValue}; ENOENT if it is gone.
     */
    @PythonVisible
    public SemaphoreUse use(long handle, int kind, int maxValue) {
        return new SemaphoreUse(table.get(handle), cancellation, kind, maxValue);
    }
}
