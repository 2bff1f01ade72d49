package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;

/**
 * The shared-memory calls of one process, as the Python side of {@code multiprocessing.Value}/{@code Array}
 * sees them. Bytes cross as the storage of Python's own objects (GraalPy's {@code polyglot.storage}): no
 * conversion either way (a {@code byte[]} returned to Python converts element by element).
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

    @PythonVisible
    public void retain(long handle) {
        table.retain(handle);
    }

    @PythonVisible
    public void close(long handle) {
        table.close(handle);
    }

    @PythonVisible
    public int size(long handle) {
        return table.size(handle);
    }

    /** Copies {@code length} bytes at {@code offset} into {@code into} (a Python bytearray's storage). */
    @PythonVisible
    public void read(long handle, int offset, byte[] into, int length) {
        table.read(handle, offset, into, length);
    }

    /** Stores the first {@code length} bytes of {@code data} (a Python bytes' storage) at {@code offset}. */
    @PythonVisible
    public void write(long handle, int offset, byte[] data, int length) {
        table.write(handle, offset, data, length);
    }
}
