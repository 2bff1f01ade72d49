package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;
import java.nio.charset.StandardCharsets;

/**
 * The shared-memory calls of one process, as the Python side of {@code multiprocessing.Value}/{@code Array}
 * sees them. Bytes travel as ISO-8859-1 strings (the cheapest conversion to and from Python bytes).
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

    @PythonVisible
    public void writeLatin1(long handle, int offset, String data) {
        table.write(handle, offset, data.getBytes(StandardCharsets.ISO_8859_1));
    }
}
