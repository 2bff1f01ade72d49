package dev.graalpymp.kernel.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.ProcessCancelledException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LatchTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(20);

    @Test
    void closedUntilOpenedThenOpenForEver() {
        Latch latch = new Latch();
        assertFalse(latch.isReady());
        latch.open();
        latch.open();
        assertTrue(latch.isReady());
        assertEquals(List.of(latch), KernelWait.awaitAny(new Cancellation(), List.of(latch), 0));
    }

    @Test
    void openingWakesAWaitingThread() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            Latch latch = new Latch();
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(
                    () -> KernelWait.await(new Cancellation(), latch));
            Thread.sleep(50);
            assertFalse(waiter.isDone());
            latch.open();
            waiter.join();
        });
    }

    @Test
    void cancellingTheWaiterEndsTheWait() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            Latch latch = new Latch();
            Cancellation cancellation = new Cancellation();
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> KernelWait.await(cancellation, latch));
            Thread.sleep(50);
            cancellation.cancel("killed");
            Throwable thrown = assertThrows(Exception.class, waiter::join).getCause();
            assertTrue(thrown instanceof ProcessCancelledException, String.valueOf(thrown));
        });
    }
}
