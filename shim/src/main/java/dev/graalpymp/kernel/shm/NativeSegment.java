package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Shared memory outside the Java heap, at a fixed native address: what a {@code multiprocessing} {@code Value} or
 * {@code Array} of a ctypes structure, union or array type lives in. Python's ctypes views it in place
 * ({@code from_address}) from every process of the JVM, as a forked child's ctypes objects view the parent's
 * shared mapping in CPython; a {@link SharedSegment} cannot serve there, as ctypes cannot view a Java array.
 * Zero-filled when made; freed when its last reference is closed, so every process holds a reference for as long
 * as a ctypes object of its views the memory (the Python side ties one to each object).
 */
public final class NativeSegment {
    // Unsafe: the Java 21 baseline has no final API for native memory (java.lang.foreign is final from 22).
    private static final Unsafe UNSAFE = unsafe();

    private final long address;
    private final int size;
    int references = 1; // guarded by the SharedMemoryTable

    NativeSegment(int size) {
        this.size = size;
        this.address = UNSAFE.allocateMemory(Math.max(size, 1));
        UNSAFE.setMemory(address, Math.max(size, 1), (byte) 0);
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
        UNSAFE.freeMemory(address);
    }

    private static Unsafe unsafe() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
