package dev.graalpymp.kernel.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.Descriptions;
import dev.graalpymp.kernel.wait.Cancellation;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(30);
    private final Cancellation cancellation = new Cancellation();
    private final Pipe.Ends pipe = Pipe.open(false);
    private final byte[] buffer = new byte[Pipe.CAPACITY];

    private long receive(long maxLength) {
        return Messages.receive(pipe.readEnd(), buffer, buffer.length, maxLength, cancellation);
    }

    private void write(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        Descriptions.write(pipe.writeEnd(), bytes, cancellation);
    }

    @Test
    void aSmallMessageIsHeaderAndBodyInOneWrite() {
        Messages.send(pipe.writeEnd(), "abcdef".getBytes(), 3, cancellation);
        assertArrayEquals(new byte[] {0, 0, 0, 3, 'a', 'b', 'c'}, Descriptions.read(pipe.readEnd(), 100, cancellation));
    }

    @Test
    void messagesRoundTripWithTheirLengths() {
        Messages.send(pipe.writeEnd(), "hello".getBytes(), 5, cancellation);
        Messages.send(pipe.writeEnd(), new byte[0], 0, cancellation);
        assertEquals(5, receive(-1));
        assertArrayEquals("hello".getBytes(), Arrays.copyOf(buffer, 5));
        assertEquals(0, receive(-1));
    }

    @Test
    void theEightByteLengthAfterMinusOneIsRead() {
        write(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i');
        assertEquals(2, receive(-1));
        assertArrayEquals("hi".getBytes(), Arrays.copyOf(buffer, 2));
    }

    @Test
    void endOfFileBeforeAndInsideAMessage() {
        write(0, 0, 0, 9, 'x');
        pipe.writeEnd().release();
        assertEquals(Messages.TRUNCATED, receive(-1));
        assertEquals(Messages.END_OF_FILE, receive(-1));
    }

    @Test
    void aMessageLongerThanAcceptedLeavesItsBodyUnread() {
        Messages.send(pipe.writeEnd(), "0123456789".getBytes(), 10, cancellation);
        long result = receive(9);
        assertEquals(10, Messages.pendingLength(result));
        byte[] body = new byte[10];
        assertEquals(10, Messages.receiveBody(pipe.readEnd(), body, 10, cancellation));
        assertArrayEquals("0123456789".getBytes(), body);
    }

    @Test
    void aMessageLargerThanAPipeIsWrittenAndReadInPieces() {
        byte[] big = new byte[3 * Pipe.CAPACITY + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(
                () -> Messages.send(pipe.writeEnd(), big, big.length, cancellation));
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            long result = receive(-1);
            assertEquals(big.length, Messages.pendingLength(result)); // does not fit the buffer
            byte[] body = new byte[big.length];
            assertEquals(big.length, Messages.receiveBody(pipe.readEnd(), body, big.length, cancellation));
            assertArrayEquals(big, body);
            writer.join();
        });
    }

    @Test
    void aWriteWithNoReaderIsEpipe() {
        pipe.readEnd().release();
        KernelException e = assertThrows(KernelException.class,
                () -> Messages.send(pipe.writeEnd(), new byte[] {1}, 1, cancellation));
        assertEquals(Errno.EPIPE, e.errno());
    }

    @Test
    void aNonBlockingReadWithNothingThereIsEagain() {
        pipe.readEnd().setNonBlocking(true);
        KernelException e = assertThrows(KernelException.class, () -> receive(-1));
        assertEquals(Errno.EAGAIN, e.errno());
    }
}
