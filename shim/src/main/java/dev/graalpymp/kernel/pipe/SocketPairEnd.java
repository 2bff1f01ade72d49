package dev.graalpymp.kernel.pipe;

import dev.graalpymp.kernel.fd.FileKind;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.WaitQueue;
import java.util.List;

/**
 * One end of a {@code socketpair(AF_UNIX, SOCK_STREAM)}: a duplex byte stream made of two pipes, reading one
 * and writing the other, so that EOF, EPIPE, blocking and the 64 KiB bound are the pipes' (what a duplex
 * {@code multiprocessing.Pipe()} needs). Both pipes announce their changes on one queue, for poll. Open-file
 * descriptions travel with the bytes ({@code SCM_RIGHTS}: {@link #sendmsg}, {@link #recvmsg}).
 */
public final class SocketPairEnd extends OpenFileDescription {
    private final Pipe in;
    private final Pipe out;
    private final WaitQueue changes;

    /** The two ends of a new socket pair, each with one reference. */
    public record Pair(SocketPairEnd first, SocketPairEnd second) {
    }

    private SocketPairEnd(Pipe in, Pipe out, WaitQueue changes) {
        super(false);
        this.in = in;
        this.out = out;
        this.changes = changes;
    }

    public static Pair open() {
        WaitQueue changes = new WaitQueue();
        Pipe forward = Pipe.sharing(changes);
        Pipe backward = Pipe.sharing(changes);
        return new Pair(new SocketPairEnd(backward, forward, changes), new SocketPairEnd(forward, backward, changes));
    }

    @Override
    public int read(byte[] into, int max, Cancellation cancellation) {
        return in.read(into, max, this, cancellation);
    }

    @Override
    public int write(byte[] data, int length, Cancellation cancellation) {
        return out.write(data, length, this, cancellation);
    }

    /**
     * {@code sendmsg} with {@code SCM_RIGHTS}: writes as {@link #write}, {@code fds} (a reference to each, taken
     * over once any byte is sent, else still the caller's) arriving with these bytes.
     */
    public int sendmsg(byte[] data, int length, OpenFileDescription[] fds, Cancellation cancellation) {
        return out.write(data, length, isNonBlocking(), cancellation, fds);
    }

    /** {@code recvmsg}: reads as {@link #read}; the fds sent with the bytes read are added to {@code received}. */
    public int recvmsg(byte[] into, int max, Cancellation cancellation, List<OpenFileDescription> received) {
        return in.read(into, max, this, cancellation, received);
    }

    @Override
    public int writeWithoutWaiting(byte[] data, int length) {
        return out.write(data, length, true, null);
    }

    @Override
    public int accessMode() {
        return 2; // O_RDWR
    }

    @Override
    public FileKind kind() {
        return FileKind.SOCKET;
    }

    @Override
    public long inode() {
        return in.inode();
    }

    @Override
    public int bytesAvailable() {
        return in.bytesAvailable();
    }

    @Override
    public int pollEvents() {
        return in.readEndEvents() | out.writeEndEvents();
    }

    @Override
    public WaitQueue pollQueue() {
        return changes;
    }

    @Override
    protected void onLastClose() {
        in.readEndClosed();
        out.writeEndClosed();
    }
}
