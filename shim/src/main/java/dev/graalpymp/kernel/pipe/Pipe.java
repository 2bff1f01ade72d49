package dev.graalpymp.kernel.pipe;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.fd.PollEvents;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
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
 * pollers alike.
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
    private int openReadEnds = 1;
    private int openWriteEnds = 1;

    /** The two open-file descriptions {@code pipe(2)} creates, each with one reference. */
    public record Ends(PipeReadEnd readEnd, PipeWriteEnd writeEnd) {
    }

    private Pipe(WaitQueue changes) {
        this.changes = changes;
    }

    /** A pipe announcing its changes on {@code changes} (shared by the two pipes of a socket pair). */
    static Pipe sharing(WaitQueue changes) {
        return new Pipe(changes);
    }

    /** Creates a pipe; both ends start with the given O_NONBLOCK flag. */
    public static Ends open(boolean nonBlocking) {
        Pipe pipe = new Pipe(new WaitQueue());
        return new Ends(new PipeReadEnd(pipe, nonBlocking), new PipeWriteEnd(pipe, nonBlocking));
    }

    int read(byte[] into, int max, OpenFileDescription end, Cancellation cancellation) {
        if (max == 0) {
            return 0;
        }
        while (true) {
            lock.lock();
            try {
                if (buffer.size() > 0) {
                    int length = buffer.take(into, max);
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
            }
            KernelWait.await(cancellation, readable);
        }
    }

    /** Writes per {@code end}'s O_NONBLOCK flag, or never waiting ({@code nonBlocking}); see {@link #write}. */
    int write(byte[] data, int length, OpenFileDescription end, Cancellation cancellation) {
        return write(data, length, end.isNonBlocking(), cancellation);
    }

    int write(byte[] data, int length, boolean nonBlocking, Cancellation cancellation) {
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
                    buffer.put(data, written, chunk);
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
        lock.lock();
        try {
            if (readEnd) {
                openReadEnds--;
            } else {
                openWriteEnds--;
            }
            changes.wakeAll();
        } finally {
            lock.unlock();
        }
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
