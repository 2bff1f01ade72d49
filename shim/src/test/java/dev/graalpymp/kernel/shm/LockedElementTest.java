package dev.graalpymp.kernel.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.sem.SemaphoreCalls;
import dev.graalpymp.kernel.sem.SemaphoreTable;
import dev.graalpymp.kernel.sem.SemaphoreUse;
import dev.graalpymp.kernel.wait.Cancellation;
import org.junit.jupiter.api.Test;

class LockedElementTest {
    private final SemaphoreTable semaphores = new SemaphoreTable();
    private final long handle = semaphores.create(null, 1);

    private SemaphoreUse rlock(Cancellation cancellation) {
        return new SemaphoreCalls(semaphores, cancellation).use(handle, SemaphoreUse.RECURSIVE_MUTEX, 1);
    }

    private static SharedSegment segment(int size) {
        SharedMemoryTable table = new SharedMemoryTable();
        return table.segment(table.create(size));
    }

    @Test
    void loadsAndStoresUnderTheLockAndLeavesItAsItWas() {
        SemaphoreUse lock = rlock(new Cancellation());
        LockedElement element = segment(4).underLock(lock, "Int32");
        element.storeInteger(0x1_0000_0005L);
        assertEquals(5, element.loadInteger(), "the low 32 bits, as C wraps");
        assertEquals(1, lock.value());
        assertTrue(lock.acquire(-1));
        element.storeInteger(-2);
        assertEquals(-2, element.loadInteger(), "again by the thread holding the lock");
        assertEquals(1, lock.count());
        assertEquals(0, lock.value());
    }

    @Test
    void waitsForAnotherProcessHoldingTheLock() throws Exception {
        SemaphoreUse other = rlock(new Cancellation());
        LockedElement element = segment(8).underLock(rlock(new Cancellation()), "Float64");
        assertTrue(other.acquire(-1));
        Thread reader = new Thread(() -> element.storeFloat(0.5));
        reader.start();
        reader.join(50);
        assertTrue(reader.isAlive(), "blocked while the other process holds the lock");
        other.release();
        reader.join();
        assertEquals(0.5, element.loadFloat());
    }

    @Test
    void aKilledProcessHoldsNothing() {
        Cancellation cancellation = new Cancellation();
        SemaphoreUse lock = rlock(cancellation);
        LockedElement element = segment(2).underLock(lock, "Uint16");
        cancellation.cancel("killed");
        assertThrows(ProcessCancelledException.class, element::loadInteger);
        assertFalse(lock.isMine());
        assertEquals(1, lock.value());
    }

    @Test
    void onlyUnderARecursiveLock() {
        SemaphoreUse lock = new SemaphoreCalls(semaphores, new Cancellation()).use(handle, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> segment(1).underLock(lock, "Int8"));
    }
}
