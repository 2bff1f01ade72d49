package dev.graalpymp.host;

import dev.graalpymp.kernel.Kernel;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.track.ResourceTracker;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.Latch;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes of one runtime: the kernel they share, the contexts they run in (from a warm pool per launch),
 * multiprocessing's resource tracker of each launch, and how many are still running: {@link #awaitAll} returns
 * once every child has ended, as the launcher's exit requires (orphans included).
 */
final class Processes {

    /** Where {@code shm_open} names live on Linux (graalpy_mp.mp.posixshmem uses the same directory). */
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Kernel kernel;
    private final ContextFactory contexts;
    private final int poolSize;
    private final Map<Launch, WarmPool> pools = new ConcurrentHashMap<>();
    private final Map<Launch, ResourceTracker> trackers = new ConcurrentHashMap<>();
    private int running; // child processes not yet ended; guarded by this

    Processes(Kernel kernel, ContextFactory contexts, int poolSize) {
        this.kernel = kernel;
        this.contexts = contexts;
        this.poolSize = poolSize;
    }

    Kernel kernel() {
        return kernel;
    }

    ContextFactory contexts() {
        return contexts;
    }

    /** Starts warming contexts for the children {@code launch} may fork. */
    void prewarm(Launch launch) {
        pool(launch);
    }

    private WarmPool pool(Launch launch) {
        return pools.computeIfAbsent(launch, l -> new WarmPool(contexts, l, poolSize));
    }

    /** The resource tracker of {@code launch}'s program and all its processes (made on first use). */
    ResourceTracker tracker(Launch launch) {
        return trackers.computeIfAbsent(launch, l -> new ResourceTracker(SHARED_MEMORY, kernel.semaphores()));
    }

    /**
     * Starts a forked child: its kernel process (the fd table copied now) and its context on a thread. Returns
     * its pid once the child has replayed up to its fork (or ended): as with CPython, when fork() returns in
     * the parent the child stands where the fork left it, so the parent's timing (sleeps, WNOHANG polls,
     * signals) meets a running child, not one still booting.
     */
    int startChild(Launch launch, VirtualProcess parent, Program program) {
        VirtualProcess child = kernel.fork(parent.pid());
        Latch live = new Latch();
        synchronized (this) {
            running++;
        }
        pool(launch).run("graalpy-mp-pid-" + child.pid(), warm -> {
            try {
                new PythonProcess(this, launch, child, program, live).run(warm);
            } finally {
                live.open();
                ended();
            }
        });
        KernelWait.await(parent.cancellation(), live);
        return child.pid();
    }

    private synchronized void ended() {
        running--;
        notifyAll();
    }

    /**
     * Waits until every child process has ended (orphans included), then drops {@code launch}'s pool and
     * cleans up what its program leaked (as CPython's resource tracker does once its last user has gone).
     */
    void awaitAll(Launch launch) {
        synchronized (this) {
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        WarmPool pool = pools.remove(launch);
        if (pool != null) {
            pool.close();
        }
        ResourceTracker tracker = trackers.remove(launch);
        if (tracker != null) {
            tracker.shutDown(new PrintStream(launch.stderr(), true, StandardCharsets.UTF_8));
        }
    }
}
