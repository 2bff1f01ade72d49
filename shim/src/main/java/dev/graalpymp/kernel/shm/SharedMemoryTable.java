package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.util.HashMap;
import java.util.Map;

/**
 * Shared memory segments, JVM-wide: what {@code multiprocessing}'s {@code Value} and {@code Array} live in.
 * Each {@link SharedSegment} (C scalars, on the Java heap) or {@link NativeSegment} (ctypes objects, native
 * memory) has a handle (the number its Python objects carry from process to process) and lives while referenced.
 */
public final class SharedMemoryTable {
    private final Map<Long, SharedSegment> byHandle = new HashMap<>();
    private final Map<Long, NativeSegment> nativeByHandle = new HashMap<>();
    private long nextHandle = 1;

    /** A new zero-filled segment of {@code size} bytes; the caller holds one reference. */
    public synchronized long create(int size) {
        long handle = newHandle(size);
        byHandle.put(handle, new SharedSegment(size));
        return handle;
    }

    /** A new zero-filled segment of native memory of {@code size} bytes; the caller holds one reference. */
    public synchronized long createNative(int size) {
        long handle = newHandle(size);
        nativeByHandle.put(handle, new NativeSegment(size));
        return handle;
    }

    private long newHandle(int size) {
        if (size < 0) {
            throw new KernelException(Errno.EINVAL);
        }
        return nextHandle++;
    }

    /** A new reference to {@code handle}; ENOENT if the segment is gone. */
    public synchronized void retain(long handle) {
        NativeSegment inNative = nativeByHandle.get(handle);
        if (inNative != null) {
            inNative.references++;
        } else {
            segment(handle).references++;
        }
    }

    /** Drops a reference; the last one frees the segment. */
    public synchronized void close(long handle) {
        NativeSegment inNative = nativeByHandle.get(handle);
        if (inNative != null) {
            if (--inNative.references <= 0) {
                nativeByHandle.remove(handle);
                inNative.free();
            }
            return;
        }
        SharedSegment segment = segment(handle);
        if (--segment.references <= 0) {
            byHandle.remove(handle);
        }
    }

    /** The native segment behind {@code handle}; ENOENT if it is gone (or is not native). */
    public synchronized NativeSegment nativeSegment(long handle) {
        NativeSegment segment = nativeByHandle.get(handle);
        if (segment == null) {
            throw new KernelException(Errno.ENOENT);
        }
        return segment;
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
        return byHandle.size() + nativeByHandle.size();
    }
}
