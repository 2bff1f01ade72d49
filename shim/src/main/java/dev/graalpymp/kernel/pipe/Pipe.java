package dev.graalpymp.kernel.pipe;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.fd.PollEvents;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pipe with Linux semantics (fs/pipe.c): a 64 KiB buffer; a read returns what is available up to the
 * requested size, blocking until at least one byte or end of file; EOF only once no write end is open
 * anywhere; writing with no read end open fails with EPIPE; writes of at most {@link #PIPE_BUF} bytes are
 * atomic, larger blocking writes may interleave with other writers and block until fully written.
 *
 * <p>The two ends are {@link PipeReadEnd} and {@link PipeWriteEnd}; this class counts how many of each are
 * open. One lock guards the state; one {@link WaitQueue} announces every change to readers, writers and
 * pollers alike. A socket pair's pipes also carry open-file descriptions with their bytes ({@link InFlightFds}).
 */
public final class Pipe {
    /** Linux's default pipe capacity. */
    public static final int CAPACITY = 64 * 1024;
    /** Writes up to this size are atomic (POSIX PIPE_BUF on Linux). */
    public static final int PIPE_BUF = 4096;

    private static final AtomicLong NEXT_INODE = new AtomicLong(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final ByteRing buffer = new ByteRing(CAPACITY);
    private final WaitQueue changes;
    private final long inode = NEXT_INODE.getAndIncrement();
    private final InFlightFds inFlight; // a socket pair's (SCM_RIGHTS), else null
    private long bytesPut;
    private long bytesTaken;
    private int openReadEnds = 1;
    private int openWriteEnds = 1;

    /** The two open-file descriptions {@code pipe(2)} creates, each with one reference. */
    public record Ends(PipeReadEnd readEnd, PipeWriteEnd writeEnd) {
    }

    private Pipe(WaitQueue changes, InFlightFds inFlight) {
        this.changes = changes;
        this.inFlight = inFlight;
    }

    /**
     * One direction of a socket pair: announcing its changes on {@code changes} (shared by the pair's two pipes),
     * carrying fds.
     */
    static Pipe sharing(WaitQueue changes) {
        return new Pipe(changes, new InFlightFds());
    }

    /** Creates a pipe; both ends start with the given O_NONBLOCK flag. */
    public static Ends open(boolean nonBlocking) {
        Pipe pipe = new Pipe(new WaitQueue(), null);
        return new Ends(new PipeReadEnd(pipe, nonBlocking), new PipeWriteEnd(pipe, nonBlocking));
    }

    int read(byte[] into, int max, OpenFileDescription end, Cancellation cancellation) {
        return read(into, max, end, cancellation, null);
    }

    /**
     * Reads as {@code read(2)}; the fds sent with the bytes read go to {@code received}, or, if it is null (a read
     * that has no room for them), are closed, as Linux does.
     */
    int read(byte[] into, int max, OpenFileDescription end, Cancellation cancellation,
             List<OpenFileDescription> received) {
        if (max == 0) {
            return 0;
        }
        while (true) {
            OpenFileDescription[] arrived = InFlightFds.NONE;
            lock.lock();
            try {
                if (buffer.size() > 0) {
                    int length = buffer.take(into, inFlight == null ? max : inFlight.readLimit(bytesTaken, max));
                    if (inFlight != null) {
                        arrived = inFlight.take(bytesTaken, length);
                    }
                    bytesTaken += length;
                    changes.wakeAll();
                    return length;
                }
                if (openWriteEnds == 0) {
                    return 0;
                }
                if (end.isNonBlocking()) {
                    throw new KernelException(Errno.EAGAIN);
                }
            } finally {
                lock.unlock();
                deliver(arrived, received);
            }
            KernelWait.await(cancellation, readable);
        }
    }

    /** Hands fds that arrived to the reader, or closes them (outside the lock: a last close wakes others). */
    private static void deliver(OpenFileDescription[] arrived, List<OpenFileDescription> received) {
        if (received != null) {
            received.addAll(List.of(arrived));
        } else {
            for (OpenFileDescription description : arrived) {
                description.release();
            }
        }
    }

    /** Writes per {@code end}'s O_NONBLOCK flag, or never waiting ({@code nonBlocking}); see {@link #write}. */
    int write(byte[] data, int length, OpenFileDescription end, Cancellation cancellation) {
        return write(data, length, end.isNonBlocking(), cancellation);
    }

    int write(byte[] data, int length, boolean nonBlocking, Cancellation cancellation) {
        return write(data, length, nonBlocking, cancellation, InFlightFds.NONE);
    }

    /**
     * Writes as {@code write(2)}; {@code fds} (a reference to each, taken over once any byte is written, else still
     * the caller's) travel with the first chunk written, as Linux sends them with a message's first segment.
     */
    int write(byte[] data, int length, boolean nonBlocking, Cancellation cancellation, OpenFileDescription[] fds) {
        if (length == 0) {
            return 0;
        }
        boolean atomic = length <= PIPE_BUF;
        int written = 0;
        while (true) {
            lock.lock();
            try {
                if (openReadEnds == 0) {
                    if (written > 0) {
                        return written;
                    }
                    throw new KernelException(Errno.EPIPE);
                }
                int free = buffer.free();
                int chunk = atomic ? (free >= length ? length : 0) : Math.min(free, length - written);
                if (chunk > 0) {
                    if (written == 0 && fds.length > 0) {
                        inFlight.attach(bytesPut, chunk, fds);
                    }
                    buffer.put(data, written, chunk);
                    bytesPut += chunk;
                    written += chunk;
                    changes.wakeAll();
                    if (written == length) {
                        return length;
                    }
                }
                if (nonBlocking) {
                    if (written > 0) {
                        return written;
                    }
                    throw new KernelException(Errno.EAGAIN);
                }
            } finally {
                lock.unlock();
            }
            KernelWait.await(cancellation, atomic ? roomFor(length) : roomFor(1));
        }
    }

    int readEndEvents() {
        lock.lock();
        try {
            return (buffer.size() > 0 ? PollEvents.POLLIN : 0) | (openWriteEnds == 0 ? PollEvents.POLLHUP : 0);
        } finally {
            lock.unlock();
        }
    }

    /** Writable for poll/select once an atomic write of PIPE_BUF bytes would not block. */
    int writeEndEvents() {
        lock.lock();
        try {
            return (buffer.free() >= PIPE_BUF ? PollEvents.POLLOUT : 0)
                    | (openReadEnds == 0 ? PollEvents.POLLERR : 0);
        } finally {
            lock.unlock();
        }
    }

    int bytesAvailable() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    void readEndClosed() {
        endClosed(true);
    }

    void writeEndClosed() {
        endClosed(false);
    }

    long inode() {
        return inode;
    }

    WaitQueue changes() {
        return changes;
    }

    private void endClosed(boolean readEnd) {
        List<OpenFileDescription> dropped = List.of();
        lock.lock();
        try {
            if (readEnd) {
                openReadEnds--;
                if (openReadEnds == 0 && inFlight != null) {
                    dropped = inFlight.takeAll(); // nobody can receive them any more
                }
            } else {
                openWriteEnds--;
            }
            changes.wakeAll();
        } finally {
            lock.unlock();
        }
        dropped.forEach(OpenFileDescription::release);
    }

    /** Data or EOF is there: a blocked read can return. */
    private final Waitable readable = new Waitable() {
        @Override
        public boolean isReady() {
            lock.lock();
            try {
                return buffer.size() > 0 || openWriteEnds == 0;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public WaitQueue queue() {
            return changes;
        }
    };

    /** Room for {@code bytes} more, or no reader left (the write then fails or returns its partial count). */
    private Waitable roomFor(int bytes) {
        return new Waitable() {
            @Override
            public boolean isReady() {
                lock.lock();
                try {
                    return buffer.free() >= bytes || openReadEnds == 0;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public WaitQueue queue() {
                return changes;
            }
        };
    }
}
