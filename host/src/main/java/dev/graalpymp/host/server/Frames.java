package dev.graalpymp.host.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The wire protocol between {@code bin/graalpy-mp}'s client and the runtime server, over a Unix socket: frames
 * of one type byte, a 4-byte big-endian length and that many bytes. The client's C source
 * ({@code host/src/main/c/graalpy-mp-client.c}) speaks the same protocol.
 *
 * <p>Client to server, the request: {@link #ARG} (one per word of the command line), {@link #ENV} (one per
 * {@code NAME=value}), {@link #CWD}, {@link #PROCESS} ({@code "pid ppid tty0 tty1 tty2 ignored"}: ignored is the
 * mask of the signals the client started with ignored, bit N for signal N), then {@link #RUN}; or
 * {@link #COMMAND} ({@code status} or {@code stop}) for the server itself. During a run: {@link #STDIN} (the
 * bytes asked for; empty at end of file) and {@link #SIGNAL} (4-byte signal number).
 *
 * <p>Server to client: {@link #BEGUN} once the program is about to start (before it, a client may retry on a
 * new server), {@link #STDOUT}, {@link #STDERR}, {@link #STDIN_WANTED} (4-byte maximum), {@link #MESSAGE} (text
 * for the client's stdout) and last {@link #EXIT} (4-byte: the exit code, or minus the signal that ended it).
 */
final class Frames {

    static final byte ARG = 'A';
    static final byte ENV = 'E';
    static final byte CWD = 'D';
    static final byte PROCESS = 'P';
    static final byte RUN = 'R';
    static final byte COMMAND = 'C';
    static final byte STDIN = '0';
    static final byte SIGNAL = 'S';

    static final byte BEGUN = 'B';
    static final byte STDOUT = '1';
    static final byte STDERR = '2';
    static final byte STDIN_WANTED = 'I';
    static final byte MESSAGE = 'M';
    static final byte EXIT = 'X';

    /** A frame larger than this is a protocol error, not a request to allocate it. */
    static final int MAX_FRAME = 16 << 20;

    /** One frame as read. */
    record Frame(byte type, byte[] payload) {
        int asInt() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8)
                    | (payload[3] & 0xff);
        }
    }

    private Frames() {
    }

    /** The next frame; EOFException when the peer has gone. */
    static Frame read(DataInputStream in) throws IOException {
        byte type = in.readByte();
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** Writes frames, one whole frame at a time from any thread. */
    static final class Writer {
        private final DataOutputStream out;

        Writer(OutputStream out) {
            this.out = new DataOutputStream(out);
        }

        synchronized void write(byte type, byte[] data, int off, int len) throws IOException {
            out.writeByte(type);
            out.writeInt(len);
            out.write(data, off, len);
            out.flush();
        }

        void write(byte type, byte[] data) throws IOException {
            write(type, data, 0, data.length);
        }

        void writeInt(byte type, int value) throws IOException {
            write(type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }
    }

}
