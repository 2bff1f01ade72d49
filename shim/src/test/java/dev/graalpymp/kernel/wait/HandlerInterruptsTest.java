package dev.graalpymp.kernel.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A signal handler interrupts the main thread's kernel wait, runs there, and the wait goes on (PEP 475). */
@Timeout(30)
class HandlerInterruptsTest {

    private final Cancellation cancellation = new Cancellation();
    private final Latch latch = new Latch();

    private CompletableFuture<List<Latch>> mainThreadWaits(HandlerInterrupts.Runner runner, long timeoutNanos,
                                                           CompletableFuture<HandlerInterrupts> installed) {
        return mainThreadWaits(runner, timeoutNanos, installed, false);
    }

    /** {@code restartable}: the wait is within a call SA_RESTART restarts (a pipe's read). */
    private CompletableFuture<List<Latch>> mainThreadWaits(HandlerInterrupts.Runner runner, long timeoutNanos,
            CompletableFuture<HandlerInterrupts> installed, boolean restartable) {
        CompletableFuture<List<Latch>> result = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            HandlerInterrupts interrupts = new HandlerInterrupts(Thread.currentThread(), runner);
            cancellation.setInterrupts(interrupts);
            installed.complete(interrupts);
            try {
                result.complete(restartable
                        ? HandlerInterrupts.restartable(cancellation,
                                () -> KernelWait.awaitAny(cancellation, List.of(latch), timeoutNanos))
                        : KernelWait.awaitAny(cancellation, List.of(latch), timeoutNanos));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void offerWhenWaiting(HandlerInterrupts interrupts, int signal) throws InterruptedException {
        while (!interrupts.offer(signal)) {
            Thread.sleep(5); // the main thread has not reached its wait yet
        }
    }

    @Test
    void theHandlerRunsInTheWaitingThreadAndTheWaitGoesOn() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<HandlerInterrupts> installed = new CompletableFuture<>();
        CompletableFuture<List<Latch>> result = mainThreadWaits(
                signal -> ran.add(signal + " on " + Thread.currentThread().getName()), KernelWait.FOREVER, installed);
        HandlerInterrupts interrupts = installed.get();
        offerWhenWaiting(interrupts, 10);
        while (ran.isEmpty()) {
            Thread.sleep(5);
        }
        assertFalse(result.isDone(), "the wait goes on after the handler");
        latch.open();
        assertEquals(List.of(latch), result.get(10, TimeUnit.SECONDS));
        assertEquals(1, ran.size());
        assertTrue(ran.get(0).startsWith("10 on "));
        assertFalse(ran.get(0).endsWith(Thread.currentThread().getName()));
        assertFalse(interrupts.offer(12), "not waiting any more: delivered between bytecodes instead");
    }

    @Test
    void anExceptionOfTheHandlerEndsTheWait() throws Exception {
        RuntimeException raised = new IllegalStateException("TimeoutError raised by the handler");
        CompletableFuture<HandlerInterrupts> installed = new CompletableFuture<>();
        CompletableFuture<List<Latch>> result = mainThreadWaits(signal -> {
            throw raised;
        }, KernelWait.FOREVER, installed);
        offerWhenWaiting(installed.get(), 14);
        Throwable thrown = assertThrows(Exception.class, () -> result.get(10, TimeUnit.SECONDS)).getCause();
        assertSame(raised, thrown);
    }

    @Test
    void pauseReturnsOnceAHandlerHasRun() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<HandlerInterrupts> installed = new CompletableFuture<>();
        CompletableFuture<Void> paused = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            HandlerInterrupts interrupts = new HandlerInterrupts(Thread.currentThread(), ran::add);
            cancellation.setInterrupts(interrupts);
            installed.complete(interrupts);
            HandlerInterrupts.pause(cancellation);
            paused.complete(null);
        });
        offerWhenWaiting(installed.get(), 14);
        paused.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(14), ran);
    }

    @Test
    void otherThreadsWaitsAreNotInterrupted() throws Exception {
        HandlerInterrupts interrupts = new HandlerInterrupts(new Thread(() -> { }), signal -> { });
        cancellation.setInterrupts(interrupts);
        assertEquals(List.of(), KernelWait.awaitAny(cancellation, List.of(latch), 1_000_000));
        assertFalse(interrupts.offer(10));
    }

    private CompletableFuture<List<Latch>> mainThreadWaitsInRestartableCall(
            HandlerInterrupts.Runner runner, CompletableFuture<HandlerInterrupts> installed) {
        return mainThreadWaits(runner, KernelWait.FOREVER, installed, true);
    }

    @Test
    void aRestartableCallDeclinesASignalWithSaRestartOnly() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<HandlerInterrupts> installed = new CompletableFuture<>();
        CompletableFuture<List<Latch>> result = mainThreadWaitsInRestartableCall(ran::add, installed);
        HandlerInterrupts interrupts = installed.get();
        offerWhenWaiting(interrupts, 14); // without SA_RESTART: interrupts the call (EINTR), the handler runs
        while (ran.isEmpty()) {
            Thread.sleep(5);
        }
        assertFalse(interrupts.offer(10, true), "SA_RESTART: restarted, the handler runs after the call");
        Thread.sleep(50);
        assertEquals(List.of(14), ran);
        latch.open();
        assertEquals(List.of(latch), result.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWaitOutsideRestartableCallsTakesSignalsWithSaRestart() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<HandlerInterrupts> installed = new CompletableFuture<>();
        CompletableFuture<List<Latch>> result = mainThreadWaits(ran::add, KernelWait.FOREVER, installed);
        HandlerInterrupts interrupts = installed.get();
        while (!interrupts.offer(10, true)) { // select, poll, sigtimedwait, pause: EINTR whatever the flag
            Thread.sleep(5);
        }
        while (ran.isEmpty()) {
            Thread.sleep(5);
        }
        latch.open();
        assertEquals(List.of(latch), result.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(10), ran);
    }

    @Test
    void aHandlersOwnWaitInsideARestartableCallIsNotRestartable() throws Exception {
        Latch inHandler = new Latch();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<HandlerInterrupts> installed = new CompletableFuture<>();
        CompletableFuture<List<Latch>> result = mainThreadWaitsInRestartableCall(signal -> {
            ran.add(signal);
            if (signal == 14) {
                KernelWait.await(cancellation, inHandler); // e.g. a select in the handler
            }
        }, installed);
        HandlerInterrupts interrupts = installed.get();
        offerWhenWaiting(interrupts, 14);
        while (ran.isEmpty()) {
            Thread.sleep(5);
        }
        while (!interrupts.offer(10, true)) { // the handler's wait is not restartable
            Thread.sleep(5);
        }
        while (ran.size() < 2) {
            Thread.sleep(5);
        }
        inHandler.open();
        latch.open();
        assertEquals(List.of(latch), result.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(14, 10), ran);
    }
}
