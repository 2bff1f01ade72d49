package dev.graalpymp.host;

import dev.graalpymp.kernel.Kernel;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.Latch;
import java.util.Map;

/**
 * The processes of one runtime: the kernel they share, the contexts they run in (from one warm pool), and the
 * start of a forked child within its {@link ProgramRun}.
 */
final class Processes {

    private final Kernel kernel;
    private final ContextFactory contexts;
    private final WarmPool pool;
    private final boolean warmsAhead;

    /**
     * {@code warmsAhead}: contexts boot before they are asked for (when a program starts, when it imports
     * multiprocessing), as a long-lived runtime wants; otherwise (a one-shot JVM's one program) they boot once
     * the first child of their kind starts: most programs never fork, and on a cold JVM a boot competes with the
     * program for the cores (measured on 2 cores: `-c pass` ~5 s alone, ~10 s with two boots beside it).
     */
    Processes(Kernel kernel, ContextFactory contexts, Map<WarmPool.Kind, Integer> poolSizes, boolean warmsAhead) {
        this.kernel = kernel;
        this.contexts = contexts;
        this.pool = new WarmPool(contexts, poolSizes);
        this.warmsAhead = warmsAhead;
    }

    boolean warmsAhead() {
        return warmsAhead;
    }

    WarmPool pool() {
        return pool;
    }

    Kernel kernel() {
        return kernel;
    }

    ContextFactory contexts() {
        return contexts;
    }

    /** A new run of {@code launch}. */
    ProgramRun begin(Launch launch) {
        return new ProgramRun(launch, kernel.semaphores());
    }

    /**
     * Starts a forked child: its kernel process (the fd table copied now) and its context on a thread. Returns
     * its pid once the child has replayed up to its fork (or ended): as with CPython, when fork() returns in
     * the parent the child stands where the fork left it, so the parent's timing (sleeps, WNOHANG polls,
     * signals) meets a running child, not one still booting.
     */
    int startChild(ProgramRun run, VirtualProcess parent, Program program) {
        VirtualProcess child = kernel.fork(parent.pid());
        Latch live = new Latch();
        run.childStarted();
        WarmPool.Kind kind = program.isTransfer() ? WarmPool.Kind.MULTIPROCESSING_CHILD : WarmPool.Kind.MAIN;
        pool.prewarm(run.launch(), kind); // the next children of this kind find theirs booted
        pool.run(run.launch(), kind, false, "graalpy-mp-pid-" + child.pid(), warm -> {
            try {
                new PythonProcess(this, run, child, program, live).run(warm);
            } finally {
                live.open();
                run.childEnded();
            }
        });
        KernelWait.await(parent.cancellation(), live);
        return child.pid();
    }
}
