package dev.graalpymp.kernel.shm;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * Native memory outside the Java heap, which Python's ctypes views in place by address. Unsafe: the Java 21
 * baseline has no final API for it (java.lang.foreign is final from 22); the launcher runs the JVM with
 * {@code --sun-misc-unsafe-memory-access=allow}, so JDK 24+ prints no warning.
 */
final class NativeMemory {
    static final Unsafe UNSAFE = unsafe();
    private static final long BUFFER_ADDRESS = addressField();

    private NativeMemory() {
    }

    /** The native address of a direct buffer's first byte. */
    static long addressOf(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return UNSAFE.getLong(direct, BUFFER_ADDRESS);
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

    private static long addressField() {
        try {
            return UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
