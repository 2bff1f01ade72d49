package dev.graalpymp.kernel.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SharedSegmentTest {

    private static SharedSegment segment(int size) {
        SharedMemoryTable table = new SharedMemoryTable();
        return table.segment(table.create(size));
    }

    private static byte[] contents(SharedSegment segment) {
        byte[] into = new byte[segment.size()];
        segment.read(0, into, into.length);
        return into;
    }

    @Test
    void integersAreStoredInNativeOrderAndLoadedSignedOrUnsigned() {
        SharedSegment segment = segment(16);
        segment.putInt32(4, 0xFFFF_FFFEL);
        segment.putInt64(8, -3);
        ByteBuffer expected = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putInt(4, -2).putLong(8, -3);
        assertArrayEquals(expected.array(), contents(segment));
        assertEquals(-2, segment.getInt32(4));
        assertEquals(0xFFFF_FFFEL, segment.getUint32(4));
        assertEquals(-3, segment.getInt64(8));
        assertEquals(-3, segment.getInt8(8), "the low byte of -3, on little-endian x86-64");
        assertEquals(0xFD, segment.getUint8(8));
        assertEquals(-3, segment.getInt16(8));
        assertEquals(0xFFFD, segment.getUint16(8));
    }

    @Test
    void storesKeepOnlyTheLowBitsOfTheirWidth() {
        SharedSegment segment = segment(8);
        segment.putInt8(0, 0x1234);
        segment.putInt16(2, 0x12345);
        assertEquals(0x34, segment.getUint8(0));
        assertEquals(0x2345, segment.getUint16(2));
        assertEquals(0, segment.getUint8(1), "a narrow store leaves its neighbours alone");
    }

    @Test
    void floatsRoundToSinglePrecisionAndDoublesAreExact() {
        SharedSegment segment = segment(12);
        segment.putFloat32(0, 0.1);
        segment.putFloat64(4, 0.1);
        assertEquals((double) 0.1f, segment.getFloat32(0));
        assertEquals(0.1, segment.getFloat64(4));
    }

    @Test
    void elementAccessOutsideTheSegmentIsEinval() {
        SharedSegment segment = segment(4);
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> segment.getInt32(1)).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> segment.putInt8(4, 0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> segment.getFloat64(0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> segment.getUint16(-1)).errno());
    }
}
