package dev.graalpymp.kernel.fd;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.WaitQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open-file description (POSIX): what fds point to. Shared by {@code dup}, {@code dup2} and {@code fork},
 * reference-counted so that the underlying object sees the last close (which drives pipe EOF and EPIPE).
 * The O_NONBLOCK flag lives here, as in POSIX, and is therefore shared by every fd referring to it.
 *
 * <p>Every fd-table entry owns one reference; a kernel call in progress owns one too (Linux's {@code fget}), so
 * a close from another thread does not pull the object out from under a blocked read.
 */
public abstract class OpenFileDescription {
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean nonBlocking;

    protected OpenFileDescription(boolean nonBlocking) {
        this.nonBlocking = nonBlocking;
    }

    /** Adds a reference. Only legal while the caller already holds one (directly or through an fd table). */
    public final void retain() {
        if (references.getAndIncrement() <= 0) {
            throw new IllegalStateException("retain of a closed open-file description");
        }
    }

    /** Drops a reference; the last one closes the underlying object. */
    public final void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            onLastClose();
        } else if (left < 0) {
            throw new IllegalStateException("open-file description released more often than retained");
        }
    }

    /** Current number of references (fd-table entries plus calls in progress); for tests and diagnostics. */
    public final int referenceCount() {
        return references.get();
    }

    public final boolean isNonBlocking() {
        return nonBlocking;
    }

    public final void setNonBlocking(boolean value) {
        nonBlocking = value;
    }

    public abstract FileKind kind();

    /** Linux's access mode of this description: O_RDONLY (0), O_WRONLY (1) or O_RDWR (2), as F_GETFL reports. */
    public abstract int accessMode();

    /** The {@code st_ino} value: identifies the underlying object (both ends of a pipe share it). */
    public abstract long inode();

    /** The {@code st_size} value (0 for pipes, as Linux reports). */
    public long size() {
        return 0;
    }

    /** Bytes a read would return without blocking ({@code FIONREAD}). */
    public abstract int bytesAvailable();

    /** Current {@link PollEvents} bits. */
    public abstract int pollEvents();

    /** The queue woken whenever {@link #pollEvents()} may have changed. */
    public abstract WaitQueue pollQueue();

    /**
     * Reads up to {@code max} bytes into {@code into} (from index 0; EBADF unless opened for reading) and returns
     * how many. Blocks per this description's O_NONBLOCK flag; 0 means end of file.
     */
    public int read(byte[] into, int max, Cancellation cancellation) {
        throw new KernelException(Errno.EBADF);
    }

    /**
     * Writes the first {@code length} bytes of {@code data} (EBADF unless opened for writing); returns the number
     * of bytes written.
     */
    public int write(byte[] data, int length, Cancellation cancellation) {
        throw new KernelException(Errno.EBADF);
    }

    /**
     * {@link #write} that never waits, whatever O_NONBLOCK says (EAGAIN where it would): for a signal's byte to
     * {@code signal.set_wakeup_fd}'s fd, written by the thread that delivers the signal.
     */
    public int writeWithoutWaiting(byte[] data, int length) {
        throw new KernelException(Errno.EBADF);
    }

    /** Called once, when the last reference is released. */
    protected abstract void onLastClose();
}
