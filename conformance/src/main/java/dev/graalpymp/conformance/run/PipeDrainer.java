package dev.graalpymp.conformance.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads one child pipe on its own thread until EOF. Both pipes must be drained concurrently (a child blocked
 * on a full stderr pipe would never finish stdout), and EOF may come long after the process exits when
 * orphaned grandchildren inherited the pipe.
 */
final class PipeDrainer {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CountDownLatch eof = new CountDownLatch(1);

    PipeDrainer(InputStream in, String threadName) {
        this.in = in;
        Thread t = new Thread(this::drain, threadName);
        t.setDaemon(true);
        t.start();
    }

    private void drain() {
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                synchronized (buffer) {
                    buffer.write(chunk, 0, n);
                }
            }
        } catch (IOException e) {
            // The stream was closed by abandon(), or the pipe broke: what was read so far is the output.
        } finally {
            eof.countDown();
        }
    }

    /** Waits until EOF or the deadline ({@link System#nanoTime()} based); true at EOF. */
    boolean awaitEof(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        return eof.await(Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    /** Stops caring about the pipe: closes it so the reader thread can end; the bytes so far stay. */
    void abandon() {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing more to do: the daemon reader thread is left to the JVM.
        }
    }

    /** A snapshot of everything read so far. */
    byte[] bytes() {
        synchronized (buffer) {
            return buffer.toByteArray();
        }
    }
}
