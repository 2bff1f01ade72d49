package dev.graalpymp.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/**
 * A channel on a file of a kernel pseudo file system ({@code /proc}, {@code /sys}) whose size reads as 0: its
 * contents are made when read, so Linux reports no size. GraalPy caps every read at {@code size() - position()},
 * so {@code open('/proc/self/status').read()} returned '' where CPython returns the text; this channel reports
 * an unbounded size, so a read returns what the kernel gives, up to the length asked for. (A seek relative to
 * the end, which Linux refuses on these files with EINVAL, lands far past the contents instead.)
 */
final class PseudoFileChannel implements SeekableByteChannel {
    private final SeekableByteChannel file;

    private PseudoFileChannel(SeekableByteChannel file) {
        this.file = file;
    }

    /** {@code channel} itself, or this wrapper when {@code path} is a sizeless pseudo file. */
    static SeekableByteChannel wrapIfSizeless(Path path, SeekableByteChannel channel) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        boolean pseudo = absolute.startsWith("/proc") || absolute.startsWith("/sys");
        return pseudo && channel.size() == 0 ? new PseudoFileChannel(channel) : channel;
    }

    @Override
    public long size() {
        return Long.MAX_VALUE;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return file.write(src);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
