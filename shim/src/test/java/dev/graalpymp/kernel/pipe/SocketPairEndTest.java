package dev.graalpymp.kernel.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.Descriptions;
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
        Descriptions.write(pair.first(), bytes("ping"), live);
        Descriptions.write(pair.second(), bytes("pong!"), live);
        assertArrayEquals(bytes("ping"), Descriptions.read(pair.second(), 100, live));
        assertArrayEquals(bytes("pong!"), Descriptions.read(pair.first(), 100, live));
        assertEquals(FileKind.SOCKET, pair.first().kind());
    }

    @Test
    void closingOneEndGivesThePeerEofAndEpipe() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        Descriptions.write(pair.second(), bytes("last"), live);
        pair.second().release();
        assertArrayEquals(bytes("last"), Descriptions.read(pair.first(), 100, live));
        assertEquals(0, Descriptions.read(pair.first(), 100, live).length);
        assertEquals(Errno.EPIPE,
                assertThrows(KernelException.class, () -> Descriptions.write(pair.first(), bytes("x"), live)).errno());
        assertEquals(PollEvents.POLLHUP, pair.first().pollEvents() & PollEvents.POLLHUP);
    }

    @Test
    void pollReportsReadableAndWritable() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        assertEquals(PollEvents.POLLOUT, pair.first().pollEvents());
        Descriptions.write(pair.second(), bytes("x"), live);
        assertEquals(PollEvents.POLLIN | PollEvents.POLLOUT, pair.first().pollEvents());
    }
}
