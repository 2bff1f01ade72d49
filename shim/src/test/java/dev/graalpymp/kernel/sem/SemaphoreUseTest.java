package dev.graalpymp.kernel.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.wait.Cancellation;
import org.junit.jupiter.api.Test;

class SemaphoreUseTest {

    @Test
    void twoProcessesShareOneCount() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create(null, 1);
        SemaphoreUse first = new SemaphoreCalls(table, new Cancellation()).use(handle);
        SemaphoreUse second = new SemaphoreCalls(table, new Cancellation()).use(handle);
        assertTrue(first.tryAcquire());
        assertFalse(second.tryAcquire());
        assertFalse(second.acquire(0.01), "a timed wait on a taken unit times out");
        assertFalse(second.release(1) && second.release(1), "a bounded release stops at its limit");
        assertEquals(1, first.value());
        assertTrue(second.tryAcquire());
    }

    @Test
    void aCancelledProcessNeitherTakesNorWaits() {
        SemaphoreTable table = new SemaphoreTable();
        Cancellation cancellation = new Cancellation();
        SemaphoreUse use = new SemaphoreCalls(table, cancellation).use(table.create(null, 1));
        cancellation.cancel("killed");
        assertThrows(ProcessCancelledException.class, use::tryAcquire);
        assertThrows(ProcessCancelledException.class, () -> use.acquire(-1));
        assertEquals(1, use.value());
    }

    @Test
    void aGoneSemaphoreHasNoUse() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create(null, 0);
        table.close(handle);
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class,
                () -> new SemaphoreCalls(table, new Cancellation()).use(handle)).errno());
    }
}
