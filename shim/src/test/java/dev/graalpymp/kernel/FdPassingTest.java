package dev.graalpymp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** sendmsg/recvmsg with SCM_RIGHTS between two processes, as the Python side calls them. */
class FdPassingTest {
    private final Kernel kernel = new Kernel(1000, 999, 5_000_000);
    private final Syscalls parent = kernel.syscalls(1000);

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    private static byte[] read(Syscalls calls, int fd, int n) {
        byte[] buffer = new byte[n];
        return Arrays.copyOf(buffer, calls.read(fd, buffer, n));
    }

    @Test
    void aPipeEndSentToAnotherProcessIsInstalledAtItsNumbers() {
        parent.socketpairAt(3, 4);
        Syscalls child = kernel.syscalls(kernel.fork(1000).pid());
        parent.close(4);
        child.close(3);
        parent.pipeAt(5, 6);
        assertEquals(1, parent.sendmsg(3, new byte[] {1}, 1, new int[] {6}));
        parent.close(6); // in flight, the write end stays open

        byte[] buffer = new byte[8];
        assertArrayEquals(new int[] {1, 1, 0}, child.recvmsgAt(4, buffer, 8, new int[] {40, 41}, false));
        assertFalse(Arrays.stream(child.kernelFds()).anyMatch(fd -> fd == 41));
        assertTrue(child.getInheritable(40)); // as Linux's recvmsg without MSG_CMSG_CLOEXEC
        child.write(40, "hi".getBytes(), 2);
        child.close(40);
        assertArrayEquals("hi".getBytes(), read(parent, 5, 10));
        assertEquals(0, read(parent, 5, 10).length); // the received fd was the last write end
    }

    @Test
    void moreFdsThanNumbersTruncatesAndClosesTheRest() {
        parent.socketpairAt(3, 4);
        parent.pipeAt(5, 6);
        parent.sendmsg(3, new byte[] {2}, 1, new int[] {6, 6});
        parent.close(6);
        int[] result = parent.recvmsgAt(4, new byte[1], 1, new int[] {7}, true);
        assertArrayEquals(new int[] {1, 1, Syscalls.MSG_CTRUNC}, result);
        assertFalse(parent.getInheritable(7));
        parent.close(7);
        assertEquals(0, read(parent, 5, 10).length);
    }

    @Test
    void badFdsAndNonSocketsAreRefusedAndNothingIsSent() {
        parent.socketpairAt(3, 4);
        parent.pipeAt(5, 6);
        assertEquals(Errno.EBADF, errno(() -> parent.sendmsg(3, new byte[] {1}, 1, new int[] {6, 99})));
        assertEquals(0, parent.bytesAvailable(4));
        assertEquals(Errno.ENOTSOCK, errno(() -> parent.sendmsg(6, new byte[] {1}, 1, new int[] {5})));
        assertEquals(Errno.ENOTSOCK, errno(() -> parent.recvmsgAt(5, new byte[1], 1, new int[] {7}, false)));
        parent.close(6);
        assertEquals(0, read(parent, 5, 10).length); // no reference of 6 was kept by the failed calls
    }

    @Test
    void bytesWithoutFdsInstallNothing() {
        parent.socketpairAt(3, 4);
        parent.write(3, new byte[] {0}, 1);
        assertArrayEquals(new int[] {1, 0, 0}, parent.recvmsgAt(4, new byte[1], 1, new int[] {7}, false));
        assertFalse(Arrays.stream(parent.kernelFds()).anyMatch(fd -> fd == 7));
    }
}
