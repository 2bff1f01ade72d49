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
import dev.graalpymp.kernel.shm.SharedMemoryCalls;
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

    private Syscalls forkChild() {
        return kernel.syscalls(parent.fork());
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
    void firstPipeIsThreeAndFourAndNonInheritableLikeCPython() {
        int[] fds = parent.pipe();
        assertArrayEquals(new int[] {3, 4}, fds);
        assertFalse(parent.getInheritable(3));
        assertTrue(parent.getBlocking(3));
        assertArrayEquals(new int[] {3, 4}, parent.kernelFds());
        assertTrue(parent.isKernelFd(4));
        assertFalse(parent.isKernelFd(1));
    }

    @Test
    void pipe2HonoursFlagsAndRejectsOthers() {
        int[] fds = parent.pipe2(Syscalls.O_NONBLOCK);
        assertTrue(parent.getInheritable(fds[0]));
        assertFalse(parent.getBlocking(fds[1]));
        assertEquals(Errno.EINVAL, errno(() -> parent.pipe2(1)));
    }

    @Test
    void hostFdNumbersKeepKernelFdsOffGraalPysOwn() {
        Set<Integer> graalPyFds = Set.of(0, 1, 2, 3);
        parent.process().setHostFdNumbers(graalPyFds::contains);
        assertArrayEquals(new int[] {4, 5}, parent.pipe());
    }

    @Test
    void readerSeesEofOnlyWhenTheForkedChildsWriteEndIsClosedToo() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] fds = parent.pipe();
            Syscalls child = forkChild();
            parent.close(fds[1]);
            CompletableFuture<byte[]> firstRead = CompletableFuture.supplyAsync(() -> read(parent, fds[0], 100));
            write(child, fds[1], "from child".getBytes());
            assertEquals("from child", new String(firstRead.get()));

            parent.setBlocking(fds[0], false);
            assertEquals(Errno.EAGAIN, errno(() -> read(parent, fds[0], 100)), "child still holds a write end");
            parent.setBlocking(fds[0], true);
            CompletableFuture<byte[]> eofRead = CompletableFuture.supplyAsync(() -> read(parent, fds[0], 100));
            int childPid = child.getpid();
            child.process().exit(0); // exit closes the child's fds
            assertArrayEquals(new byte[0], eofRead.get());
            assertArrayEquals(new int[] {childPid, 0}, parent.waitpid(-1, 0));
        });
    }

    @Test
    void writerGetsEpipeOnceNoProcessHoldsTheReadEnd() {
        int[] fds = parent.pipe();
        Syscalls child = forkChild();
        parent.close(fds[0]);
        assertEquals(3, write(parent, fds[1], "abc".getBytes()), "the child's read end is still open");
        child.close(fds[0]);
        KernelException e = assertThrows(KernelException.class, () -> write(parent, fds[1], "x".getBytes()));
        assertEquals(Errno.EPIPE, e.errno());
        assertEquals("Broken pipe", e.strerror());
    }

    @Test
    void blockingFlagIsSharedWithTheChildButInheritabilityIsPerFd() {
        int[] fds = parent.pipe();
        Syscalls child = forkChild();
        child.setBlocking(fds[0], false);
        assertFalse(parent.getBlocking(fds[0]));
        child.setInheritable(fds[0], true);
        assertFalse(parent.getInheritable(fds[0]));
        assertEquals(Errno.EAGAIN, errno(() -> read(parent, fds[0], 1)));
    }

    @Test
    void closedAndNeverOpenedFdsAreEbadf() {
        int[] fds = parent.pipe();
        parent.close(fds[0]);
        assertEquals(Errno.EBADF, errno(() -> read(parent, fds[0], 1)));
        assertEquals(Errno.EBADF, errno(() -> parent.close(fds[0])));
        assertEquals(Errno.EBADF, errno(() -> write(parent, 17, new byte[1])));
        assertEquals(Errno.EBADF, errno(() -> read(parent, 17, 1)));
        assertEquals(Errno.EBADF, errno(() -> parent.close(17)));
        assertEquals(Errno.EBADF, errno(() -> parent.getBlocking(17)));
        assertEquals(Errno.EBADF, errno(() -> parent.fstat(17)));
        KernelException e = assertThrows(KernelException.class, () -> parent.dup(17));
        assertEquals("[Errno 9] Bad file descriptor", e.getMessage());
    }

    @Test
    void wrongPipeEndIsEbadfAndNegativeLengthEinval() {
        int[] fds = parent.pipe();
        assertEquals(Errno.EBADF, errno(() -> write(parent, fds[0], "x".getBytes())));
        assertEquals(Errno.EBADF, errno(() -> read(parent, fds[1], 1)));
        assertEquals(Errno.EINVAL, errno(() -> read(parent, fds[0], -1)));
        assertEquals(Errno.EINVAL, errno(() -> parent.read(fds[0], new byte[2], 3)), "a count past the buffer");
        assertEquals(Errno.EINVAL, errno(() -> parent.write(fds[1], new byte[2], 3)), "a length past the data");
    }

    @Test
    void dupFollowsCPythonInheritanceDefaults() {
        int[] fds = parent.pipe();
        int copy = parent.dup(fds[1]);
        assertEquals(5, copy);
        assertFalse(parent.getInheritable(copy));
        assertEquals(9, parent.dup2(fds[1], 9));
        assertTrue(parent.getInheritable(9));
        assertEquals(10, parent.dup2(fds[1], 10, false));
        assertFalse(parent.getInheritable(10));
        assertEquals(fds[0], parent.dup2(fds[0], fds[0]));
        assertEquals(Errno.EINVAL, errno(() -> parent.dup2(fds[0], fds[0], false)));
        assertEquals(Errno.EBADF, errno(() -> parent.dup2(30, 30, false)));
        write(parent, 9, "via 9".getBytes());
        assertEquals("via 9", new String(read(parent, fds[0], 100)));
    }

    @Test
    void fstatDescribesAFifo() {
        int[] fds = parent.pipe();
        write(parent, fds[1], "12345".getBytes());
        assertEquals("FIFO", parent.fileKind(fds[0]));
        long[] stat = parent.fstat(fds[0]);
        assertEquals(0010600, stat[0]);
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
        int[] fds = parent.pipe();
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
            int[] a = parent.pipe();
            int[] b = parent.pipe();
            int[][] none = parent.select(new int[] {a[0], b[0]}, new int[0], 0.02);
            assertEquals(0, none[0].length + none[1].length);
            Syscalls child = forkChild();
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
            int[] fds = parent.pipe();
            Syscalls child = forkChild();
            VirtualProcess childProcess = child.process();
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
            int[] fds = parent.pipe();
            List<CompletableFuture<Void>> threads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < children; i++) {
                Syscalls child = forkChild();
                int code = i;
                threads.add(CompletableFuture.runAsync(() -> {
                    child.close(fds[0]);
                    write(child, fds[1], ("child " + code + ";").getBytes());
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
            Syscalls child = forkChild();
            int childPid = child.getpid();
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
            int[] fds = parent.pipe();
            int extraWriter = parent.dup(fds[1]);
            OpenFileDescription readEnd = parent.process().fds().acquire(fds[0]);
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
        Syscalls child = forkChild();
        assertThrows(ProcessCancelledException.class, () -> child.kill(child.getpid(), 9, false));
        assertThrows(ProcessCancelledException.class, child::getpid);
    }

    @Test
    void callsAfterExitAreCancelled() {
        Syscalls child = forkChild();
        child.process().exit(0);
        assertThrows(ProcessCancelledException.class, child::pipe);
    }

    @Test
    void getppidOfAnOrphanIsTheMainPid() {
        Syscalls child = forkChild();
        Syscalls grandchild = kernel.syscalls(child.fork());
        assertEquals(child.getpid(), grandchild.getppid());
        child.process().exit(0);
        assertEquals(1000, grandchild.getppid());
        assertEquals(999, parent.getppid());
        assertEquals(1000, grandchild.getpgrp());
    }

    @Test
    void kernelPidsAreTheMainPidAndTheVirtualRange() {
        assertTrue(parent.isKernelPid(1000));
        assertTrue(parent.isKernelPid(forkChild().getpid()));
        assertFalse(parent.isKernelPid(1234));
    }

    @Test
    void pythonSeesOnlyAnnotatedMethodsWithSimpleTypes() {
        Set<Class<?>> simple = Set.of(int.class, long.class, boolean.class, double.class, void.class,
                String.class, byte[].class, int[].class, long[].class, int[][].class);
        // Facades for a group of calls are themselves made of simple methods only.
        Set<Class<?>> facades = Set.of(SemaphoreCalls.class, SemaphoreUse.class, SharedMemoryCalls.class,
                SharedSegment.class);
        for (Class<?> type : List.of(Syscalls.class, SemaphoreCalls.class, SemaphoreUse.class, SharedMemoryCalls.class,
                SharedSegment.class)) {
            for (Method method : type.getMethods()) {
                if (method.isAnnotationPresent(PythonVisible.class)) {
                    Class<?> result = method.getReturnType();
                    assertTrue(simple.contains(result) || facades.contains(result), method.toString());
                    assertTrue(Arrays.stream(method.getParameterTypes()).allMatch(simple::contains), method.toString());
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
