package dev.graalpymp.kernel.fd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.pipe.Pipe;
import org.junit.jupiter.api.Test;

class FdTableTest {
    private final FdTable table = new FdTable(FdTable.DEFAULT_LIMIT);

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    /** A pipe at the numbers the host chose (GraalPy's placeholders), both ends close-on-exec as os.pipe(). */
    private int[] installPipe(int readFd, int writeFd) {
        Pipe.Ends ends = Pipe.open(false);
        table.installAt(ends.readEnd(), readFd, true);
        table.installAt(ends.writeEnd(), writeFd, true);
        return new int[] {readFd, writeFd};
    }

    private int[] installPipe() {
        return installPipe(3, 4);
    }

    private OpenFileDescription peek(int fd) {
        OpenFileDescription description = table.acquire(fd);
        description.release();
        return description;
    }

    @Test
    void installAtTakesTheHostsNumberAndRefusesATakenOrOutOfRangeOneReleasingTheDescription() {
        installPipe(3, 4);
        installPipe(7, 5);
        assertArrayEquals(new int[] {3, 4, 5, 7}, table.openFds());
        for (int taken : new int[] {4, -1, FdTable.DEFAULT_LIMIT}) {
            Pipe.Ends ends = Pipe.open(false);
            assertEquals(Errno.EBADF, errno(() -> table.installAt(ends.readEnd(), taken, true)));
            assertEquals(0, ends.readEnd().referenceCount(), "the refused description is released");
        }
        assertArrayEquals(new int[] {3, 4, 5, 7}, table.openFds());
    }

    @Test
    void closeOfClosedOrNeverOpenedFdIsEbadf() {
        int[] fds = installPipe();
        table.close(fds[0]);
        assertEquals(Errno.EBADF, errno(() -> table.close(fds[0])));
        assertEquals(Errno.EBADF, errno(() -> table.close(42)));
        assertEquals(Errno.EBADF, errno(() -> table.acquire(-1)));
    }

    @Test
    void dupAndDup2ShareTheDescriptionAndCountReferences() {
        int[] fds = installPipe();
        OpenFileDescription readEnd = peek(fds[0]);
        assertEquals(1, readEnd.referenceCount());
        int copy = table.dup2(fds[0], 5, false);
        assertEquals(5, copy);
        assertSame(readEnd, peek(copy));
        assertEquals(2, readEnd.referenceCount());
        assertEquals(9, table.dup2(fds[0], 9, false));
        assertEquals(3, readEnd.referenceCount());
        table.close(fds[0]);
        table.close(copy);
        assertEquals(1, readEnd.referenceCount());
        assertArrayEquals(new int[] {fds[1], 9}, table.openFds());
    }

    @Test
    void dup2ClosesTheTargetFirstAndIsANoOpOnTheSameNumber() {
        int[] first = installPipe(3, 4);
        int[] second = installPipe(5, 6);
        OpenFileDescription replacedWriteEnd = peek(second[1]);
        assertEquals(second[1], table.dup2(first[1], second[1], false));
        assertEquals(0, replacedWriteEnd.referenceCount()); // second pipe's only write end: closed
        assertSame(peek(first[1]), peek(second[1]));
        assertEquals(2, peek(first[1]).referenceCount());

        assertEquals(first[0], table.dup2(first[0], first[0], false));
        assertEquals(1, peek(first[0]).referenceCount());
    }

    @Test
    void dup2WithBadSourceOrOutOfRangeTargetIsEbadf() {
        int[] fds = installPipe();
        assertEquals(Errno.EBADF, errno(() -> table.dup2(77, fds[0], false)));
        assertArrayEquals(fds, table.openFds(), "a failed dup2 must not close the target");
        assertEquals(Errno.EBADF, errno(() -> table.dup2(fds[0], -1, false)));
        assertEquals(Errno.EBADF, errno(() -> table.dup2(fds[0], FdTable.DEFAULT_LIMIT, false)));
        assertEquals(1, peek(fds[0]).referenceCount(), "the failed dup2s took no reference");
    }

    @Test
    void closeOnExecIsPerFdNotPerDescription() {
        int[] fds = installPipe();
        int copy = table.dup2(fds[0], 10, false);
        assertTrue(table.isCloseOnExec(fds[0]));
        assertFalse(table.isCloseOnExec(copy));
        table.setCloseOnExec(copy, true);
        table.setCloseOnExec(fds[0], false);
        assertFalse(table.isCloseOnExec(fds[0]));
        assertTrue(table.isCloseOnExec(copy));
        assertEquals(Errno.EBADF, errno(() -> table.setCloseOnExec(99, true)));
    }

    @Test
    void nonBlockingIsPerDescriptionSharedByDups() {
        int[] fds = installPipe();
        int copy = table.dup2(fds[0], 5, false);
        peek(copy).setNonBlocking(true);
        assertTrue(peek(fds[0]).isNonBlocking());
    }

    @Test
    void forkCopyRetainsEveryDescriptionAndKeepsFlags() {
        int[] fds = installPipe();
        table.setCloseOnExec(fds[1], false);
        OpenFileDescription writeEnd = peek(fds[1]);
        FdTable child = table.copyForFork();
        assertArrayEquals(table.openFds(), child.openFds());
        assertEquals(2, writeEnd.referenceCount());
        assertFalse(child.isCloseOnExec(fds[1]));
        assertTrue(child.isCloseOnExec(fds[0]));
        child.closeAll();
        assertEquals(1, writeEnd.referenceCount());
    }

    @Test
    void closedTableRefusesNewFds() {
        int[] fds = installPipe();
        OpenFileDescription readEnd = peek(fds[0]);
        table.closeAll();
        assertEquals(0, readEnd.referenceCount());
        assertArrayEquals(new int[0], table.openFds());
        Pipe.Ends ends = Pipe.open(false);
        assertThrows(ProcessCancelledException.class, () -> table.installAt(ends.readEnd(), 3, false));
        assertEquals(0, ends.readEnd().referenceCount());
    }

    @Test
    void numbersFromTheLimitOnAreEbadf() {
        // Reaching the process's limit is EMFILE from the host's placeholder (graalpy_mp.overlays.os_fds), before
        // the kernel is asked; the kernel's own bound is the table's limit.
        FdTable small = new FdTable(6);
        Pipe.Ends ends = Pipe.open(false);
        small.installAt(ends.readEnd(), 5, false);
        small.installAt(ends.writeEnd(), 0, false);
        assertEquals(Errno.EBADF, errno(() -> small.dup2(5, 6, false)));
        assertEquals(1, ends.readEnd().referenceCount()); // the failed dup2 kept nothing
    }
}
