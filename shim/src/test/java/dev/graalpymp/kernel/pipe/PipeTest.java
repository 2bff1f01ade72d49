package dev.graalpymp.kernel.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.fd.Descriptions;
import dev.graalpymp.kernel.fd.FileKind;
import dev.graalpymp.kernel.fd.PollEvents;
import dev.graalpymp.kernel.wait.Cancellation;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PipeTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(30);
    private final Cancellation cancellation = new Cancellation();
    private final Pipe.Ends pipe = Pipe.open(false);

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    @Test
    void readReturnsWhatIsAvailableUpToTheRequestedSize() {
        assertEquals(5, Descriptions.write(pipe.writeEnd(), "hello".getBytes(), cancellation));
        assertArrayEquals("hel".getBytes(), Descriptions.read(pipe.readEnd(), 3, cancellation));
        assertArrayEquals("lo".getBytes(), Descriptions.read(pipe.readEnd(), 1024, cancellation));
    }

    @Test
    void eofOnlyOnceTheWriteEndIsClosed() {
        Descriptions.write(pipe.writeEnd(), "x".getBytes(), cancellation);
        pipe.writeEnd().release();
        assertArrayEquals("x".getBytes(), Descriptions.read(pipe.readEnd(), 10, cancellation));
        assertArrayEquals(new byte[0], Descriptions.read(pipe.readEnd(), 10, cancellation));
    }

    @Test
    void anExtraReferenceToTheWriteEndDelaysEof() {
        pipe.writeEnd().retain(); // e.g. a forked child's fd
        pipe.writeEnd().release();
        pipe.readEnd().setNonBlocking(true);
        assertEquals(Errno.EAGAIN, errno(() -> Descriptions.read(pipe.readEnd(), 10, cancellation)));
        pipe.writeEnd().release();
        assertArrayEquals(new byte[0], Descriptions.read(pipe.readEnd(), 10, cancellation));
    }

    @Test
    void writeWithNoReaderIsEpipeAndZeroLengthWriteSucceeds() {
        pipe.readEnd().release();
        assertEquals(Errno.EPIPE, errno(() -> Descriptions.write(pipe.writeEnd(), "x".getBytes(), cancellation)));
        assertEquals(0, Descriptions.write(pipe.writeEnd(), new byte[0], cancellation));
    }

    @Test
    void wrongDirectionIsEbadf() {
        assertEquals(Errno.EBADF, errno(() -> Descriptions.write(pipe.readEnd(), "x".getBytes(), cancellation)));
        assertEquals(Errno.EBADF, errno(() -> Descriptions.read(pipe.writeEnd(), 1, cancellation)));
    }

    @Test
    void nonBlockingReadOfEmptyPipeIsEagain() {
        pipe.readEnd().setNonBlocking(true);
        assertEquals(Errno.EAGAIN, errno(() -> Descriptions.read(pipe.readEnd(), 1, cancellation)));
        assertArrayEquals(new byte[0], Descriptions.read(pipe.readEnd(), 0, cancellation));
    }

    @Test
    void capacityIs64KibAndNonBlockingWritesArePartialOrEagain() {
        pipe.writeEnd().setNonBlocking(true);
        assertEquals(60_000, Descriptions.write(pipe.writeEnd(), new byte[60_000], cancellation));
        assertEquals(60_000, pipe.readEnd().bytesAvailable());
        assertEquals(4000, Descriptions.write(pipe.writeEnd(), new byte[4000], cancellation));
        // 1536 bytes left: an atomic-size write that does not fit entirely is refused ...
        assertEquals(Errno.EAGAIN, errno(() -> Descriptions.write(pipe.writeEnd(), new byte[4096], cancellation)));
        // ... while a large one writes what fits.
        assertEquals(1536, Descriptions.write(pipe.writeEnd(), new byte[10_000], cancellation));
        assertEquals(Pipe.CAPACITY, pipe.readEnd().bytesAvailable());
        assertEquals(Errno.EAGAIN, errno(() -> Descriptions.write(pipe.writeEnd(), new byte[1], cancellation)));
    }

    @Test
    void blockingWriteOf100KibCompletesOnlyAsTheReaderDrains() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            byte[] data = new byte[100 * 1024];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31);
            }
            CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(
                    () -> Descriptions.write(pipe.writeEnd(), data, cancellation));
            // The writer fills the pipe and then must wait for us.
            while (pipe.readEnd().bytesAvailable() < Pipe.CAPACITY) {
                Thread.onSpinWait();
            }
            assertFalse(writer.isDone());
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            while (received.size() < data.length) {
                received.write(Descriptions.read(pipe.readEnd(), 7000, cancellation));
            }
            assertEquals(data.length, writer.get());
            assertArrayEquals(data, received.toByteArray());
        });
    }

    @Test
    void writesOfPipeBufBytesFromTwoThreadsNeverInterleave() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int blocksPerWriter = 200;
            CountDownLatch start = new CountDownLatch(1);
            Runnable[] writers = new Runnable[2];
            for (int w = 0; w < 2; w++) {
                byte[] block = new byte[Pipe.PIPE_BUF];
                Arrays.fill(block, (byte) ('A' + w));
                writers[w] = () -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < blocksPerWriter; i++) {
                        assertEquals(Pipe.PIPE_BUF, Descriptions.write(pipe.writeEnd(), block, cancellation));
                    }
                };
            }
            CompletableFuture<Void> first = CompletableFuture.runAsync(writers[0]);
            CompletableFuture<Void> second = CompletableFuture.runAsync(writers[1]);
            start.countDown();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int total = 2 * blocksPerWriter * Pipe.PIPE_BUF;
            while (received.size() < total) {
                received.write(Descriptions.read(pipe.readEnd(), 1000, cancellation)); // odd sizes: reads need not align
            }
            first.get();
            second.get();
            byte[] all = received.toByteArray();
            int[] blocks = new int[2];
            for (int offset = 0; offset < total; offset += Pipe.PIPE_BUF) {
                byte owner = all[offset];
                for (int i = offset; i < offset + Pipe.PIPE_BUF; i++) {
                    assertEquals(owner, all[i], "interleaved write at byte " + i);
                }
                blocks[owner - 'A']++;
            }
            assertArrayEquals(new int[] {blocksPerWriter, blocksPerWriter}, blocks);
        });
    }

    @Test
    void blockedWriterGetsEpipeOrItsPartialCountWhenTheReaderGoesAway() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(
                    () -> Descriptions.write(pipe.writeEnd(), new byte[Pipe.CAPACITY + 10], cancellation));
            while (pipe.readEnd().bytesAvailable() < Pipe.CAPACITY) {
                Thread.onSpinWait();
            }
            pipe.readEnd().release();
            assertEquals(Pipe.CAPACITY, writer.get());
        });
    }

    @Test
    void blockedReaderWakesOnDataAndOnCancellation() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(
                    () -> Descriptions.read(pipe.readEnd(), 10, cancellation));
            Descriptions.write(pipe.writeEnd(), "hi".getBytes(), cancellation);
            assertArrayEquals("hi".getBytes(), reader.get());

            Cancellation doomed = new Cancellation();
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    Descriptions.read(pipe.readEnd(), 10, doomed);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            doomed.cancel("killed");
            assertTrue(blocked.get() instanceof ProcessCancelledException);
        });
    }

    @Test
    void pollEventsFollowLinux() {
        assertEquals(0, pipe.readEnd().pollEvents());
        assertEquals(PollEvents.POLLOUT, pipe.writeEnd().pollEvents());
        Descriptions.write(pipe.writeEnd(), "x".getBytes(), cancellation);
        assertEquals(PollEvents.POLLIN, pipe.readEnd().pollEvents());
        pipe.writeEnd().release();
        assertEquals(PollEvents.POLLIN | PollEvents.POLLHUP, pipe.readEnd().pollEvents());

        Pipe.Ends other = Pipe.open(false);
        other.readEnd().release();
        assertEquals(PollEvents.POLLOUT | PollEvents.POLLERR, other.writeEnd().pollEvents());
    }

    @Test
    void bothEndsAreFifosOfOneInode() {
        assertEquals(FileKind.FIFO, pipe.readEnd().kind());
        assertEquals(0010600, pipe.writeEnd().kind().mode());
        assertEquals(pipe.readEnd().inode(), pipe.writeEnd().inode());
        assertTrue(Pipe.open(false).readEnd().inode() != pipe.readEnd().inode());
    }
}
