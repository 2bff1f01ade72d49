package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.sem.SemaphoreUse;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One segment of shared memory (what a {@code multiprocessing.Value} or {@code Array} lives in), as every process
 * holding it sees it. Python keeps this object and calls it directly: one call per element load or store, in
 * native byte order (CPython's ctypes layout on x86-64 Linux), with no table lookup, no buffer and no struct
 * packing on the way. Every access is atomic (the segment is its own lock), so a process never sees half of
 * another's store of one value; anything larger is the program's business, as with real shared memory.
 */
public final class SharedSegment {
    private static final VarHandle SHORT = view(short[].class);
    private static final VarHandle INT = view(int[].class);
    private static final VarHandle LONG = view(long[].class);
    private static final VarHandle FLOAT = view(float[].class);
    private static final VarHandle DOUBLE = view(double[].class);

    private final byte[] bytes;
    int references = 1; // guarded by the SharedMemoryTable

    SharedSegment(int size) {
        bytes = new byte[size];
    }

    private static VarHandle view(Class<?> arrayType) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.nativeOrder());
    }

    /**
     * The element of type {@code accessor} (Int8, Uint8, ... Int64, Float32, Float64) at offset 0 read and
     * written under {@code lock}, a recursive lock (a synchronized {@code Value}'s RLock), one call each.
     */
    @PythonVisible
    public LockedElement underLock(SemaphoreUse lock, String accessor) {
        if (!lock.isRecursive()) {
            throw new IllegalArgumentException("a LockedElement's lock is a recursive one");
        }
        return new LockedElement(lock, this, accessor);
    }

    @PythonVisible
    public int size() {
        return bytes.length;
    }

    /** Copies {@code length} bytes from {@code offset} into {@code into}; EINVAL outside the segment or buffer. */
    @PythonVisible
    public synchronized void read(int offset, byte[] into, int length) {
        check(offset, length);
        if (length > into.length) {
            throw new KernelException(Errno.EINVAL);
        }
        System.arraycopy(bytes, offset, into, 0, length);
    }

    /** Stores the first {@code length} bytes of {@code data} at {@code offset}; EINVAL outside the segment. */
    @PythonVisible
    public synchronized void write(int offset, byte[] data, int length) {
        check(offset, length);
        if (length > data.length) {
            throw new KernelException(Errno.EINVAL);
        }
        System.arraycopy(data, 0, bytes, offset, length);
    }

    // Element loads, by C type: signed and unsigned integers of 1, 2, 4 and 8 bytes (an unsigned 64-bit value
    // comes back as its two's complement), floats and doubles.

    @PythonVisible
    public synchronized int getInt8(int offset) {
        check(offset, 1);
        return bytes[offset];
    }

    @PythonVisible
    public synchronized int getUint8(int offset) {
        check(offset, 1);
        return bytes[offset] & 0xFF;
    }

    @PythonVisible
    public synchronized int getInt16(int offset) {
        check(offset, 2);
        return (short) SHORT.get(bytes, offset);
    }

    @PythonVisible
    public synchronized int getUint16(int offset) {
        check(offset, 2);
        return (short) SHORT.get(bytes, offset) & 0xFFFF;
    }

    @PythonVisible
    public synchronized int getInt32(int offset) {
        check(offset, 4);
        return (int) INT.get(bytes, offset);
    }

    @PythonVisible
    public synchronized long getUint32(int offset) {
        check(offset, 4);
        return (int) INT.get(bytes, offset) & 0xFFFF_FFFFL;
    }

    @PythonVisible
    public synchronized long getInt64(int offset) {
        check(offset, 8);
        return (long) LONG.get(bytes, offset);
    }

    @PythonVisible
    public synchronized double getFloat32(int offset) {
        check(offset, 4);
        return (float) FLOAT.get(bytes, offset);
    }

    @PythonVisible
    public synchronized double getFloat64(int offset) {
        check(offset, 8);
        return (double) DOUBLE.get(bytes, offset);
    }

    // Element stores: an integer's low 8, 16, 32 or 64 bits (the caller has wrapped it as C does), a float
    // rounded to single precision, a double.

    @PythonVisible
    public synchronized void putInt8(int offset, long value) {
        check(offset, 1);
        bytes[offset] = (byte) value;
    }

    @PythonVisible
    public synchronized void putInt16(int offset, long value) {
        check(offset, 2);
        SHORT.set(bytes, offset, (short) value);
    }

    @PythonVisible
    public synchronized void putInt32(int offset, long value) {
        check(offset, 4);
        INT.set(bytes, offset, (int) value);
    }

    @PythonVisible
    public synchronized void putInt64(int offset, long value) {
        check(offset, 8);
        LONG.set(bytes, offset, value);
    }

    @PythonVisible
    public synchronized void putFloat32(int offset, double value) {
        check(offset, 4);
        FLOAT.set(bytes, offset, (float) value);
    }

    @PythonVisible
    public synchronized void putFloat64(int offset, double value) {
        check(offset, 8);
        DOUBLE.set(bytes, offset, value);
    }

    private void check(int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new KernelException(Errno.EINVAL);
        }
    }
}
