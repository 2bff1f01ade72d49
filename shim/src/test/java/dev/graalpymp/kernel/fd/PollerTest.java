package dev.graalpymp.kernel.fd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.pipe.Pipe;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollerTest {
    private static final Duration DEADLOCK_GUARD = Duration.ofSeconds(20);
    private final FdTable table = new FdTable(FdTable.DEFAULT_LIMIT);
    private final Cancellation cancellation = new Cancellation();
    private int nextFd = 3;

    /** A pipe at the next two numbers, as the host's placeholders give them in a fresh process. */
    private int[] pipe() {
        Pipe.Ends ends = Pipe.open(false);
        int[] fds = {nextFd, nextFd + 1};
        nextFd += 2;
        table.installAt(ends.readEnd(), fds[0], true);
        table.installAt(ends.writeEnd(), fds[1], true);
        return fds;
    }

    private void write(int fd, String text) {
        OpenFileDescription description = table.acquire(fd);
        try {
            Descriptions.write(description, text.getBytes(), cancellation);
        } finally {
            description.release();
        }
    }

    @Test
    void selectOverSeveralPipesReportsExactlyTheReadyOnes() {
        int[] a = pipe();
        int[] b = pipe();
        int[] c = pipe();
        write(b[1], "data");
        table.close(c[1]); // EOF counts as readable
        int[][] ready = Poller.select(table, cancellation, new int[] {a[0], b[0], c[0]}, new int[] {a[1]},
                KernelWait.FOREVER);
        assertArrayEquals(new int[] {b[0], c[0]}, ready[0]);
        assertArrayEquals(new int[] {a[1]}, ready[1]);
    }

    @Test
    void selectWithTimeoutAndNothingReadyReturnsEmptyLists() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] a = pipe();
            int[][] ready = Poller.select(table, cancellation, new int[] {a[0]}, new int[0],
                    TimeUnit.MILLISECONDS.toNanos(30));
            assertArrayEquals(new int[0], ready[0]);
            assertArrayEquals(new int[0], ready[1]);
        });
    }

    @Test
    void selectBlocksUntilAnotherThreadWrites() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] a = pipe();
            int[] b = pipe();
            CompletableFuture<int[][]> selecting = CompletableFuture.supplyAsync(() -> Poller.select(
                    table, cancellation, new int[] {a[0], b[0]}, new int[0], KernelWait.FOREVER));
            write(b[1], "wake");
            assertArrayEquals(new int[] {b[0]}, selecting.get()[0]);
        });
    }

    @Test
    void writeEndWithoutReaderIsReadableAndWritableForSelect() {
        int[] a = pipe();
        table.close(a[0]);
        int[][] ready = Poller.select(table, cancellation, new int[] {a[1]}, new int[] {a[1]}, 0);
        assertArrayEquals(new int[] {a[1]}, ready[0]);
        assertArrayEquals(new int[] {a[1]}, ready[1]);
    }

    @Test
    void selectOnAClosedFdIsEbadfAndReleasesWhatItAcquired() {
        int[] a = pipe();
        OpenFileDescription readEnd = table.acquire(a[0]);
        readEnd.release();
        KernelException e = assertThrows(KernelException.class,
                () -> Poller.select(table, cancellation, new int[] {a[0], 42}, new int[0], 0));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals(1, readEnd.referenceCount());
    }

    @Test
    void pollReportsReventsIncludingHupAndNval() {
        int[] a = pipe();
        int[] b = pipe();
        write(a[1], "x");
        table.close(b[1]);
        int[] revents = Poller.poll(table, cancellation,
                new int[] {a[0], b[0], 50, -1, a[1]},
                new int[] {PollEvents.POLLIN, PollEvents.POLLIN, PollEvents.POLLIN, PollEvents.POLLIN, 0},
                KernelWait.FOREVER);
        assertArrayEquals(new int[] {PollEvents.POLLIN, PollEvents.POLLHUP, PollEvents.POLLNVAL, 0, 0}, revents);
    }

    @Test
    void pollTimesOutWithAllZero() {
        int[] a = pipe();
        int[] revents = Poller.poll(table, cancellation, new int[] {a[0]}, new int[] {PollEvents.POLLIN},
                TimeUnit.MILLISECONDS.toNanos(20));
        assertArrayEquals(new int[] {0}, revents);
    }

    @Test
    void cancellationEndsABlockedSelect() {
        assertTimeoutPreemptively(DEADLOCK_GUARD, () -> {
            int[] a = pipe();
            CompletableFuture<Throwable> selecting = CompletableFuture.supplyAsync(() -> {
                try {
                    Poller.select(table, cancellation, new int[] {a[0]}, new int[0], KernelWait.FOREVER);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            cancellation.cancel("killed");
            assertEquals(ProcessCancelledException.class, selecting.get().getClass());
        });
    }
}
