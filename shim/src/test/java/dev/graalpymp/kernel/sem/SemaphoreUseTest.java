package dev.graalpymp.kernel.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.wait.Cancellation;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class SemaphoreUseTest {
    private static final int SEMAPHORE = 1; // _multiprocessing's kind of a counting semaphore

    @Test
    void twoProcessesShareOneCount() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create(null, 1);
        SemaphoreUse first = new SemaphoreCalls(table, new Cancellation()).use(handle, SEMAPHORE, 1);
        SemaphoreUse second = new SemaphoreCalls(table, new Cancellation()).use(handle, SEMAPHORE, 1);
        assertTrue(first.acquire(0));
        assertFalse(second.acquire(0));
        assertFalse(second.acquire(0.01), "a timed wait on a taken unit times out");
        assertEquals(SemaphoreUse.RELEASED, second.release());
        assertEquals(SemaphoreUse.AT_LIMIT, second.release(), "a bounded release stops at its limit");
        assertEquals(1, first.value());
        assertEquals(1, first.count());
        assertEquals(-1, second.count(), "a semaphore's count goes below zero, as CPython's does");
        assertTrue(second.acquire(0));
    }

    @Test
    void aRecursiveLockIsItsOwningThreads() throws InterruptedException {
        SemaphoreTable table = new SemaphoreTable();
        SemaphoreUse lock = new SemaphoreCalls(table, new Cancellation()).use(table.create(null, 1),
                SemaphoreUse.RECURSIVE_MUTEX, 1);
        assertEquals(SemaphoreUse.NOT_OWNED, lock.release());
        assertTrue(lock.acquire(-1));
        assertTrue(lock.acquire(-1), "again by its owner, without waiting");
        assertEquals(2, lock.count());
        assertTrue(lock.isMine());
        boolean[] other = new boolean[3];
        Thread thread = new Thread(() -> {
            other[0] = lock.isMine();
            other[1] = lock.acquire(0.01);
            other[2] = lock.release() == SemaphoreUse.NOT_OWNED;
        });
        thread.start();
        thread.join();
        assertFalse(other[0] || other[1], "another thread neither owns nor gets it");
        assertTrue(other[2], "nor releases it");
        assertEquals(SemaphoreUse.RELEASED, lock.release());
        assertEquals(0, lock.value(), "released once of twice: still held");
        assertEquals(SemaphoreUse.RELEASED, lock.release());
        assertEquals(1, lock.value());
        assertFalse(lock.isMine());
        lock.acquire(-1);
        lock.afterFork();
        assertEquals(0, lock.count(), "a child holds none of its parent's acquisitions");
    }

    @Test
    void aCancelledProcessNeitherTakesNorWaits() {
        SemaphoreTable table = new SemaphoreTable();
        Cancellation cancellation = new Cancellation();
        SemaphoreUse use = new SemaphoreCalls(table, cancellation).use(table.create(null, 1), SEMAPHORE, 1);
        cancellation.cancel("killed");
        assertThrows(ProcessCancelledException.class, () -> use.acquire(0));
        assertThrows(ProcessCancelledException.class, () -> use.acquire(-1));
        assertEquals(1, use.value());
    }

    @Test
    void aGoneSemaphoreHasNoUse() {
        SemaphoreTable table = new SemaphoreTable();
        long handle = table.create(null, 0);
        table.close(handle);
        assertEquals(Errno.ENOENT, assertThrows(KernelException.class,
                () -> new SemaphoreCalls(table, new Cancellation()).use(handle, SEMAPHORE, 1)).errno());
    }

    @Test
    void aThreadThatTakesAReleasedLockCountsOnlyItsOwnAcquisition() {
        // Condition.wait releases the lock _count() times and takes it again as often: a thread that took the
        // unit another thread of the process had just posted must not see that thread's acquisition still
        // counted, or its one release is taken for a recursive one, nothing is posted, and the lock stays
        // held by nobody for good (the next round here waits forever).
        SemaphoreTable table = new SemaphoreTable();
        SemaphoreUse lock = new SemaphoreCalls(table, new Cancellation()).use(table.create(null, 1),
                SemaphoreUse.RECURSIVE_MUTEX, 1);
        int rounds = 20_000;
        int[] seen = new int[rounds];
        CyclicBarrier start = new CyclicBarrier(2);
        CyclicBarrier done = new CyclicBarrier(2);
        Thread taker = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                await(start);
                while (!lock.acquire(0)) {
                    Thread.onSpinWait(); // trying all along: takes the unit the moment it is posted
                }
                seen[i] = lock.count();
                lock.release();
                await(done);
            }
        });
        taker.setDaemon(true);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            taker.start();
            for (int i = 0; i < rounds; i++) {
                assertTrue(lock.acquire(-1));
                await(start);
                lock.release();
                await(done);
            }
            taker.join();
        });
        for (int i = 0; i < rounds; i++) {
            assertEquals(1, seen[i], "round " + i);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
