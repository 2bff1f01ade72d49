package dev.graalpymp.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.FdTable;
import dev.graalpymp.kernel.wait.HandlerInterrupts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SignalMasksTest {
    private static final long USR1 = SignalMasks.bit(Signals.SIGUSR1);
    private static final long TERM = SignalMasks.bit(Signals.SIGTERM);

    private final ProcessTable table = new ProcessTable(1000, 999, 5_000_000, FdTable.DEFAULT_LIMIT);
    private final SignalMasks masks = table.signalMasks();
    private final VirtualProcess child = table.fork(table.main());
    private final List<Integer> received = new CopyOnWriteArrayList<>();

    SignalMasksTest() {
        child.setSignalReceiver(received::add);
    }

    @Test
    void aBlockedSignalIsHeldPendingOnceAndReleasedByUnblocking() {
        assertArrayEquals(new long[] {0, 0, USR1 | TERM}, masks.sigprocmask(child, SignalMasks.SIG_BLOCK, USR1 | TERM));
        table.kill(child.pid(), Signals.SIGUSR1);
        table.kill(child.pid(), Signals.SIGUSR1);
        table.kill(child.pid(), Signals.SIGTERM);
        assertEquals(List.of(), received);
        assertEquals(USR1 | TERM, masks.pending(child));
        assertArrayEquals(new long[] {USR1 | TERM, USR1, TERM}, masks.sigprocmask(child, SignalMasks.SIG_UNBLOCK, USR1));
        assertEquals(TERM, masks.pending(child));
        assertArrayEquals(new long[] {TERM, TERM, 0}, masks.sigprocmask(child, SignalMasks.SIG_SETMASK, 0));
        assertEquals(0, masks.pending(child));
    }

    @Test
    void sigkillAndSigstopCannotBeBlocked() {
        long kill = SignalMasks.bit(Signals.SIGKILL) | SignalMasks.bit(Signals.SIGSTOP);
        masks.sigprocmask(child, SignalMasks.SIG_SETMASK, kill | USR1);
        assertEquals(USR1, masks.sigprocmask(child, SignalMasks.SIG_BLOCK, 0)[0]);
        table.kill(child.pid(), Signals.SIGKILL);
        assertTrue(child.cancellation().isCancelled());
    }

    @Test
    void anUnknownHowIsEinval() {
        KernelException e = assertThrows(KernelException.class, () -> masks.sigprocmask(child, 3, USR1));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void sigwaitTakesAPendingSignalWithItsSender() {
        masks.sigprocmask(child, SignalMasks.SIG_BLOCK, USR1);
        VirtualProcess sender = table.fork(table.main());
        table.kill(sender, child.pid(), Signals.SIGUSR1, false);
        assertArrayEquals(new int[] {Signals.SIGUSR1, sender.pid()}, masks.sigwait(child, USR1 | TERM, 0));
        assertEquals(0, masks.pending(child));
        assertArrayEquals(new int[0], masks.sigwait(child, USR1, 0));
        assertArrayEquals(new int[0], masks.sigwait(child, USR1, 20_000_000));
    }

    @Test
    void sigwaitWaitsForASignalToArrive() {
        masks.sigprocmask(child, SignalMasks.SIG_BLOCK, TERM);
        int[] got = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CompletableFuture<int[]> waiting = CompletableFuture.supplyAsync(() -> masks.sigwait(child, TERM, -1));
            Thread.sleep(50);
            assertFalse(waiting.isDone());
            table.kill(child.pid(), Signals.SIGTERM);
            return waiting.join();
        });
        assertArrayEquals(new int[] {Signals.SIGTERM, 0}, got);
        assertFalse(child.cancellation().isCancelled());
    }

    @Test
    void eachThreadHasItsOwnMaskAndASignalIsHeldOnlyWhileEveryThreadBlocksIt() throws Exception {
        child.cancellation().setInterrupts(new HandlerInterrupts(Thread.currentThread(), signal -> { }));
        long all = -1L;
        // a thread that blocked everything (multiprocessing's resource sharer) and ended: the main thread does not
        assertArrayEquals(new long[] {0, 0, all & ~(SignalMasks.bit(Signals.SIGKILL) | SignalMasks.bit(Signals.SIGSTOP))},
                inThread(() -> masks.sigprocmask(child, SignalMasks.SIG_BLOCK, all)));
        assertEquals(0, masks.sigprocmask(child, SignalMasks.SIG_BLOCK, 0)[0]);
        table.kill(child.pid(), Signals.SIGUSR1);
        assertEquals(List.of(Signals.SIGUSR1), received);
        // a thread that blocks USR1 and one that does not: delivered; once both block it, held
        CompletableFuture<Void> go = new CompletableFuture<>();
        CompletableFuture<long[]> unblocked = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            masks.sigprocmask(child, SignalMasks.SIG_BLOCK, USR1);
            go.join();
            unblocked.complete(masks.sigprocmask(child, SignalMasks.SIG_UNBLOCK, USR1));
        });
        other.start();
        masks.sigprocmask(child, SignalMasks.SIG_BLOCK, USR1);
        while (masks.pending(child) == 0) {
            table.kill(child.pid(), Signals.SIGUSR1); // delivered until the other thread has blocked it too
            Thread.sleep(1);
        }
        assertEquals(USR1, masks.pending(child));
        go.complete(null);
        assertArrayEquals(new long[] {USR1, USR1, 0}, unblocked.get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, masks.pending(child));
        other.join();
        // the threads have ended: only the main thread's mask counts
        masks.sigprocmask(child, SignalMasks.SIG_UNBLOCK, USR1);
        received.clear();
        table.kill(child.pid(), Signals.SIGUSR1);
        assertEquals(List.of(Signals.SIGUSR1), received);
    }

    @Test
    void aForkChildInheritsTheForkingThreadsMask() throws Exception {
        child.cancellation().setInterrupts(new HandlerInterrupts(Thread.currentThread(), signal -> { }));
        masks.sigprocmask(child, SignalMasks.SIG_BLOCK, TERM);
        VirtualProcess grandchild = inThread(() -> {
            masks.sigprocmask(child, SignalMasks.SIG_BLOCK, USR1);
            return table.fork(child);
        });
        assertEquals(USR1, masks.sigprocmask(grandchild, SignalMasks.SIG_BLOCK, 0)[0]);
    }

    private static <T> T inThread(java.util.function.Supplier<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(call.get()));
        thread.start();
        thread.join();
        return result.get();
    }
}
