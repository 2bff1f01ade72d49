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
import java.util.Set;
import org.junit.jupiter.api.Test;

class FdTableTest {
    private final FdTable table = new FdTable(FdTable.DEFAULT_LIMIT, HostFdNumbers.STANDARD_STREAMS);

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    private int[] installPipe() {
        Pipe.Ends ends = Pipe.open(false);
        return new int[] {table.install(ends.readEnd(), true), table.install(ends.writeEnd(), true)};
    }

    private OpenFileDescription peek(int fd) {
        OpenFileDescription description = table.acquire(fd);
        description.release();
        return description;
    }

    @Test
    void firstPipeGetsThreeAndFourAndNumbersAreLowestFree() {
        assertArrayEquals(new int[] {3, 4}, installPipe());
        assertArrayEquals(new int[] {5, 6}, installPipe());
        table.close(3);
        assertArrayEquals(new int[] {3, 7}, installPipe());
        assertArrayEquals(new int[] {3, 4, 5, 6, 7}, table.openFds());
    }

    @Test
    void numbersTakenByTheHostAreSkipped() {
        Set<Integer> graalPyFds = Set.of(0, 1, 2, 3, 5);
        table.setHostFdNumbers(graalPyFds::contains);
        assertArrayEquals(new int[] {4, 6}, installPipe());
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
        int copy = table.dup(fds[0], false);
        assertEquals(5, copy);
        assertSame(readEnd, peek(copy));
        assertEquals(2, readEnd.referenceCount());
        assertEquals(9, table.dup2(fds[0], 9, false));
        assertEquals(3, readEnd.referenceCount());
        table.close(fds[0]);
        table.close(copy);
        assertEquals(1, readEnd.referenceCount());
        assertTrue(table.isOpen(9));
    }

    @Test
    void dup2ClosesTheTargetFirstAndIsANoOpOnTheSameNumber() {
        int[] first = installPipe();
        int[] second = installPipe();
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
        assertTrue(table.isOpen(fds[0]), "a failed dup2 must not close the target");
        assertEquals(Errno.EBADF, errno(() -> table.dup2(fds[0], -1, false)));
        assertEquals(Errno.EBADF, errno(() -> table.dup2(fds[0], FdTable.DEFAULT_LIMIT, false)));
        assertEquals(Errno.EBADF, errno(() -> table.dup(77, false)));
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
        int copy = table.dup(fds[0], false);
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
    void closeOnExecDropsOnlyCloexecFds() {
        int[] fds = installPipe();
        table.setCloseOnExec(fds[1], false);
        table.closeOnExec();
        assertArrayEquals(new int[] {fds[1]}, table.openFds());
    }

    @Test
    void closedTableRefusesNewFds() {
        int[] fds = installPipe();
        OpenFileDescription readEnd = peek(fds[0]);
        table.closeAll();
        assertEquals(0, readEnd.referenceCount());
        assertArrayEquals(new int[0], table.openFds());
        Pipe.Ends ends = Pipe.open(false);
        assertThrows(ProcessCancelledException.class, () -> table.install(ends.readEnd(), false));
        assertEquals(0, ends.readEnd().referenceCount());
    }

    @Test
    void runningOutOfNumbersIsEmfile() {
        FdTable small = new FdTable(6, HostFdNumbers.STANDARD_STREAMS);
        Pipe.Ends ends = Pipe.open(false);
        small.install(ends.readEnd(), false);
        small.install(ends.writeEnd(), false);
        small.dup(3, false);
        assertEquals(Errno.EMFILE, errno(() -> small.dup(3, false)));
        assertEquals(2, ends.readEnd().referenceCount()); // fds 3 and 5; the failed dup kept nothing
    }
}
