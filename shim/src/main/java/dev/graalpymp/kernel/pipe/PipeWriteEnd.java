package dev.graalpymp.kernel.pipe;

import dev.graalpymp.kernel.fd.FileKind;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.WaitQueue;

/** The write end of a {@link Pipe} as an open-file description; reading from it fails with EBADF, as on Linux. */
public final class PipeWriteEnd extends OpenFileDescription {
    private final Pipe pipe;

    PipeWriteEnd(Pipe pipe, boolean nonBlocking) {
        super(nonBlocking);
        this.pipe = pipe;
    }

    @Override
    public int write(byte[] data, int length, Cancellation cancellation) {
        return pipe.write(data, length, this, cancellation);
    }

    @Override
    public int writeWithoutWaiting(byte[] data, int length) {
        return pipe.write(data, length, true, null);
    }

    @Override
    public int accessMode() {
        return 1; // O_WRONLY
    }

    @Override
    public FileKind kind() {
        return FileKind.FIFO;
    }

    @Override
    public long inode() {
        return pipe.inode();
    }

    /** FIONREAD on a write end reports the bytes in the pipe on Linux too. */
    @Override
    public int bytesAvailable() {
        return pipe.bytesAvailable();
    }

    @Override
    public int pollEvents() {
        return pipe.writeEndEvents();
    }

    @Override
    public WaitQueue pollQueue() {
        return pipe.changes();
    }

    @Override
    protected void onLastClose() {
        pipe.writeEndClosed();
    }
}
