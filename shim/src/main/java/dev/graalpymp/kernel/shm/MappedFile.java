package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file mapped into this JVM's memory, shared ({@code MAP_SHARED}): what {@code multiprocessing.shared_memory}'s
 * segments ({@code /dev/shm} files) are viewed through. Python's ctypes views it in place by its address, so that
 * an element access is a memory access; GraalPy's own {@code mmap} reads and writes its file through a channel at
 * each access. Every process of this JVM, and any OS process mapping the same file, sees the same bytes.
 *
 * <p>Unmapped when the JVM collects it, never explicitly: a Python view of the memory may outlive
 * {@code SharedMemory.close()} (a slice of its buffer; CPython refuses to close then, but nothing here can count
 * such views), and unmapping under it would crash the JVM. Each view keeps this object reachable (the Python
 * side ties it to the ctypes array every view derives from).
 */
public final class MappedFile {
    private final long size;
    private final MappedByteBuffer buffer;

    /** Maps the first {@code size} bytes of {@code file} (1 byte to 2 GiB - 1: a mapped buffer's limit). */
    public MappedFile(Path file, long size) throws IOException {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a mapping holds 1 byte to 2 GiB - 1, not " + size);
        }
        this.size = size;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }

    /** The address of the first byte. */
    @PythonVisible
    public long address() {
        return NativeMemory.addressOf(buffer);
    }

    @PythonVisible
    public long size() {
        return size;
    }
}
