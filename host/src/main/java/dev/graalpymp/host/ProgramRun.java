package dev.graalpymp.host;

import dev.graalpymp.kernel.Kernel;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.track.ResourceTracker;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.Latch;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a launch: its root process (the launch's program) and the children it forks, each a
 * {@link PythonProcess} in a context from the runtime's warm pool, with multiprocessing's resource tracker they
 * share and the count of the children still running. Runs of one runtime are independent: the end of one never
 * waits for another's children. (The pool is the runtime's: its contexts serve the runs to come.)
 */
final class ProgramRun {

    /** Where {@code shm_open} names live on Linux; graalpy_mp.mp.posixshmem reads it from the tracker. */
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Kernel kernel;
    private final WarmPool pool;
    private final Launch launch;
    private final VirtualProcess root;
    private final ResourceTracker tracker;
    private int running; // children not yet ended; guarded by this

    /** A run of {@code launch} whose program runs as {@code root}, a kernel process made for it. */
    ProgramRun(Kernel kernel, WarmPool pool, Launch launch, VirtualProcess root) {
        this.kernel = kernel;
        this.pool = pool;
        this.launch = launch;
        this.root = root;
        this.tracker = new ResourceTracker(SHARED_MEMORY, kernel.semaphores());
    }

    Kernel kernel() {
        return kernel;
    }

    Launch launch() {
        return launch;
    }

    ResourceTracker tracker() {
        return tracker;
    }

    /**
     * Runs the launch's program as the root process, on a context of the pool, and returns its exit status once
     * it and every child of this run have ended.
     */
    int run() {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        // A long-lived runtime: a run of a configuration the pool has no contexts for starts booting them now, with
        // its own, so that its first forks do not wait for a boot (a no-op when they are there).
        pool.prewarmAhead(launch, WarmPool.Kind.MAIN);
        try {
            pool.run(launch, WarmPool.Kind.MAIN, true, "graalpy-mp-main-" + root.pid(), warm -> {
                try {
                    // Once the program's own context exists: warming must not delay its start.
                    pool.prewarmAhead(launch, WarmPool.Kind.MAIN);
                    PythonProcess process = new PythonProcess(this, root, ProcessStart.of(launch), new Latch());
                    status.complete(process.run(warm));
                } catch (Throwable e) {
                    status.completeExceptionally(e);
                }
            });
            return status.join();
        } finally {
            finish();
        }
    }

    /**
     * Starts a child of {@code parent}: its kernel process (the fd table copied now) and its context on a thread.
     * Returns its pid once the child has replayed up to its fork (or ended): as with CPython, when fork() returns
     * in the parent the child stands where the fork left it, so the parent's timing (sleeps, WNOHANG polls,
     * signals) meets a running child, not one still booting.
     */
    int startChild(VirtualProcess parent, ProcessStart start) {
        VirtualProcess child = kernel.fork(parent.pid());
        Latch live = new Latch();
        childStarted();
        WarmPool.Kind kind = start.isMultiprocessingChild() ? WarmPool.Kind.MULTIPROCESSING_CHILD : WarmPool.Kind.MAIN;
        pool.prewarm(launch, kind); // the next children of this kind find theirs booted
        pool.run(launch, kind, false, "graalpy-mp-pid-" + child.pid(), warm -> {
            try {
                new PythonProcess(this, child, start, live).run(warm);
            } finally {
                live.open();
                childEnded();
            }
        });
        KernelWait.await(parent.cancellation(), live);
        return child.pid();
    }

    /** The program has imported multiprocessing: contexts for its children boot now, in a pool that warms ahead. */
    void prewarmChildren() {
        pool.prewarmAhead(launch, WarmPool.Kind.MULTIPROCESSING_CHILD);
    }

    private synchronized void childStarted() {
        running++;
    }

    private synchronized void childEnded() {
        running--;
        notifyAll();
    }

    /**
     * Waits until every child of this run has ended (orphans included), then cleans up what the program leaked
     * (as CPython's resource tracker does once its last user has gone).
     */
    private void finish() {
        synchronized (this) {
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        tracker.shutDown(new PrintStream(launch.stderr(), true, StandardCharsets.UTF_8));
    }
}
