package dev.graalpymp.kernel.fd;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code select(2)} and {@code poll(2)} over the fds of one table, on top of {@link KernelWait}: each fd becomes
 * a {@link Waitable} "its description has one of these poll events".
 */
public final class Poller {

    private record Interest(int position, OpenFileDescription description, int triggers) implements Waitable {
        @Override
        public boolean isReady() {
            return (description.pollEvents() & triggers) != 0;
        }

        @Override
        public WaitQueue queue() {
            return description.pollQueue();
        }
    }

    private Poller() {
    }

    /**
     * {@code select}: waits until one of {@code readFds} is readable or one of {@code writeFds} writable (in
     * select's sense, see {@link PollEvents}) or the timeout elapses (0: poll, negative: no limit). Returns
     * {@code {readyRead, readyWrite}}, each in the order given (duplicates kept, as CPython's select does).
     *
     * @throws KernelException EBADF if any fd is not open
     */
    public static int[][] select(FdTable table, Cancellation cancellation, int[] readFds, int[] writeFds,
                                 long timeoutNanos) {
        List<Interest> interests = new ArrayList<>();
        try {
            for (int i = 0; i < readFds.length + writeFds.length; i++) {
                boolean read = i < readFds.length;
                int fd = read ? readFds[i] : writeFds[i - readFds.length];
                interests.add(new Interest(i, table.acquire(fd),
                        read ? PollEvents.SELECT_READ : PollEvents.SELECT_WRITE));
            }
            List<Interest> ready = KernelWait.awaitAny(cancellation, interests, timeoutNanos);
            int[] readyRead = ready.stream().filter(r -> r.position() < readFds.length)
                    .mapToInt(r -> readFds[r.position()]).toArray();
            int[] readyWrite = ready.stream().filter(r -> r.position() >= readFds.length)
                    .mapToInt(r -> writeFds[r.position() - readFds.length]).toArray();
            return new int[][] {readyRead, readyWrite};
        } finally {
            interests.forEach(interest -> interest.description().release());
        }
    }

    /**
     * {@code poll}: returns the {@code revents} for each of {@code fds} (aligned with it) once at least one is
     * non-zero or the timeout elapses (0: poll, negative: no limit). Negative fds are ignored (revents 0);
     * fds that are not open report POLLNVAL; POLLERR and POLLHUP are reported even when not requested.
     */
    public static int[] poll(FdTable table, Cancellation cancellation, int[] fds, int[] events, long timeoutNanos) {
        if (fds.length != events.length) {
            throw new KernelException(Errno.EINVAL, "poll: fds and events differ in length");
        }
        int[] revents = new int[fds.length];
        List<Interest> interests = new ArrayList<>();
        try {
            boolean anyInvalid = false;
            for (int i = 0; i < fds.length; i++) {
                if (fds[i] < 0) {
                    continue;
                }
                try {
                    int triggers = events[i] | PollEvents.POLLERR | PollEvents.POLLHUP;
                    interests.add(new Interest(i, table.acquire(fds[i]), triggers));
                } catch (KernelException notOpen) {
                    revents[i] = PollEvents.POLLNVAL;
                    anyInvalid = true;
                }
            }
            // An invalid fd is itself a result: poll returns at once, like Linux.
            for (Interest ready : KernelWait.awaitAny(cancellation, interests, anyInvalid ? 0 : timeoutNanos)) {
                revents[ready.position()] = ready.description().pollEvents() & ready.triggers();
            }
            return revents;
        } finally {
            interests.forEach(interest -> interest.description().release());
        }
    }
}
