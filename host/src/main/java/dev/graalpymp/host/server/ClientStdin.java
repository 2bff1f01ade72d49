package dev.graalpymp.host.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A program's stdin, read from its client on demand: each read asks the client for at most as many bytes as
 * the reader wants, and the client reads its own stdin only then. So the client never takes input the program
 * does not read (a shell loop feeding several commands keeps the rest), and a terminal's line discipline
 * works as with CPython ({@code input()} gets one line).
 */
final class ClientStdin extends InputStream {

    private static final byte[] EOF = new byte[0];

    private final Frames.Writer writer;
    private final BlockingQueue<byte[]> answers = new LinkedBlockingQueue<>();
    private byte[] pending = EOF;
    private int pendingOffset;
    private volatile boolean gone;

    ClientStdin(Frames.Writer writer) {
        this.writer = writer;
    }

    /** The client's answer to a request ({@code data} empty: end of file). */
    void answer(byte[] data) {
        answers.add(data);
    }

    /** The client has gone: readers see end of file. */
    void disconnect() {
        gone = true;
        answers.add(EOF);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pendingOffset == pending.length) {
            if (gone) {
                return -1;
            }
            try {
                writer.writeInt(Frames.STDIN_WANTED, Math.min(len, 1 << 16));
            } catch (IOException e) {
                return -1; // the client has gone
            }
            try {
                pending = answers.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("stdin read interrupted");
            }
            pendingOffset = 0;
            if (pending.length == 0) {
                // End of file for this read; a terminal may give more later (Ctrl-D then typing on), as CPython.
                return -1;
            }
        }
        int n = Math.min(len, pending.length - pendingOffset);
        System.arraycopy(pending, pendingOffset, b, off, n);
        pendingOffset += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return pending.length - pendingOffset;
    }
}
