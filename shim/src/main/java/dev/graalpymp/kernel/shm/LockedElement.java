package dev.graalpymp.kernel.shm;

import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.sem.SemaphoreUse;
import java.util.function.Supplier;

/**
 * A {@code multiprocessing.Value}'s element read or written under its lock in one call from Python: what the
 * Python side of CPython's synchronized {@code value} property does (acquire, load or store, release) with
 * Python's own work left at choosing the call. For a recursive lock only, whose release after the same
 * thread's acquire cannot fail. The acquire waits as {@link SemaphoreUse#acquire} does (killed: a
 * {@link dev.graalpymp.kernel.ProcessCancelledException}, nothing held).
 */
public final class LockedElement {
    private final SemaphoreUse lock;
    private final SharedSegment segment;
    private final String accessor; // SharedSegment's element type: Int8, Uint8, ... Int64, Float32, Float64

    LockedElement(SemaphoreUse lock, SharedSegment segment, String accessor) {
        this.lock = lock;
        this.segment = segment;
        this.accessor = accessor;
    }

    /** The integer element at offset 0 (an unsigned 64-bit one as its two's complement). */
    @PythonVisible
    public long loadInteger() {
        return locked(() -> switch (accessor) {
            case "Int8" -> (long) segment.getInt8(0);
            case "Uint8" -> (long) segment.getUint8(0);
            case "Int16" -> (long) segment.getInt16(0);
            case "Uint16" -> (long) segment.getUint16(0);
            case "Int32" -> (long) segment.getInt32(0);
            case "Uint32" -> segment.getUint32(0);
            default -> segment.getInt64(0);
        });
    }

    /** Stores the low bits of {@code value} (C's wrap) as the integer element at offset 0. */
    @PythonVisible
    public void storeInteger(long value) {
        locked(() -> {
            switch (accessor) {
                case "Int8", "Uint8" -> segment.putInt8(0, value);
                case "Int16", "Uint16" -> segment.putInt16(0, value);
                case "Int32", "Uint32" -> segment.putInt32(0, value);
                default -> segment.putInt64(0, value);
            }
            return null;
        });
    }

    @PythonVisible
    public double loadFloat() {
        return locked(() -> accessor.equals("Float32") ? segment.getFloat32(0) : segment.getFloat64(0));
    }

    @PythonVisible
    public void storeFloat(double value) {
        locked(() -> {
            if (accessor.equals("Float32")) {
                segment.putFloat32(0, value);
            } else {
                segment.putFloat64(0, value);
            }
            return null;
        });
    }

    private <T> T locked(Supplier<T> access) {
        lock.acquire(-1);
        try {
            return access.get();
        } finally {
            lock.release();
        }
    }
}
