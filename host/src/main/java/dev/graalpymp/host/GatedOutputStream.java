package dev.graalpymp.host;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A process's stdout or stderr while it may still be replaying: writes are swallowed until {@link #open()},
 * then forwarded. A child created by {@code os.fork()} re-executes the program up to its fork; what the parent
 * already wrote must not appear twice, but what sits unflushed in Python's own buffers stays there and is
 * flushed by the child later, exactly as a real fork duplicates stdio buffers. A killed process's gates are
 * shut for good. A pooled context's gates get their target when a process takes the context ({@link #bind}).
 */
final class GatedOutputStream extends OutputStream {

    private volatile OutputStream target;
    private volatile boolean open;
    private volatile boolean shut;

    GatedOutputStream(OutputStream target) {
        this.target = target;
    }

    /** The stream the process's output goes to once open (a pooled context gets it when taken). */
    void bind(OutputStream newTarget) {
        this.target = newTarget;
    }

    void open() {
        open = !shut;
    }

    /** For ever closed: the process was killed, and a killed process writes nothing more (not even what the
     * Python code it was running would print while being torn down). */
    void shut() {
        shut = true;
        open = false;
    }

    @Override
    public void write(int b) throws IOException {
        if (open) {
            target.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (open) {
            target.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        if (open) {
            target.flush();
        }
    }
}
