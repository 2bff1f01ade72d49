package dev.graalpymp.kernel.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.wait.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelSemaphoreTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(20);

    @Test
    void countsDownAndUp() {
        KernelSemaphore semaphore = new KernelSemaphore(2);
        assertTrue(semaphore.tryAcquire());
        assertTrue(semaphore.tryAcquire());
        assertFalse(semaphore.tryAcquire());
        assertEquals(0, semaphore.value());
        semaphore.release();
        assertEquals(1, semaphore.value());
    }

    @Test
    void boundedReleaseStopsAtTheLimit() {
        KernelSemaphore semaphore = new KernelSemaphore(0);
        assertTrue(semaphore.releaseBelow(1));
        assertFalse(semaphore.releaseBelow(1));
        assertEquals(1, semaphore.value());
    }

    @Test
    void timedAcquireReturnsFalseAfterTheTimeout() {
        KernelSemaphore semaphore = new KernelSemaphore(0);
        long start = System.nanoTime();
        assertFalse(semaphore.acquire(new Cancellation(), TimeUnit.MILLISECONDS.toNanos(100)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
        assertFalse(semaphore.acquire(new Cancellation(), 0));
    }

    @Test
    void releaseWakesABlockedAcquirer() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            KernelSemaphore semaphore = new KernelSemaphore(0);
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(
                    () -> semaphore.acquire(new Cancellation(), -1));
            Thread.sleep(50);
            assertFalse(waiter.isDone());
            semaphore.release();
            assertTrue(waiter.join());
            assertEquals(0, semaphore.value());
        });
    }

    @Test
    void onlyOneOfTwoWaitersGetsASingleUnit() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            KernelSemaphore semaphore = new KernelSemaphore(0);
            CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(
                    () -> semaphore.acquire(new Cancellation(), TimeUnit.MILLISECONDS.toNanos(500)));
            CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(
                    () -> semaphore.acquire(new Cancellation(), TimeUnit.MILLISECONDS.toNanos(500)));
            Thread.sleep(50);
            semaphore.release();
            assertEquals(1, (a.join() ? 1 : 0) + (b.join() ? 1 : 0));
        });
    }

    @Test
    void killingTheWaiterEndsItsWait() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            KernelSemaphore semaphore = new KernelSemaphore(0);
            Cancellation cancellation = new Cancellation();
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(
                    () -> semaphore.acquire(cancellation, -1));
            Thread.sleep(50);
            cancellation.cancel("SIGTERM");
            Throwable cause = assertThrows(Exception.class, waiter::join).getCause();
            assertTrue(cause instanceof ProcessCancelledException, String.valueOf(cause));
        });
    }

    @Test
    void aLockHammeredByTwoThreadsExcludesAndLosesNoUnit() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            KernelSemaphore lock = new KernelSemaphore(1);
            int[] counter = {0}; // plain field: only mutual exclusion keeps the increments whole
            Runnable hammer = () -> {
                Cancellation cancellation = new Cancellation();
                for (int i = 0; i < 100_000; i++) {
                    if (!lock.tryAcquire()) {
                        lock.acquire(cancellation, -1);
                    }
                    counter[0]++;
                    lock.release();
                }
            };
            CompletableFuture<Void> other = CompletableFuture.runAsync(hammer);
            hammer.run();
            other.join();
            assertEquals(200_000, counter[0]);
            assertEquals(1, lock.value());
        });
    }
}
