package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.util.HashMap;
import java.util.Map;

/**
 * Shared memory segments, JVM-wide: what {@code multiprocessing}'s {@code Value} and {@code Array} live in.
 * Each segment has a handle (the number its Python objects carry from process to process) and lives while
 * referenced. Reads and writes are atomic per call (a segment is its own lock), so a process never sees half of
 * another's store of one value; anything larger is the program's business, as with real shared memory.
 */
public final class SharedMemoryTable {
    private final Map<Long, Segment> byHandle = new HashMap<>();
    private long nextHandle = 1;

    private static final class Segment {
        final byte[] bytes;
        int references = 1;

        Segment(int size) {
            bytes = new byte[size];
        }
    }

    /** A new zero-filled segment of {@code size} bytes; the caller holds one reference. */
    public synchronized long create(int size) {
        if (size < 0) {
            throw new KernelException(Errno.EINVAL);
        }
        long handle = nextHandle++;
        byHandle.put(handle, new Segment(size));
        return handle;
    }

    /** A new reference to {@code handle}; ENOENT if the segment is gone. */
    public synchronized void retain(long handle) {
        segment(handle).references++;
    }

    /** Drops a reference; the last one frees the segment. */
    public synchronized void close(long handle) {
        Segment segment = segment(handle);
        if (--segment.references <= 0) {
            byHandle.remove(handle);
        }
    }

    public synchronized int size(long handle) {
        return segment(handle).bytes.length;
    }

    /** Copies {@code length} bytes from {@code offset} into {@code into}; EINVAL outside the segment or buffer. */
    public void read(long handle, int offset, byte[] into, int length) {
        byte[] bytes = segmentFor(handle);
        if (length > into.length) {
            throw new KernelException(Errno.EINVAL);
        }
        synchronized (bytes) {
            check(bytes, offset, length);
            System.arraycopy(bytes, offset, into, 0, length);
        }
    }

    /** Stores the first {@code length} bytes of {@code data} at {@code offset}; EINVAL outside the segment. */
    public void write(long handle, int offset, byte[] data, int length) {
        byte[] bytes = segmentFor(handle);
        if (length > data.length) {
            throw new KernelException(Errno.EINVAL);
        }
        synchronized (bytes) {
            check(bytes, offset, length);
            System.arraycopy(data, 0, bytes, offset, length);
        }
    }

    /** How many segments exist (for tests and leak checks). */
    public synchronized int count() {
        return byHandle.size();
    }

    private synchronized byte[] segmentFor(long handle) {
        return segment(handle).bytes;
    }

    private Segment segment(long handle) {
        Segment segment = byHandle.get(handle);
        if (segment == null) {
            throw new KernelException(Errno.ENOENT);
        }
        return segment;
    }

    private static void check(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new KernelException(Errno.EINVAL);
        }
    }
}
