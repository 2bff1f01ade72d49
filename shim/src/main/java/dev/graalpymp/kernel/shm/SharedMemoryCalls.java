package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;
import java.nio.charset.StandardCharsets;

/**
 * The shared-memory calls of one process, as the Python side of {@code multiprocessing.Value}/{@code Array}
 * sees them. Bytes come in as {@code byte[]} and go out as ISO-8859-1 strings: the cheapest crossing each
 * way (a {@code byte[]} returned to Python converts element by element).
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

    @PythonVisible
    public String readLatin1(long handle, int offset, int length) {
        return new String(table.read(handle, offset, length), StandardCharsets.ISO_8859_1);
    }

    /** Python's {@code bytes} cross as a {@code byte[]} (10x cheaper than a decoded string, measured). */
    @PythonVisible
    public void write(long handle, int offset, byte[] data) {
        table.write(handle, offset, data);
    }
}
