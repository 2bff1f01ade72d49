package dev.graalpymp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.sem.SemaphoreCalls;
import dev.graalpymp.kernel.sem.SemaphoreUse;
import dev.graalpymp.kernel.shm.LockedElement;
import dev.graalpymp.kernel.shm.SharedMemoryCalls;
import dev.graalpymp.kernel.shm.NativeSegment;
import dev.graalpymp.kernel.shm.SharedSegment;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Python-facing surface, exercised across virtual processes the way the Python overlays will use it. */
class SyscallsTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(20);
    private static final int SIGTERM = 15;
    private static final int WNOHANG = 1;

    private final Kernel kernel = new Kernel(1000, 999, 5_000_000);
    private final Syscalls parent = kernel.syscalls(1000);

    /** os.read as the Python side makes it: into a new buffer of n bytes, trimmed to what was read. */
    private static byte[] read(Syscalls calls, int fd, int n) {
        byte[] buffer = new byte[Math.max(n, 0)];
        return Arrays.copyOf(buffer, calls.read(fd, buffer, n));
    }

    private static int write(Syscalls calls, int fd, byte[] data) {
        return calls.write(fd, data, data.length);
    }

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    /** A forked process and its calls, as the host holds them. */
    private record Forked(VirtualProcess process, Syscalls calls) {
        int pid() {
            return process.pid();
        }
    }

    /** The kernel half of os.fork() as the host makes it ({@link Kernel#fork}), then the child's calls. */
    private Forked fork(int parentPid) {
        VirtualProcess child = kernel.fork(parentPid);
        return new Forked(child, kernel.syscalls(child.pid()));
    }

    private Forked forkChild() {
        return fork(1000);
    }

    /**
     * os.pipe() as the Python side makes it: at the numbers of the two GraalPy placeholders it opened first,
     * which in a fresh process are 3 and 4.
     */
    private int[] pipe() {
        return pipeAt(3, 4);
    }

    private int[] pipeAt(int readFd, int writeFd) {
        parent.pipeAt(readFd, writeFd);
        return new int[] {readFd, writeFd};
    }

    @Test
    void theJvmsKernelTakesFdNumbersPastLinuxDefaultLimitWhichTheHostsPlaceholdersBound() {
        Syscalls main = Kernel.forThisJvm().syscalls(Math.toIntExact(ProcessHandle.current().pid()));
        main.pipeAt(5000, 5001);
        assertEquals(1, write(main, 5001, new byte[] {7}));
        assertArrayEquals(new byte[] {7}, read(main, 5000, 1));
        assertEquals(Errno.EBADF, errno(() -> parent.pipeAt(5000, 5001))); // a plain kernel keeps Linux's 1024
    }

    @Test
    void pipeAtIsNonInheritableAndBlockingLikeCPythonsPipe() {
        parent.pipeAt(3, 4);
        assertArrayEquals(new int[] {3, 4}, parent.kernelFds());
        assertFalse(parent.getInheritable(3));
        assertFalse(parent.getInheritable(4));
        assertTrue(parent.getBlocking(3));
        assertTrue(parent.getBlocking(4));
        // os.pipe2(O_NONBLOCK) then sets each end: the two ends are two descriptions.
        parent.setBlocking(3, false);
        assertTrue(parent.getBlocking(4));
    }

    @Test
    void pipeAtATakenOrInvalidNumberInstallsNeitherEnd() {
        parent.pipeAt(3, 4);
        assertEquals(Errno.EBADF, errno(() -> parent.pipeAt(5, 4)));
        assertEquals(Errno.EBADF, errno(() -> parent.pipeAt(3, 6)));
        assertEquals(Errno.EBADF, errno(() -> parent.pipeAt(-1, 6)));
        assertEquals(Errno.EBADF, errno(() -> parent.pipeAt(5, 1024)), "Linux's default limit");
        assertEquals(Errno.EINVAL, errno(() -> parent.pipeAt(5, 5)));
        assertEquals(Errno.EBADF, errno(() -> parent.socketpairAt(5, 3)));
        assertEquals(Errno.EINVAL, errno(() -> parent.socketpairAt(5, 5)));
        assertArrayEquals(new int[] {3, 4}, parent.kernelFds());
        parent.pipeAt(5, 6); // the failed calls kept nothing at 5 or 6
    }

    @Test
    void readerSeesEofOnlyWhenTheForkedChildsWriteEndIsClosedToo() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] fds = pipe();
            Forked child = forkChild();
            parent.close(fds[1]);
            CompletableFuture<byte[]> firstRead = CompletableFuture.supplyAsync(() -> read(parent, fds[0], 100));
            write(child.calls(), fds[1], "from child".getBytes());
            assertEquals("from child", new String(firstRead.get()));

            parent.setBlocking(fds[0], false);
            assertEquals(Errno.EAGAIN, errno(() -> read(parent, fds[0], 100)), "child still holds a write end");
            parent.setBlocking(fds[0], true);
            CompletableFuture<byte[]> eofRead = CompletableFuture.supplyAsync(() -> read(parent, fds[0], 100));
            int childPid = child.pid();
            child.process().exit(0); // exit closes the child's fds
            assertArrayEquals(new byte[0], eofRead.get());
            assertArrayEquals(new int[] {childPid, 0}, parent.waitpid(-1, 0));
        });
    }

    @Test
    void writerGetsEpipeOnceNoProcessHoldsTheReadEnd() {
        int[] fds = pipe();
        Forked child = forkChild();
        parent.close(fds[0]);
        assertEquals(3, write(parent, fds[1], "abc".getBytes()), "the child's read end is still open");
        child.calls().close(fds[0]);
        KernelException e = assertThrows(KernelException.class, () -> write(parent, fds[1], "x".getBytes()));
        assertEquals(Errno.EPIPE, e.errno());
        assertEquals("Broken pipe", e.strerror());
    }

    @Test
    void blockingFlagIsSharedWithTheChildButInheritabilityIsPerFd() {
        int[] fds = pipe();
        Syscalls child = forkChild().calls();
        child.setBlocking(fds[0], false);
        assertFalse(parent.getBlocking(fds[0]));
        child.setInheritable(fds[0], true);
        assertFalse(parent.getInheritable(fds[0]));
        assertEquals(Errno.EAGAIN, errno(() -> read(parent, fds[0], 1)));
    }

    @Test
    void closedAndNeverOpenedFdsAreEbadf() {
        int[] fds = pipe();
        parent.close(fds[0]);
        assertEquals(Errno.EBADF, errno(() -> read(parent, fds[0], 1)));
        assertEquals(Errno.EBADF, errno(() -> parent.close(fds[0])));
        assertEquals(Errno.EBADF, errno(() -> write(parent, 17, new byte[1])));
        assertEquals(Errno.EBADF, errno(() -> read(parent, 17, 1)));
        assertEquals(Errno.EBADF, errno(() -> parent.close(17)));
        assertEquals(Errno.EBADF, errno(() -> parent.getBlocking(17)));
        assertEquals(Errno.EBADF, errno(() -> parent.fstat(17)));
        KernelException e = assertThrows(KernelException.class, () -> parent.dup2(17, 18, false));
        assertEquals("[Errno 9] Bad file descriptor", e.getMessage());
    }

    @Test
    void wrongPipeEndIsEbadfAndNegativeLengthEinval() {
        int[] fds = pipe();
        assertEquals(Errno.EBADF, errno(() -> write(parent, fds[0], "x".getBytes())));
        assertEquals(Errno.EBADF, errno(() -> read(parent, fds[1], 1)));
        assertEquals(Errno.EINVAL, errno(() -> read(parent, fds[0], -1)));
        assertEquals(Errno.EINVAL, errno(() -> parent.read(fds[0], new byte[2], 3)), "a count past the buffer");
        assertEquals(Errno.EINVAL, errno(() -> parent.write(fds[1], new byte[2], 3)), "a length past the data");
    }

    @Test
    void dupFollowsCPythonInheritanceDefaults() {
        int[] fds = pipe();
        assertEquals(5, parent.dup2(fds[1], 5, false)); // os.dup: at GraalPy's new number, non-inheritable
        assertFalse(parent.getInheritable(5));
        assertEquals(9, parent.dup2(fds[1], 9, true)); // os.dup2's default
        assertTrue(parent.getInheritable(9));
        assertEquals(10, parent.dup2(fds[1], 10, false));
        assertFalse(parent.getInheritable(10));
        assertEquals(fds[0], parent.dup2(fds[0], fds[0], true));
        assertEquals(Errno.EINVAL, errno(() -> parent.dup2(fds[0], fds[0], false)));
        assertEquals(Errno.EBADF, errno(() -> parent.dup2(30, 30, false)));
        write(parent, 9, "via 9".getBytes());
        assertEquals("via 9", new String(read(parent, fds[0], 100)));
    }

    @Test
    void fstatDescribesAFifo() {
        int[] fds = pipe();
        write(parent, fds[1], "12345".getBytes());
        long[] stat = parent.fstat(fds[0]);
        assertEquals(0010600, stat[0]); // S_IFIFO | 0600
        assertEquals(stat[1], parent.fstat(fds[1])[1]);
        assertEquals(0, stat[2]);
        assertEquals(5, parent.bytesAvailable(fds[0]));
    }


    @Test
    void strerrorIsGlibcs() {
        assertEquals("Illegal seek", parent.strerror(29));
        assertEquals("Bad file descriptor", parent.strerror(Errno.EBADF));
        assertEquals("Memory page has hardware error", parent.strerror(133));
        assertEquals("Unknown error 4242", parent.strerror(4242));
    }

    @Test
    void statusFlagsGiveTheAccessModeAndONonblock() {
        int[] fds = pipe();
        assertEquals(0, parent.statusFlags(fds[0])); // O_RDONLY
        assertEquals(1, parent.statusFlags(fds[1])); // O_WRONLY
        parent.setBlocking(fds[0], false);
        assertEquals(Syscalls.O_NONBLOCK, parent.statusFlags(fds[0]));
        parent.socketpairAt(20, 21);
        assertEquals(2, parent.statusFlags(20)); // O_RDWR
        assertEquals(Errno.EBADF, errno(() -> parent.statusFlags(17)));
    }
    @Test
    void selectOverSeveralPipes() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] a = pipeAt(3, 4);
            int[] b = pipeAt(5, 6);
            int[][] none = parent.select(new int[] {a[0], b[0]}, new int[0], 0.02);
            assertEquals(0, none[0].length + none[1].length);
            Syscalls child = forkChild().calls();
            CompletableFuture<int[][]> selecting = CompletableFuture.supplyAsync(
                    () -> parent.select(new int[] {a[0], b[0]}, new int[0], -1));
            write(child, b[1], "!".getBytes());
            assertArrayEquals(new int[] {b[0]}, selecting.get()[0]);
            int[][] both = parent.select(new int[] {a[0], b[0]}, new int[] {a[1]}, 0);
            assertArrayEquals(new int[] {b[0]}, both[0]);
            assertArrayEquals(new int[] {a[1]}, both[1]);
            assertArrayEquals(new int[] {1, 0x20}, parent.poll(new int[] {b[0], 99}, new int[] {1, 1}, -1));
        });
    }

    @Test
    void killWakesAChildBlockedInReadAndItsStatusReportsTheSignal() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] fds = pipe();
            Forked forked = forkChild();
            Syscalls child = forked.calls();
            VirtualProcess childProcess = forked.process();
            int childPid = child.getpid();
            List<Integer> handled = new CopyOnWriteArrayList<>();
            childProcess.setCancellationHandler(handled::add); // the host would close the context here
            CompletableFuture<Throwable> childThread = CompletableFuture.supplyAsync(() -> {
                try {
                    read(child, fds[0], 10);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                } finally {
                    childProcess.exit(1); // the host reports the end of the context
                }
            });
            assertArrayEquals(new int[] {0, 0}, parent.waitpid(childPid, WNOHANG));
            parent.kill(childPid, SIGTERM, false);
            assertEquals(ProcessCancelledException.class, childThread.get().getClass());
            assertEquals(List.of(SIGTERM), handled);
            assertArrayEquals(new int[] {childPid, SIGTERM}, parent.waitpid(childPid, 0));
            assertEquals(Errno.ECHILD, errno(() -> parent.waitpid(-1, WNOHANG)));
            assertEquals(Errno.ESRCH, errno(() -> parent.kill(childPid, 0, false)));
        });
    }

    @Test
    void manyChildrenWriteToOneInheritedPipeAndAreAllReaped() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int children = 16;
            int[] fds = pipe();
            List<CompletableFuture<Void>> threads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < children; i++) {
                Forked child = forkChild();
                int code = i;
                threads.add(CompletableFuture.runAsync(() -> {
                    child.calls().close(fds[0]);
                    write(child.calls(), fds[1], ("child " + code + ";").getBytes());
                    child.process().exit(code);
                }));
            }
            parent.close(fds[1]);
            StringBuilder received = new StringBuilder();
            for (byte[] chunk = read(parent, fds[0], 7); chunk.length > 0; chunk = read(parent, fds[0], 7)) {
                received.append(new String(chunk));
            }
            assertEquals(children, received.toString().split(";").length);
            int statusSum = 0;
            for (int i = 0; i < children; i++) {
                statusSum += parent.waitpid(-1, 0)[1] >> 8;
            }
            assertEquals(children * (children - 1) / 2, statusSum);
            assertEquals(Errno.ECHILD, errno(() -> parent.waitpid(-1, 0)));
            for (CompletableFuture<Void> thread : threads) {
                thread.get();
            }
        });
    }

    @Test
    void twoThreadsWaitingForOneChildGetItOnceAndEchild() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            Forked child = forkChild();
            int childPid = child.pid();
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> waitOutcome(childPid));
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> waitOutcome(childPid));
            child.process().exit(0);
            List<String> outcomes = List.of(first.get(), second.get());
            assertTrue(outcomes.contains("reaped " + childPid), outcomes.toString());
            assertTrue(outcomes.contains("errno 10"), outcomes.toString());
        });
    }

    private String waitOutcome(int pid) {
        try {
            return "reaped " + parent.waitpid(pid, 0)[0];
        } catch (KernelException e) {
            return "errno " + e.errno();
        }
    }

    @Test
    void closingAnFdDoesNotAbortAReadBlockedOnIt() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] fds = pipe();
            int extraWriter = parent.dup2(fds[1], 5, false);
            OpenFileDescription readEnd = kernel.mainProcess().fds().acquire(fds[0]);
            readEnd.release();
            CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> read(parent, fds[0], 10));
            while (readEnd.referenceCount() < 2) { // until the read is in progress
                Thread.onSpinWait();
            }
            parent.close(fds[0]); // as on Linux, the blocked read holds its own reference
            write(parent, extraWriter, "late".getBytes());
            assertEquals("late", new String(reading.get()));
        });
    }

    @Test
    void aProcessThatKillsItselfDoesNotReturnFromKill() {
        Syscalls child = forkChild().calls();
        assertThrows(ProcessCancelledException.class, () -> child.kill(child.getpid(), 9, false));
        assertThrows(ProcessCancelledException.class, child::getpid);
    }

    @Test
    void callsAfterExitAreCancelled() {
        Forked child = forkChild();
        child.process().exit(0);
        assertThrows(ProcessCancelledException.class, () -> child.calls().pipeAt(3, 4));
    }

    @Test
    void getppidOfAnOrphanIsTheMainPid() {
        Forked child = forkChild();
        Syscalls grandchild = fork(child.pid()).calls();
        assertEquals(child.pid(), grandchild.getppid());
        child.process().exit(0);
        assertEquals(1000, grandchild.getppid());
        assertEquals(999, parent.getppid());
        assertEquals(1000, grandchild.getpgrp());
    }

    @Test
    void kernelPidsAreTheMainPidAndTheVirtualRange() {
        assertTrue(parent.isKernelPid(1000));
        assertTrue(parent.isKernelPid(forkChild().pid()));
        assertFalse(parent.isKernelPid(1234));
    }

    @Test
    void pythonSeesOnlyAnnotatedMethodsWithSimpleTypes() {
        Set<Class<?>> simple = Set.of(int.class, long.class, boolean.class, double.class, void.class,
                String.class, byte[].class, int[].class, long[].class, int[][].class);
        // Facades for a group of calls are themselves made of simple methods only; one may be handed back.
        Set<Class<?>> facades = Set.of(SemaphoreCalls.class, SemaphoreUse.class, SharedMemoryCalls.class,
                SharedSegment.class, NativeSegment.class, LockedElement.class);
        for (Class<?> type : List.of(Syscalls.class, SemaphoreCalls.class, SemaphoreUse.class, SharedMemoryCalls.class,
                SharedSegment.class, NativeSegment.class, LockedElement.class)) {
            for (Method method : type.getMethods()) {
                if (method.isAnnotationPresent(PythonVisible.class)) {
                    Class<?> result = method.getReturnType();
                    assertTrue(simple.contains(result) || facades.contains(result), method.toString());
                    assertTrue(Arrays.stream(method.getParameterTypes())
                            .allMatch(t -> simple.contains(t) || facades.contains(t)), method.toString());
                }
            }
        }
    }

    @Test
    void forThisJvmGivesMainTheRealPid() {
        Kernel real = Kernel.forThisJvm();
        assertEquals(ProcessHandle.current().pid(), real.mainProcess().pid());
        assertTrue(real.fork(real.mainProcess().pid()).pid() > 4_194_304);
    }
}
