package dev.graalpymp.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Syscalls#writeSignalByte}: signal.set_wakeup_fd's byte, written without ever waiting. */
class SignalByteTest {
    private final Kernel kernel = new Kernel(1000, 999, 5_000_000);
    private final Syscalls calls = kernel.syscalls(1000);

    private byte[] read(int fd, int n) {
        byte[] buffer = new byte[n];
        return Arrays.copyOf(buffer, calls.read(fd, buffer, n));
    }

    @Test
    void theSignalNumberIsOneByteOnAPipeOrASocketPair() {
        calls.pipeAt(3, 4);
        calls.socketpairAt(5, 6);
        assertEquals(0, calls.writeSignalByte(4, 10));
        assertEquals(0, calls.writeSignalByte(4, 64));
        assertEquals(0, calls.writeSignalByte(6, 14));
        assertArrayEquals(new byte[] {10, 64}, read(3, 8));
        assertArrayEquals(new byte[] {14}, read(5, 8));
    }

    @Test
    void aFullPipeGivesEagainEvenWhenTheFdIsBlocking() {
        calls.pipeAt(3, 4); // blocking: the program may have set it so after set_wakeup_fd
        byte[] full = new byte[calls.pipeCapacity()];
        calls.write(4, full, full.length);
        assertEquals(Errno.EAGAIN, calls.writeSignalByte(4, 10));
    }

    @Test
    void failuresAreErrnosNotExceptions() {
        calls.pipeAt(3, 4);
        assertEquals(Errno.EBADF, calls.writeSignalByte(3, 10)); // the read end
        assertEquals(Errno.EBADF, calls.writeSignalByte(9, 10)); // not open
        calls.close(3);
        assertEquals(Errno.EPIPE, calls.writeSignalByte(4, 10));
    }
}
