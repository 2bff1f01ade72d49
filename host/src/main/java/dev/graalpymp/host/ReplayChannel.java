package dev.graalpymp.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * A file a replaying process opened to change (see {@link ReplayFileSystem}). Until the process goes live,
 * writes are taken and not stored (its parent made them), while the position and size move as they would;
 * reads read the real file. When the process goes live, the channel continues on the real file at its
 * position, as the fd a real fork inherits; if the file is gone by then (the parent deleted it), writes go
 * nowhere, as into an unlinked file.
 */
final class ReplayChannel implements SeekableByteChannel {
    private final FileSystem real;
    private final Path path;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private final Set<StandardOpenOption> liveOptions = EnumSet.noneOf(StandardOpenOption.class);

    private SeekableByteChannel reader; // the real file, read-only, while replaying (null: it does not exist)
    private SeekableByteChannel live;   // the real file once live (null while replaying or when it is gone)
    private boolean replaying = true;
    private boolean open = true;
    private long position;
    private long size;

    ReplayChannel(FileSystem real, Path path, Set<? extends OpenOption> options) throws IOException {
        this.real = real;
        this.path = path;
        this.append = options.contains(StandardOpenOption.APPEND);
        this.writable = append || options.contains(StandardOpenOption.WRITE);
        this.readable = options.contains(StandardOpenOption.READ) || !writable;
        for (OpenOption option : options) {
            if (option == StandardOpenOption.READ || option == StandardOpenOption.WRITE
                    || option == StandardOpenOption.APPEND) {
                liveOptions.add((StandardOpenOption) option);
            }
        }
        try {
            reader = real.newByteChannel(path, Set.of(StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            reader = null; // created by this open in the parent
        }
        boolean emptied = options.contains(StandardOpenOption.TRUNCATE_EXISTING)
                || options.contains(StandardOpenOption.CREATE_NEW);
        size = reader == null || emptied ? 0 : reader.size();
    }

    /** The process went live: continue on the real file. */
    synchronized void goLive() {
        if (!replaying) {
            return;
        }
        replaying = false;
        closeReader();
        if (!open) {
            return;
        }
        try {
            live = real.newByteChannel(path, liveOptions);
            live.position(append ? live.size() : position);
        } catch (IOException e) {
            live = null; // deleted since: the writes of this process go nowhere
        }
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (!readable) {
            throw new NonReadableChannelException();
        }
        if (!replaying) {
            return live == null ? -1 : live.read(dst);
        }
        if (reader == null || position >= size) {
            return -1;
        }
        reader.position(position);
        ByteBuffer window = dst.slice(dst.position(), (int) Math.min(dst.remaining(), size - position));
        int n = reader.read(window);
        if (n > 0) {
            dst.position(dst.position() + n);
            position += n;
        }
        return n;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        if (onRealFile()) {
            return live.write(src);
        }
        int n = src.remaining();
        src.position(src.limit());
        if (append) {
            position = size;
        }
        position += n;
        size = Math.max(size, position);
        return n;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return onRealFile() ? live.position() : position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (onRealFile()) {
            live.position(newPosition);
        } else {
            position = newPosition;
        }
        return this;
    }

    @Override
    public synchronized long size() throws IOException {
        ensureOpen();
        return onRealFile() ? live.size() : size;
    }

    @Override
    public synchronized SeekableByteChannel truncate(long newSize) throws IOException {
        ensureOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        if (onRealFile()) {
            live.truncate(newSize);
        } else {
            size = Math.min(size, newSize);
            position = Math.min(position, newSize);
        }
        return this;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() throws IOException {
        open = false;
        closeReader();
        if (live != null) {
            live.close();
        }
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                // read-only: nothing was pending
            }
            reader = null;
        }
    }

    /** Live with the real file open: every operation is the real channel's. */
    private boolean onRealFile() {
        return !replaying && live != null;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
