package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;

/**
 * The shared-memory calls of one process, as the Python side of {@code multiprocessing.Value}/{@code Array}
 * sees them: a segment is created or retained by handle, then used through its {@link SharedSegment}, which
 * Python keeps.
 */
public final class SharedMemoryCalls {
    private final SharedMemoryTable table;

    public SharedMemoryCalls(SharedMemoryTable table) {
        this.table = table;
    }

    @PythonVisible
    public long create(int size) {
        return table.create(size);
    }

    /** A new reference to {@code handle} (the process received a Value or Array); returns its segment. */
    @PythonVisible
    public SharedSegment retain(long handle) {
        table.retain(handle);
        return table.segment(handle);
    }

    /** A new native segment (for ctypes objects); its handle, with one reference held by the caller. */
    @PythonVisible
    public long createNative(int size) {
        return table.createNative(size);
    }

    /** A new reference to native segment {@code handle} (the process received a ctypes object); returns it. */
    @PythonVisible
    public NativeSegment retainNative(long handle) {
        NativeSegment segment = table.nativeSegment(handle);
        table.retain(handle);
        return segment;
    }

    /** The native segment of a handle this process holds a reference to. */
    @PythonVisible
    public NativeSegment nativeSegment(long handle) {
        return table.nativeSegment(handle);
    }

    /** The segment of a handle this process holds a reference to. */
    @PythonVisible
    public SharedSegment segment(long handle) {
        return table.segment(handle);
    }

    @PythonVisible
    public void close(long handle) {
        table.close(handle);
    }
}
