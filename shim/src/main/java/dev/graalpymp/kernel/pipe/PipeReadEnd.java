package dev.graalpymp.kernel.pipe;

import dev.graalpymp.kernel.fd.FileKind;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.WaitQueue;

/** The read end of a {@link Pipe} as an open-file description; writing to it fails with EBADF, as on Linux. */
public final class PipeReadEnd extends OpenFileDescription {
    private final Pipe pipe;

    PipeReadEnd(Pipe pipe, boolean nonBlocking) {
        super(nonBlocking);
        this.pipe = pipe;
    }

    @Override
    public int read(byte[] into, int max, Cancellation cancellation) {
        return pipe.read(into, max, this, cancellation);
    }

    @Override
    public int accessMode() {
        return 0; // O_RDONLY
    }

    @Override
    public FileKind kind() {
        return FileKind.FIFO;
    }

    @Override
    public long inode() {
        return pipe.inode();
    }

    @Override
    public int bytesAvailable() {
        return pipe.bytesAvailable();
    }

    @Override
    public int pollEvents() {
        return pipe.readEndEvents();
    }

    @Override
    public WaitQueue pollQueue() {
        return pipe.changes();
    }

    @Override
    protected void onLastClose() {
        pipe.readEndClosed();
    }
}
