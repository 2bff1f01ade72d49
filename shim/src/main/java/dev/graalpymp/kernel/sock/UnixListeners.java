package dev.graalpymp.kernel.sock;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.pipe.SocketPairEnd;
import dev.graalpymp.kernel.proc.ProcessState;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's listening {@code AF_UNIX} stream sockets, by address (GraalPy has no AF_UNIX sockets): a
 * connection is a socket pair whose one end the connecting process gets at once and whose other end waits
 * for the listener's {@code accept}. Serves {@code multiprocessing.connection.Listener}/{@code Client} with
 * path addresses, between the processes of this JVM.
 */
public final class UnixListeners {
    private final Map<String, Listener> byAddress = new HashMap<>();
    private final Map<Long, Listener> byHandle = new HashMap<>();
    private long nextHandle = 1;

    private static final class Listener implements Waitable {
        final String address;
        final VirtualProcess owner;
        final Deque<SocketPairEnd> pending = new ArrayDeque<>(); // guarded by UnixListeners.this
        final WaitQueue changes = new WaitQueue();
        volatile boolean closed;

        Listener(String address, VirtualProcess owner) {
            this.address = address;
            this.owner = owner;
        }

        @Override
        public boolean isReady() {
            synchronized (this) {
                return closed || !pending.isEmpty();
            }
        }

        @Override
        public WaitQueue queue() {
            return changes;
        }
    }

    /** {@code bind(address)} + {@code listen()} by {@code owner}; EADDRINUSE if someone listens there. */
    public synchronized long listen(String address, VirtualProcess owner) {
        Listener existing = byAddress.get(address);
        if (existing != null && isAlive(existing)) {
            throw new KernelException(Errno.EADDRINUSE);
        }
        Listener listener = new Listener(address, owner);
        long handle = nextHandle++;
        byAddress.put(address, listener);
        byHandle.put(handle, listener);
        return handle;
    }

    /**
     * {@code connect(address)}: the caller's end of a new connection (one reference), the other end queued for
     * the listener. ECONNREFUSED if nobody listens at {@code address} (any more).
     */
    public SocketPairEnd connect(String address) {
        Listener listener;
        SocketPairEnd.Pair pair;
        synchronized (this) {
            listener = byAddress.get(address);
            if (listener == null || !isAlive(listener)) {
                throw new KernelException(Errno.ECONNREFUSED);
            }
            pair = SocketPairEnd.open();
            synchronized (listener) {
                listener.pending.add(pair.second());
            }
        }
        listener.changes.wakeAll();
        return pair.first();
    }

    /** {@code accept()}: the next connection's end (one reference), waiting for one. EBADF once closed. */
    public SocketPairEnd accept(long handle, Cancellation cancellation) {
        Listener listener = listener(handle);
        while (true) {
            KernelWait.awaitAny(cancellation, List.of(listener), KernelWait.FOREVER);
            synchronized (listener) {
                if (listener.closed) {
                    throw new KernelException(Errno.EBADF);
                }
                SocketPairEnd end = listener.pending.poll();
                if (end != null) {
                    return end;
                }
            }
        }
    }

    /** Stops listening: connections not accepted yet are closed (their clients read EOF). */
    public void close(long handle) {
        Listener listener;
        synchronized (this) {
            listener = byHandle.remove(handle);
            if (listener == null) {
                return;
            }
            byAddress.remove(listener.address, listener);
        }
        synchronized (listener) {
            listener.closed = true;
            listener.pending.forEach(SocketPairEnd::release);
            listener.pending.clear();
        }
        listener.changes.wakeAll();
    }

    private synchronized Listener listener(long handle) {
        Listener listener = byHandle.get(handle);
        if (listener == null) {
            throw new KernelException(Errno.EBADF);
        }
        return listener;
    }

    /** A listener whose process has ended (killed, or gone without closing it) refuses, as a closed socket. */
    private static boolean isAlive(Listener listener) {
        return listener.owner.state() == ProcessState.RUNNING && !listener.owner.cancellation().isCancelled();
    }
}
