package dev.graalpymp.kernel.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import org.junit.jupiter.api.Test;

class SemaphoreTableTest {

    @Test
    void namedSemaphoresAreExclusiveAndOpenable() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create("/mp-a", 1);
        assertEquals(Errno.EEXIST, assertThrows(KernelException.class, () -> table.create("/mp-a", 1)).errno());
        assertEquals(handle, table.open("/mp-a"));
        assertNotEquals(handle, table.create(null, 0));
    }

    @Test
    void unlinkRemovesTheNameNotTheSemaphoreInUse() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create("/mp-b", 3);
        KernelSemaphore semaphore = table.get(handle);
        table.unlink("/mp-b");
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> table.open("/mp-b")).errno());
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> table.unlink("/mp-b")).errno());
        assertSame(semaphore, table.get(handle));
        table.close(handle);
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class, () -> table.get(handle)).errno());
    }

    @Test
    void anonymousSemaphoreLivesWhileReferenced() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create(null, 0);
        table.retain(handle);
        table.close(handle);
        assertEquals(1, table.size());
        table.close(handle);
        assertEquals(0, table.size());
    }

    @Test
    void namedSemaphoreOutlivesItsReferencesUntilUnlinked() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create("/mp-c", 0);
        table.close(handle);
        assertEquals(handle, table.open("/mp-c"));
        table.close(handle);
        table.unlink("/mp-c");
        assertEquals(0, table.size());
    }
}
