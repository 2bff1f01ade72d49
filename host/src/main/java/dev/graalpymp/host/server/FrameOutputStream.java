package dev.graalpymp.host.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A program's stdout or stderr as frames to its client. Every write is sent at once: Python's io layer does the
 * buffering (or not, with {@code -u}), as the launcher's streams do. Once the client has gone, output is
 * dropped (the run is being ended; CPython would get EPIPE or die by SIGPIPE).
 */
final class FrameOutputStream extends OutputStream {

    private final Frames.Writer writer;
    private final byte type;
    private volatile boolean gone;

    FrameOutputStream(Frames.Writer writer, byte type) {
        this.writer = writer;
        this.type = type;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (gone || len == 0) {
            return;
        }
        for (int done = 0; done < len; ) {
            int chunk = Math.min(len - done, 1 << 16);
            try {
                writer.write(type, b, off + done, chunk);
            } catch (IOException e) {
                gone = true;
                return;
            }
            done += chunk;
        }
    }
}
