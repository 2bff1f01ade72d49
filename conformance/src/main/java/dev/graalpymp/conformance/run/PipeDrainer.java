package dev.graalpymp.conformance.run;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads one output stream of a run until EOF, on its own thread, through a named pipe (FIFO).
 *
 * <p>Why not {@link Process#getInputStream()}: the JDK closes that pipe as soon as the direct child exits
 * (it keeps only the bytes already buffered), but orphaned grandchildren may hold the pipe and keep writing
 * after the parent has exited. A FIFO opened here is read until every writer in every process has closed it.
 * Both streams are drained concurrently so that a child blocked on a full stderr never stalls stdout.
 */
final class PipeDrainer {
    private final Path fifo;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch eof = new CountDownLatch(1);
    private volatile InputStream in;

    /** Starts reading {@code fifo}; the open blocks until the child side opens it for writing. */
    PipeDrainer(Path fifo, String threadName) {
        this.fifo = fifo;
        Thread t = new Thread(this::drain, threadName);
        t.setDaemon(true);
        t.start();
    }

    private void drain() {
        byte[] chunk = new byte[8192];
        try (InputStream stream = new FileInputStream(fifo.toFile())) {
            in = stream;
            opened.countDown();
            int n;
            while ((n = stream.read(chunk)) >= 0) {
                synchronized (buffer) {
                    buffer.write(chunk, 0, n);
                }
            }
        } catch (IOException e) {
            // Closed by abandon(), or the pipe broke: what was read so far is the output.
        } finally {
            opened.countDown();
            eof.countDown();
        }
    }

    /**
     * Releases a reader still blocked in open() because the process never started: opening the write side
     * once lets the open complete, and closing it again gives EOF.
     */
    void releaseIfNeverOpened() {
        if (opened.getCount() == 0) {
            return;
        }
        try (FileOutputStream unblock = new FileOutputStream(fifo.toFile())) {
            unblock.flush();
        } catch (IOException e) {
            // The reader is a daemon thread; if this fails it stays parked, which costs nothing but a thread.
        }
    }

    /** Waits until EOF or the deadline ({@link System#nanoTime()} based); true at EOF. */
    boolean awaitEof(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        return eof.await(Math.max(0, left), TimeUnit.NANOSECONDS);
    }

    /** Stops caring about the pipe; the bytes read so far stay available. */
    void abandon() {
        InputStream stream = in;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // The daemon reader thread is left to the JVM.
            }
        }
    }

    /** A snapshot of everything read so far. */
    byte[] bytes() {
        synchronized (buffer) {
            return buffer.toByteArray();
        }
    }
}
