package dev.graalpymp.kernel.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.Descriptions;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.wait.Cancellation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SCM_RIGHTS on a socket pair: descriptions travel with the bytes they were sent with, as on Linux. */
class InFlightFdsTest {
    private final Cancellation live = new Cancellation();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** sendmsg as the kernel's call makes it: the message takes a reference of its own to each description. */
    private int send(SocketPairEnd end, String data, OpenFileDescription... fds) {
        Arrays.stream(fds).forEach(OpenFileDescription::retain);
        return end.sendmsg(bytes(data), data.length(), fds, live);
    }

    /** A socket pair with a pipe's write end in flight from its first end, the sender's own fd closed. */
    private record WriteEndInFlight(SocketPairEnd.Pair pair, Pipe.Ends pipe) {
    }

    private WriteEndInFlight writeEndInFlight() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        Pipe.Ends pipe = Pipe.open(false);
        send(pair.first(), "x", pipe.writeEnd());
        pipe.writeEnd().release();
        return new WriteEndInFlight(pair, pipe);
    }

    private String receive(SocketPairEnd end, int max, List<OpenFileDescription> received) {
        byte[] into = new byte[max];
        return new String(into, 0, end.recvmsg(into, max, live, received), StandardCharsets.US_ASCII);
    }

    @Test
    void fdsArriveWithTheirBytesAndAReadStopsAtTheirEnd() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        Pipe.Ends pipe = Pipe.open(false);
        Descriptions.write(pair.first(), bytes("ab"), live);
        send(pair.first(), "cd", pipe.writeEnd());
        send(pair.first(), "ef", pipe.readEnd());
        Descriptions.write(pair.first(), bytes("gh"), live);
        List<OpenFileDescription> received = new ArrayList<>();
        assertEquals("a", receive(pair.second(), 1, received)); // before the fds' bytes: none yet
        assertTrue(received.isEmpty());
        assertEquals("bcd", receive(pair.second(), 100, received)); // as Linux: the bytes before come along
        assertEquals(List.of(pipe.writeEnd()), received);
        assertEquals("e", receive(pair.second(), 1, received)); // any byte of the segment brings its fds
        assertEquals(List.of(pipe.writeEnd(), pipe.readEnd()), received);
        assertEquals("fgh", receive(pair.second(), 100, received));
        assertEquals(2, received.size());
    }

    @Test
    void aReceivedDescriptionIsTheSameOpenFile() {
        WriteEndInFlight sent = writeEndInFlight(); // the message's reference keeps the end open
        Pipe.Ends pipe = sent.pipe();
        List<OpenFileDescription> received = new ArrayList<>();
        receive(sent.pair().second(), 1, received);
        Descriptions.write(received.get(0), bytes("through"), live);
        assertArrayEquals(bytes("through"), Descriptions.read(pipe.readEnd(), 100, live));
        received.get(0).release();
        assertEquals(0, Descriptions.read(pipe.readEnd(), 100, live).length); // its last close: EOF
    }

    @Test
    void aPlainReadClosesTheFdsItTakes() {
        WriteEndInFlight sent = writeEndInFlight();
        assertArrayEquals(bytes("x"), Descriptions.read(sent.pair().second(), 10, live));
        assertEquals(0, Descriptions.read(sent.pipe().readEnd(), 100, live).length);
    }

    @Test
    void fdsNeverReceivedAreClosedWithTheReceivingEnd() {
        WriteEndInFlight sent = writeEndInFlight();
        Pipe.Ends pipe = sent.pipe();
        assertEquals(1, pipe.writeEnd().referenceCount());
        sent.pair().second().release();
        assertEquals(0, pipe.writeEnd().referenceCount());
        assertEquals(0, Descriptions.read(pipe.readEnd(), 100, live).length);
    }

    @Test
    void aMessageNotSentLeavesItsReferencesToTheSender() {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        Pipe.Ends pipe = Pipe.open(false);
        pair.second().release();
        assertEquals(Errno.EPIPE, assertThrows(KernelException.class,
                () -> send(pair.first(), "x", pipe.writeEnd())).errno());
        assertEquals(2, pipe.writeEnd().referenceCount()); // the fd's and the one the call took, still the caller's
    }

    @Test
    void aLargeMessageCarriesItsFdsWithItsFirstChunk() throws InterruptedException {
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        Pipe.Ends pipe = Pipe.open(false);
        byte[] large = new byte[Pipe.CAPACITY + 10];
        Arrays.fill(large, (byte) 'z');
        pipe.readEnd().retain();
        Thread writer = Thread.ofVirtual().start(
                () -> pair.first().sendmsg(large, large.length, new OpenFileDescription[] {pipe.readEnd()}, live));
        List<OpenFileDescription> received = new ArrayList<>();
        int total = 0;
        while (total < large.length) {
            total += receive(pair.second(), 100_000, received).length();
            assertEquals(1, received.size()); // from the first read on
        }
        assertEquals(large.length, total);
        assertEquals(List.of(pipe.readEnd()), received);
        assertTrue(writer.join(Duration.ofSeconds(10)));
    }
}
