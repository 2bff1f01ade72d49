package dev.graalpymp.kernel.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelWaitTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(20);

    @Test
    void timeoutWithNothingReadyReturnsEmpty() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            Latch a = new Latch();
            Latch b = new Latch();
            List<Latch> ready = KernelWait.awaitAny(new Cancellation(), List.of(a, b), TimeUnit.MILLISECONDS.toNanos(50));
            assertTrue(ready.isEmpty());
        });
    }

    @Test
    void zeroTimeoutChecksOnce() {
        Latch a = new Latch();
        Latch b = new Latch();
        assertTrue(KernelWait.awaitAny(new Cancellation(), List.of(a, b), 0).isEmpty());
        b.open();
        assertEquals(List.of(b), KernelWait.awaitAny(new Cancellation(), List.of(a, b), 0));
    }

    @Test
    void returnsEveryReadyWaitableInGivenOrder() {
        Latch a = new Latch();
        Latch b = new Latch();
        Latch c = new Latch();
        c.open();
        a.open();
        assertEquals(List.of(a, c), KernelWait.awaitAny(new Cancellation(), List.of(a, b, c), KernelWait.FOREVER));
    }

    @Test
    void blockedWaitWakesWhenAnotherThreadMakesOneReady() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            Latch a = new Latch();
            Latch b = new Latch();
            CompletableFuture<List<Latch>> waiting = CompletableFuture.supplyAsync(
                    () -> KernelWait.awaitAny(new Cancellation(), List.of(a, b), KernelWait.FOREVER));
            Thread.sleep(50); // let it park; correctness does not depend on it
            b.open();
            assertEquals(List.of(b), waiting.get());
        });
    }

    @Test
    void cancellationEndsABlockedWaitWithProcessCancelled() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            Cancellation cancellation = new Cancellation();
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                try {
                    KernelWait.await(cancellation, new Latch());
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            started.await();
            cancellation.cancel("killed by SIGTERM");
            Throwable thrown = outcome.get();
            assertTrue(thrown instanceof ProcessCancelledException, String.valueOf(thrown));
            assertEquals("killed by SIGTERM", thrown.getMessage());
        });
    }

    @Test
    void alreadyCancelledThrowsEvenIfSomethingIsReady() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("gone");
        Latch ready = new Latch();
        ready.open();
        assertThrows(ProcessCancelledException.class, () -> KernelWait.await(cancellation, ready));
    }

    @Test
    void interruptedThreadGetsEintrAndKeepsItsInterruptStatus() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    KernelWait.await(new Cancellation(), new Latch());
                    outcome.complete("returned");
                } catch (KernelException e) {
                    outcome.complete("errno " + e.errno() + " interrupted=" + Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            waiter.interrupt();
            assertEquals("errno " + Errno.EINTR + " interrupted=true", outcome.get());
        });
    }

    @Test
    void secondsToNanosMapsNegativeToForeverAndSaturates() {
        assertEquals(KernelWait.FOREVER, KernelWait.secondsToNanos(-1));
        assertEquals(1_500_000_000L, KernelWait.secondsToNanos(1.5));
        assertEquals(Long.MAX_VALUE, KernelWait.secondsToNanos(1e300));
    }
}
