package dev.graalpymp.kernel.pipe;

import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.wait.Cancellation;
import java.util.Arrays;

/**
 * {@code multiprocessing.connection}'s framing of a message on a stream (a 4-byte big-endian signed length, or
 * -1 followed by an 8-byte length, then the bytes), read and written by the kernel in one call from Python
 * instead of CPython's loop of {@code os.read}/{@code os.write} calls around an {@code io.BytesIO}: a message
 * costs one crossing into the kernel and a few Python operations, where each operation costs ~1 µs in GraalPy's
 * interpreter (a child process's code runs there for its first seconds). The reads and writes are the
 * description's own, so blocking, O_NONBLOCK (EAGAIN), EPIPE and a killed waiter behave as they do for
 * {@code os.read}/{@code os.write}; as in CPython, a failure inside a message loses what was read of it.
 */
public final class Messages {
    /** {@link #receive} result: end of file before any byte of the message (CPython's EOFError). */
    public static final long END_OF_FILE = -1;
    /** {@link #receive} result: end of file inside the message ("got end of file during message"). */
    public static final long TRUNCATED = -2;
    /**
     * {@link #receive} results at or below this encode a message whose body is still to be read
     * ({@link #pendingLength}): it does not fit the caller's buffer, or is longer than the caller accepts.
     */
    public static final long PENDING = -3;

    /** CPython sends a message up to this size in one write (header and body concatenated), larger ones in two. */
    private static final int CONCATENATED_MAX = 16384;
    private static final int CHUNK = Pipe.CAPACITY;

    private Messages() {
    }

    /**
     * Reads the next message's header and, if its length is at most {@code capacity} and at most
     * {@code maxLength} (negative: no limit), its body into {@code buffer} from index 0, returning the length.
     * Otherwise only the header is consumed and the result encodes the length ({@link #pendingLength}): the
     * caller then refuses the message or reads the body with {@link #receiveBody}. {@link #END_OF_FILE} or
     * {@link #TRUNCATED} at end of file.
     */
    public static long receive(OpenFileDescription from, byte[] buffer, int capacity, long maxLength,
                               Cancellation cancellation) {
        byte[] header = new byte[4];
        int got = readFully(from, header, 4, cancellation);
        if (got < 4) {
            return got == 0 ? END_OF_FILE : TRUNCATED;
        }
        long length = bigEndian(header, 4);
        if (length == -1) {
            byte[] extended = new byte[8];
            if (readFully(from, extended, 8, cancellation) < 8) {
                return TRUNCATED;
            }
            length = bigEndian(extended, 8);
        }
        if (length < 0) {
            return 0; // a corrupt length: CPython's _recv of a negative size reads nothing and gives b''
        }
        if (length > capacity || (maxLength >= 0 && length > maxLength)) {
            return PENDING - length;
        }
        return receiveBody(from, buffer, (int) length, cancellation) == length ? length : TRUNCATED;
    }

    /** The body length a {@link #receive} result at or below {@link #PENDING} stands for. */
    public static long pendingLength(long result) {
        return PENDING - result;
    }

    /** Reads {@code length} bytes into {@code buffer} from index 0; fewer only at end of file. */
    public static int receiveBody(OpenFileDescription from, byte[] buffer, int length, Cancellation cancellation) {
        return readFully(from, buffer, length, cancellation);
    }

    /**
     * Writes {@code data[0, length)} as one message, as CPython's {@code Connection._send_bytes} does: header and
     * body in one write up to 16 KiB (atomic up to {@link Pipe#PIPE_BUF}), else the header, then the body.
     */
    public static void send(OpenFileDescription to, byte[] data, int length, Cancellation cancellation) {
        if (length <= CONCATENATED_MAX) {
            byte[] whole = new byte[4 + length];
            putBigEndian(whole, length, 4);
            System.arraycopy(data, 0, whole, 4, length);
            writeFully(to, whole, whole.length, cancellation);
            return;
        }
        byte[] header = new byte[4];
        putBigEndian(header, length, 4);
        writeFully(to, header, 4, cancellation);
        writeFully(to, data, length, cancellation);
    }

    private static int readFully(OpenFileDescription from, byte[] into, int length, Cancellation cancellation) {
        if (length == 0) {
            return 0;
        }
        int got = from.read(into, length, cancellation); // the common case: all of it, in place
        byte[] chunk = null;
        while (got < length) {
            if (chunk == null) {
                chunk = new byte[Math.min(CHUNK, length - got)];
            }
            int n = from.read(chunk, Math.min(chunk.length, length - got), cancellation);
            if (n == 0) {
                break;
            }
            System.arraycopy(chunk, 0, into, got, n);
            got += n;
        }
        return got;
    }

    private static void writeFully(OpenFileDescription to, byte[] data, int length, Cancellation cancellation) {
        int written = to.write(data, length, cancellation); // blocking: all of it (or EPIPE)
        while (written < length) { // non-blocking, or the reader left mid-way: the rest, as CPython's loop sends it
            byte[] rest = Arrays.copyOfRange(data, written, length);
            written += to.write(rest, rest.length, cancellation);
        }
    }

    private static long bigEndian(byte[] bytes, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return size == 4 ? (int) value : value; // the 4-byte length is signed ("!i"), the 8-byte one "!Q"
    }

    private static void putBigEndian(byte[] into, long value, int size) {
        for (int i = size - 1; i >= 0; i--) {
            into[i] = (byte) value;
            value >>>= 8;
        }
    }
}
