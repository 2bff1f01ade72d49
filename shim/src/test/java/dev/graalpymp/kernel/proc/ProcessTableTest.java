package dev.graalpymp.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.fd.FdTable;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.pipe.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProcessTableTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(20);
    private static final int MAIN_PID = 1000;
    private static final int FIRST_CHILD = 5_000_000;
    private static final int WNOHANG = ProcessTable.WNOHANG;

    private final ProcessTable table = new ProcessTable(MAIN_PID, 999, FIRST_CHILD, FdTable.DEFAULT_LIMIT);
    private final VirtualProcess main = table.main();

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    @Test
    void mainKeepsItsPidAndChildrenGetIncreasingVirtualPids() {
        assertEquals(MAIN_PID, main.pid());
        assertEquals(999, main.parentPid());
        VirtualProcess a = table.fork(main);
        VirtualProcess b = table.fork(a);
        assertEquals(FIRST_CHILD, a.pid());
        assertEquals(FIRST_CHILD + 1, b.pid());
        assertEquals(MAIN_PID, a.parentPid());
        assertEquals(a.pid(), b.parentPid());
        assertEquals(MAIN_PID, b.pgid());
    }

    @Test
    void waitingForAChildAddsItsCpuTimeAndItsWaitedChildrensToRusageChildren() {
        VirtualProcess child = table.fork(main);
        VirtualProcess grandchild = table.fork(child);
        grandchild.addThreadTimes(new CpuTimes(5, 1));
        grandchild.exit(0);
        table.waitpid(child, grandchild.pid(), 0);
        child.addThreadTimes(new CpuTimes(100, 10));
        child.addThreadTimes(new CpuTimes(20, 2));
        assertEquals(new CpuTimes(120, 12), child.endedThreadTimes());
        assertEquals(new CpuTimes(5, 1), child.waitedChildrenTimes());
        child.exit(0);
        assertEquals(CpuTimes.ZERO, main.waitedChildrenTimes()); // not waited for yet
        table.waitpid(main, child.pid(), 0);
        assertEquals(new CpuTimes(125, 13), main.waitedChildrenTimes());
        assertEquals(CpuTimes.ZERO, main.endedThreadTimes());
    }

    @Test
    void threadIdsComeFromThePidSpaceAsLinuxTids() {
        int tid = table.newThreadId();
        VirtualProcess child = table.fork(main);
        assertEquals(FIRST_CHILD, tid);
        assertEquals(FIRST_CHILD + 1, child.pid());
        assertEquals(FIRST_CHILD + 2, table.newThreadId());
        assertEquals(Errno.ESRCH, errno(() -> table.lookup(tid))); // a thread is not a process
    }

    @Test
    void waitpidWalksThroughRunningExitedAndReaped() {
        VirtualProcess child = table.fork(main);
        assertArrayEquals(new int[] {0, 0}, table.waitpid(main, child.pid(), WNOHANG));
        assertArrayEquals(new int[] {0, 0}, table.waitpid(main, -1, WNOHANG));
        child.exit(3);
        assertEquals(ProcessState.ZOMBIE, child.state());
        assertArrayEquals(new int[] {child.pid(), 3 << 8}, table.waitpid(main, child.pid(), WNOHANG));
        assertEquals(ProcessState.REAPED, child.state());
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, child.pid(), 0)));
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, -1, WNOHANG)));
    }

    @Test
    void waitpidWithoutChildrenOrForANonChildIsEchild() {
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, -1, 0)));
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, 0, WNOHANG)));
        VirtualProcess child = table.fork(main);
        VirtualProcess grandchild = table.fork(child);
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, grandchild.pid(), WNOHANG)));
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, 424242, WNOHANG)));
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(child, main.pid(), WNOHANG)));
    }

    @Test
    void waitpidAnyReapsTheOldestEndedChildFirst() {
        VirtualProcess first = table.fork(main);
        VirtualProcess second = table.fork(main);
        second.exit(2);
        first.exit(1);
        assertEquals(first.pid(), table.waitpid(main, -1, 0)[0]);
        assertEquals(second.pid(), table.waitpid(main, 0, 0)[0]);
    }

    @Test
    void waitpidBySameProcessGroup() {
        VirtualProcess child = table.fork(main);
        child.exit(0);
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, -12345, WNOHANG)));
        assertEquals(child.pid(), table.waitpid(main, -MAIN_PID, WNOHANG)[0]);
    }

    @Test
    void waitpidRejectsUnknownOptions() {
        table.fork(main);
        assertEquals(Errno.EINVAL, errno(() -> table.waitpid(main, -1, 0x40)));
    }

    @Test
    void blockingWaitpidReturnsWhenTheChildExits() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            VirtualProcess child = table.fork(main);
            CompletableFuture<int[]> waiting = CompletableFuture.supplyAsync(() -> table.waitpid(main, -1, 0));
            child.exit(7);
            assertArrayEquals(new int[] {child.pid(), 7 << 8}, waiting.get());
        });
    }

    @Test
    void blockingWaitpidEndsWhenTheWaiterIsKilled() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            VirtualProcess parent = table.fork(main);
            table.fork(parent);
            CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    table.waitpid(parent, -1, 0);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            table.kill(parent.pid(), Signals.SIGKILL);
            assertEquals(ProcessCancelledException.class, waiting.get().getClass());
        });
    }

    @Test
    void orphansAreAdoptedByMainAndReapedAutomatically() {
        VirtualProcess parent = table.fork(main);
        VirtualProcess orphan = table.fork(parent);
        VirtualProcess zombieOrphan = table.fork(parent);
        zombieOrphan.exit(0);
        parent.exit(0);
        assertEquals(MAIN_PID, orphan.parentPid());
        assertEquals(ProcessState.REAPED, zombieOrphan.state(), "an ended orphan is reaped at adoption");
        // main's own children are unaffected: it reaps its child, never its grandchildren.
        assertArrayEquals(new int[] {parent.pid(), 0}, table.waitpid(main, -1, WNOHANG));
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, orphan.pid(), WNOHANG)));
        orphan.exit(5);
        assertEquals(ProcessState.REAPED, orphan.state());
        assertEquals(5 << 8, orphan.waitStatus());
        assertEquals(Errno.ESRCH, errno(() -> table.kill(orphan.pid(), 0)));
    }

    @Test
    void exitClosesEveryFdBeforeTheParentCanReap() {
        VirtualProcess child = table.fork(main);
        Pipe.Ends ends = Pipe.open(false);
        child.fds().installAt(ends.readEnd(), 3, false);
        OpenFileDescription writeEnd = ends.writeEnd();
        child.fds().installAt(writeEnd, 4, false);
        child.exit(0);
        assertEquals(0, writeEnd.referenceCount());
        assertArrayEquals(new int[0], child.fds().openFds());
    }

    @Test
    void killOfUnknownPidIsEsrchAndSignalZeroChecksExistence() {
        assertEquals(Errno.ESRCH, errno(() -> table.kill(4242, 0)));
        assertEquals(Errno.ESRCH, errno(() -> table.kill(4242, Signals.SIGTERM)));
        VirtualProcess child = table.fork(main);
        table.kill(child.pid(), 0);
        assertEquals(ProcessState.RUNNING, child.state());
        child.exit(0);
        table.kill(child.pid(), 0); // a zombie still exists
        table.kill(child.pid(), Signals.SIGKILL); // and ignores signals
        assertEquals(0, table.waitpid(main, child.pid(), 0)[1]);
    }

    @Test
    void sigtermRunsTheCancellationHandlerAndTheStatusReportsTheSignal() {
        VirtualProcess child = table.fork(main);
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        child.setCancellationHandler(delivered::add);
        table.kill(child.pid(), Signals.SIGTERM);
        table.kill(child.pid(), Signals.SIGKILL); // already dying: no second call
        assertEquals(List.of(Signals.SIGTERM), delivered);
        assertTrue(child.cancellation().isCancelled());
        assertEquals(ProcessState.RUNNING, child.state(), "a zombie only once the host reports the end");
        child.exit(1);
        int status = table.waitpid(main, child.pid(), 0)[1];
        assertEquals(15, status);
        assertTrue(WaitStatus.isSignaled(status));
        assertEquals(Signals.SIGTERM, WaitStatus.termSignal(status));
    }

    @Test
    void handlerRegisteredAfterTheKillRunsAtOnce() {
        VirtualProcess child = table.fork(main);
        table.kill(child.pid(), Signals.SIGKILL);
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        child.setCancellationHandler(delivered::add);
        assertEquals(List.of(Signals.SIGKILL), delivered);
    }

    @Test
    void stopSignalsAndInvalidSignalsAreEinval() {
        VirtualProcess child = table.fork(main);
        KernelException e = assertThrows(KernelException.class, () -> table.kill(child.pid(), Signals.SIGSTOP));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.strerror().contains("SIGSTOP"), e.strerror());
        assertEquals(Errno.EINVAL, errno(() -> table.kill(child.pid(), Signals.SIGTSTP)));
        assertEquals(Errno.EINVAL, errno(() -> table.kill(child.pid(), 65)));
        assertEquals(Errno.EINVAL, errno(() -> table.kill(child.pid(), -1)));
        assertEquals(Errno.EINVAL, errno(() -> table.kill(0, Signals.SIGTERM)));
        assertFalse(child.cancellation().isCancelled());
    }

    @Test
    void aSignalNothingTakesHasLinuxsDefaultAction() {
        VirtualProcess child = table.fork(main);
        table.kill(child.pid(), Signals.SIGCHLD); // default: ignore
        table.kill(child.pid(), Signals.SIGWINCH);
        table.kill(child.pid(), Signals.SIGCONT);
        assertFalse(child.cancellation().isCancelled());
        List<Integer> killed = new CopyOnWriteArrayList<>();
        child.setCancellationHandler(killed::add);
        child.setSignalReceiver(signal -> false); // no handler of its own
        table.kill(child.pid(), Signals.SIGUSR1); // default: terminate
        assertEquals(List.of(Signals.SIGUSR1), killed);
        child.exit(0);
        assertEquals(Signals.SIGUSR1, WaitStatus.termSignal(table.waitpid(main, child.pid(), 0)[1]));
    }

    @Test
    void theReceiverTakesEverySignalButSigkill() {
        VirtualProcess child = table.fork(main);
        List<Integer> received = new CopyOnWriteArrayList<>();
        List<Integer> killed = new CopyOnWriteArrayList<>();
        child.setCancellationHandler(killed::add);
        child.setSignalReceiver(signal -> received.add(signal));
        table.kill(child.pid(), Signals.SIGTERM);
        table.kill(child.pid(), Signals.SIGINT);
        table.kill(child.pid(), Signals.SIGTSTP); // may have a handler
        assertEquals(Errno.EINVAL, errno(() -> table.kill(child.pid(), Signals.SIGSTOP))); // cannot
        table.kill(child.pid(), 0);
        assertEquals(List.of(Signals.SIGTERM, Signals.SIGINT, Signals.SIGTSTP), received);
        assertEquals(List.of(), killed);
        table.kill(child.pid(), Signals.SIGKILL); // the receiver would take it: it is never asked
        assertEquals(List.of(Signals.SIGKILL), killed);
        assertTrue(child.cancellation().isCancelled());
        table.kill(child.pid(), Signals.SIGUSR1); // dying: nothing more is received
        assertEquals(3, received.size());
    }

    @Test
    void aChildsEndSendsSigchldToItsParent() {
        VirtualProcess parent = table.fork(main);
        VirtualProcess child = table.fork(parent);
        List<Integer> received = new CopyOnWriteArrayList<>();
        parent.setSignalReceiver(received::add);
        child.exit(3);
        assertEquals(List.of(Signals.SIGCHLD), received);
        assertEquals(3, WaitStatus.exitCode(table.waitpid(parent, child.pid(), 0)[1]));
    }

    @Test
    void aKilledProcessCannotFork() {
        VirtualProcess child = table.fork(main);
        table.kill(child.pid(), Signals.SIGTERM);
        assertThrows(ProcessCancelledException.class, () -> table.fork(child));
    }

    @Test
    void exitTwiceIsAHostBug() {
        VirtualProcess child = table.fork(main);
        child.exit(0);
        assertThrows(IllegalStateException.class, () -> child.exit(0));
        assertThrows(IllegalStateException.class, () -> table.fork(main).waitStatus());
    }

    @Test
    void aRootStandsForAnOutsideProcessAndIsReapedWhenItEnds() {
        assertFalse(table.isRoot(4242));
        VirtualProcess root = table.root(4242, 4241);
        assertTrue(table.isRoot(4242));
        assertFalse(table.isRoot(MAIN_PID));
        assertEquals(4242, root.pid());
        assertEquals(4241, root.parentPid());
        assertEquals(4242, root.pgid());
        VirtualProcess child = table.fork(root);
        assertEquals(4242, child.parentPid());
        assertEquals(Errno.ECHILD, errno(() -> table.waitpid(main, child.pid(), WNOHANG)));
        child.exit(3);
        assertArrayEquals(new int[] {child.pid(), 3 << 8}, table.waitpid(root, -1, 0));
        VirtualProcess middle = table.fork(root);
        VirtualProcess orphan = table.fork(middle);
        middle.exit(0);
        assertEquals(1, orphan.parentPid()); // init adopts it, as Linux does for an OS process's orphans
        root.exit(0);
        assertEquals(ProcessState.REAPED, root.state());
        assertFalse(table.isRoot(4242));
        assertEquals(Errno.ESRCH, errno(() -> table.lookup(4242)));
        assertEquals(4242, table.root(4242, 1).pid()); // the pid is free again once its run has ended
    }

    @Test
    void aRootNeedsAFreeRealPid() {
        table.root(4242, 1);
        assertEquals(Errno.EEXIST, errno(() -> table.root(4242, 1)));
        assertEquals(Errno.EEXIST, errno(() -> table.root(MAIN_PID, 1)));
        assertEquals(Errno.EINVAL, errno(() -> table.root(FIRST_CHILD + 3, 1)));
        assertEquals(Errno.EINVAL, errno(() -> table.root(0, 1)));
    }
}
