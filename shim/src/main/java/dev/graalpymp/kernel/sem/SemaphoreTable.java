package dev.graalpymp.kernel.sem;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's semaphores, JVM-wide: each has a handle (the number a {@code SemLock} carries from process to
 * process) and optionally a name ({@code sem_open}/{@code sem_unlink}). A semaphore lives until it is unlinked
 * (or was never named) and every process has closed its references to it.
 */
public final class SemaphoreTable {
    private final Map<Long, Entry> byHandle = new HashMap<>();
    private final Map<String, Long> byName = new HashMap<>();
    private long nextHandle = 1;

    private static final class Entry {
        final KernelSemaphore semaphore;
        int references;

        Entry(KernelSemaphore semaphore) {
            this.semaphore = semaphore;
        }
    }

    /**
     * {@code sem_open(name, O_CREAT | O_EXCL, 0600, value)} (name null: an anonymous semaphore); the caller
     * holds one reference. EEXIST if the name is taken.
     */
    public synchronized long create(String name, int value) {
        if (name != null && byName.containsKey(name)) {
            throw new KernelException(Errno.EEXIST);
        }
        long handle = nextHandle++;
        Entry entry = new Entry(new KernelSemaphore(value));
        entry.references = 1;
        byHandle.put(handle, entry);
        if (name != null) {
            byName.put(name, handle);
        }
        return handle;
    }

    /** {@code sem_open(name, 0)}: a new reference to a named semaphore; ENOENT if there is none. */
    public synchronized long open(String name) {
        Long handle = byName.get(name);
        if (handle == null) {
            throw new KernelException(Errno.ENOENT);
        }
        byHandle.get(handle).references++;
        return handle;
    }

    /** A new reference to the semaphore {@code handle} (a process received it); ENOENT if it is gone. */
    public synchronized void retain(long handle) {
        entry(handle).references++;
    }

    /** Drops a reference; the semaphore goes once unreferenced and nameless. */
    public synchronized void close(long handle) {
        Entry entry = entry(handle);
        entry.references--;
        if (entry.references <= 0 && !byName.containsValue(handle)) {
            byHandle.remove(handle);
        }
    }

    /** {@code sem_unlink}: removes the name; ENOENT if there is no such name. */
    public synchronized void unlink(String name) {
        Long handle = byName.remove(name);
        if (handle == null) {
            throw new KernelException(Errno.ENOENT);
        }
        Entry entry = byHandle.get(handle);
        if (entry.references <= 0) {
            byHandle.remove(handle);
        }
    }

    /** The semaphore behind {@code handle}; ENOENT if it is gone. */
    public synchronized KernelSemaphore get(long handle) {
        return entry(handle).semaphore;
    }

    /** How many semaphores exist (for tests and leak checks). */
    public synchronized int size() {
        return byHandle.size();
    }

    private Entry entry(long handle) {
        Entry entry = byHandle.get(handle);
        if (entry == null) {
            throw new KernelException(Errno.ENOENT);
        }
        return entry;
    }
}
