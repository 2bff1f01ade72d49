package dev.graalpymp.kernel.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.FileKind;
import dev.graalpymp.kernel.fd.PollEvents;
import dev.graalpymp.kernel.wait.Cancellation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketPairEndTest {
    private final Cancellation live = new Cancellation();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void bytesFlowBothWays() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        pair.first().write(bytes("ping"), live);
        pair.second().write(bytes("pong!"), live);
        assertArrayEquals(bytes("ping"), pair.second().read(100, live));
        assertArrayEquals(bytes("pong!"), pair.first().read(100, live));
        assertEquals(FileKind.SOCKET, pair.first().kind());
    }

    @Test
    void closingOneEndGivesThePeerEofAndEpipe() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        pair.second().write(bytes("last"), live);
        pair.second().release();
        assertArrayEquals(bytes("last"), pair.first().read(100, live));
        assertEquals(0, pair.first().read(100, live).length);
        assertEquals(Errno.EPIPE,
                assertThrows(KernelException.class, () -> pair.first().write(bytes("x"), live)).errno());
        assertEquals(PollEvents.POLLHUP, pair.first().pollEvents() & PollEvents.POLLHUP);
    }

    @Test
    void pollReportsReadableAndWritable() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        assertEquals(PollEvents.POLLOUT, pair.first().pollEvents());
        pair.second().write(bytes("x"), live);
        assertEquals(PollEvents.POLLIN | PollEvents.POLLOUT, pair.first().pollEvents());
    }
}
