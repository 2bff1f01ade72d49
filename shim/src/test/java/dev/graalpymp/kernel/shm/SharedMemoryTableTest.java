package dev.graalpymp.kernel.shm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import org.junit.jupiter.api.Test;

class SharedMemoryTableTest {

    private static byte[] read(SharedMemoryTable table, long handle, int offset, int length) {
        byte[] into = new byte[length];
        table.segment(handle).read(offset, into, length);
        return into;
    }

    private static void write(SharedMemoryTable table, long handle, int offset, byte[] data) {
        table.segment(handle).write(offset, data, data.length);
    }

    @Test
    void segmentsStartZeroedAndKeepWhatIsWritten() {
        SharedMemoryTable table = new SharedMemoryTable();
        long handle = table.create(8);
        assertArrayEquals(new byte[8], read(table, handle, 0, 8));
        write(table, handle, 2, new byte[] {7, 9});
        assertArrayEquals(new byte[] {0, 7, 9, 0}, read(table, handle, 1, 4));
        assertEquals(8, table.segment(handle).size());
    }

    @Test
    void accessOutsideTheSegmentIsEinval() {
        SharedMemoryTable table = new SharedMemoryTable();
        long handle = table.create(4);
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> read(table, handle, 2, 3)).errno());
        assertEquals(Errno.EINVAL,
                assertThrows(KernelException.class, () -> write(table, handle, -1, new byte[1])).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> table.create(-1)).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class,
                () -> table.segment(handle).read(0, new byte[1], 2)).errno(), "a length past the buffer");
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class,
                () -> table.segment(handle).write(0, new byte[1], 2)).errno(), "a length past the data");
    }

    @Test
    void segmentLivesWhileReferenced() {
        SharedMemoryTable table = new SharedMemoryTable();
        long handle = table.create(1);
        table.retain(handle);
        table.close(handle);
        assertEquals(1, table.count());
        table.close(handle);
        assertEquals(0, table.count());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> read(table, handle, 0, 1)).errno());
    }

    @Test
    void nativeSegmentsLiveWhileReferencedAndShareTheHandleSpace() {
        SharedMemoryTable table = new SharedMemoryTable();
        long heap = table.create(4);
        long handle = table.createNative(24);
        NativeSegment segment = table.nativeSegment(handle);
        assertEquals(24, segment.size());
        assertNotEquals(0L, segment.address());
        assertNotEquals(heap, handle);
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> table.nativeSegment(heap)).errno(),
                "a heap segment is not native");
        table.retain(handle);
        table.close(handle);
        assertEquals(2, table.count());
        table.close(handle);
        assertEquals(1, table.count());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> table.nativeSegment(handle)).errno());
        assertEquals(Errno.EINVAL, assertThrows(KernelException.class, () -> table.createNative(-1)).errno());
    }
}
