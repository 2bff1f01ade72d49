package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.util.HashMap;
import java.util.Map;

/**
 * Shared memory segments, JVM-wide: what {@code multiprocessing}'s {@code Value} and {@code Array} live in.
 * Each {@link SharedSegment} has a handle (the number its Python objects carry from process to process) and
 * lives while referenced.
 */
public final class SharedMemoryTable {
    private final Map<Long, SharedSegment> byHandle = new HashMap<>();
    private long nextHandle = 1;

    /** A new zero-filled segment of {@code size} bytes; the caller holds one reference. */
    public synchronized long create(int size) {
        if (size < 0) {
            throw new KernelException(Errno.EINVAL);
        }
        long handle = nextHandle++;
        byHandle.put(handle, new SharedSegment(size));
        return handle;
    }

    /** A new reference to {@code handle}; ENOENT if the segment is gone. */
    public synchronized void retain(long handle) {
        segment(handle).references++;
    }

    /** Drops a reference; the last one frees the segment. */
    public synchronized void close(long handle) {
        SharedSegment segment = segment(handle);
        if (--segment.references <= 0) {
            byHandle.remove(handle);
        }
    }

    /** The segment behind {@code handle}; ENOENT if it is gone. */
    public synchronized SharedSegment segment(long handle) {
        SharedSegment segment = byHandle.get(handle);
        if (segment == null) {
            throw new KernelException(Errno.ENOENT);
        }
        return segment;
    }

    /** How many segments exist (for tests and leak checks). */
    public synchronized int count() {
        return byHandle.size();
    }
}
