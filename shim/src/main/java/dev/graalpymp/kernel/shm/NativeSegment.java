package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;

/**
 * Shared memory outside the Java heap, at a fixed native address: what a {@code multiprocessing} {@code Value} or
 * {@code Array} of a ctypes structure, union or array type lives in. Python's ctypes views it in place
 * ({@code from_address}) from every process of the JVM, as a forked child's ctypes objects view the parent's
 * shared mapping in CPython; a {@link SharedSegment} cannot serve there, as ctypes cannot view a Java array.
 * Zero-filled when made; freed when its last reference is closed, so every process holds a reference for as long
 * as a ctypes object of its views the memory (the Python side ties one to each object).
 */
public final class NativeSegment {
    private final long address;
    private final int size;
    int references = 1; // guarded by the SharedMemoryTable

    NativeSegment(int size) {
        this.size = size;
        this.address = NativeMemory.UNSAFE.allocateMemory(Math.max(size, 1));
        NativeMemory.UNSAFE.setMemory(address, Math.max(size, 1), (byte) 0);
    }

    @PythonVisible
    public long address() {
        return address;
    }

    @PythonVisible
    public int size() {
        return size;
    }

    void free() {
        NativeMemory.UNSAFE.freeMemory(address);
    }
}
