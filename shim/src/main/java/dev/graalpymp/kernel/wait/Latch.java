package dev.graalpymp.kernel.wait;

/**
 * A one-way flag: not ready until {@link #open()}, ready for ever after. What a parent waits on while a
 * forked child gets to the point where the fork returns.
 */
public final class Latch implements Waitable {
    private final WaitQueue queue = new WaitQueue();
    private volatile boolean open;

    /** Opens the latch (again: no effect) and wakes its waiters. */
    public void open() {
        open = true;
        queue.wakeAll();
    }

    @Override
    public boolean isReady() {
        return open;
    }

    @Override
    public WaitQueue queue() {
        return queue;
    }
}
