package dev.graalpymp.kernel.sem;

import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;

/**
 * The semaphore system calls of one process, as the Python side of {@code _multiprocessing.SemLock} sees them.
 * Failures throw {@link dev.graalpymp.kernel.KernelException} (ENOENT, EEXIST); a wait ends with
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
     * Takes one unit: at once or not at all when {@code blocking} is false; else waiting up to
     * {@code timeoutSeconds} (negative: no limit). Returns whether it was taken.
     */
    @PythonVisible
    public boolean acquire(long handle, boolean blocking, double timeoutSeconds) {
        cancellation.throwIfCancelled();
        KernelSemaphore semaphore = table.get(handle);
        if (!blocking) {
            return semaphore.tryAcquire();
        }
        return semaphore.acquire(cancellation, KernelWait.secondsToNanos(timeoutSeconds));
    }

    /** Posts one unit unless the value is {@code limit} already; returns whether it posted. */
    @PythonVisible
    public boolean release(long handle, int limit) {
        return table.get(handle).releaseBelow(limit);
    }

    @PythonVisible
    public int value(long handle) {
        return table.get(handle).value();
    }
}
