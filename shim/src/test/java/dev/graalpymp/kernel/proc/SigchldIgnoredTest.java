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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** SIGCHLD set to SIG_IGN: children reaped as they end, waitpid then ECHILD (Linux's semantics). */
class SigchldIgnoredTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(20);

    private final ProcessTable table = new ProcessTable(1000, 999, 5_000_000, FdTable.DEFAULT_LIMIT);
    private final VirtualProcess main = table.main();

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    @Test
    void anEndedChildIsReapedAtOnceAndSendsNoSigchld() {
        List<Integer> received = new CopyOnWriteArrayList<>();
        main.setSignalReceiver(signal -> received.add(signal));
        main.setSigchldIgnored(true);
        VirtualProcess child = table.fork(main);
        child.exit(3);
        assertEquals(ProcessState.REAPED, child.state());
        assertEquals(Errno.ESRCH, errno(() -> table.lookup(child.pid())));
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, child.pid(), ProcessTable.WNOHANG)));
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, -1, 0)));
        assertTrue(received.isEmpty(), received.toString());
    }

    @Test
    void waitBlocksUntilEveryChildHasEndedThenFailsWithEchild() throws InterruptedException {
        main.setSigchldIgnored(true);
        VirtualProcess first = table.fork(main);
        VirtualProcess second = table.fork(main);
        assertArrayEquals(new int[] {0, 0}, table.waitpid(main, -1, ProcessTable.WNOHANG)); // both still run
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> errno(() -> table.waitpid(main,
                -1, 0)));
        first.exit(0);
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "wait returned while a child still runs");
        second.exit(0);
        assertEquals(Errno.ECHILD, assertTimeoutPreemptively(DEADLOCK_GUARD, () -> waiting.get()));
    }

    @Test
    void aWaitForOneChildFailsWithEchildWhenItEnds() {
        main.setSigchldIgnored(true);
        VirtualProcess child = table.fork(main);
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> errno(() -> table.waitpid(main,
                child.pid(), 0)));
        child.exit(0);
        assertEquals(Errno.ECHILD, assertTimeoutPreemptively(DEADLOCK_GUARD, () -> waiting.get()));
    }

    @Test
    void zombiesMadeBeforeStayWaitableAndTheDefaultMakesZombiesAgain() {
        VirtualProcess before = table.fork(main);
        before.exit(7);
        main.setSigchldIgnored(true);
        assertArrayEquals(new int[] {before.pid(), WaitStatus.exited(7)}, table.waitpid(main, -1, 0));
        main.setSigchldIgnored(false);
        VirtualProcess after = table.fork(main);
        after.exit(5);
        assertEquals(ProcessState.ZOMBIE, after.state());
        assertArrayEquals(new int[] {after.pid(), WaitStatus.exited(5)}, table.waitpid(main, after.pid(), 0));
    }

    @Test
    void aForkChildInheritsTheDisposition() {
        main.setSigchldIgnored(true);
        VirtualProcess child = table.fork(main);
        VirtualProcess grandchild = table.fork(child);
        grandchild.exit(0);
        assertEquals(ProcessState.REAPED, grandchild.state());
        child.setSigchldIgnored(false);
        VirtualProcess second = table.fork(child);
        second.exit(0);
        assertEquals(ProcessState.ZOMBIE, second.state());
    }
}
