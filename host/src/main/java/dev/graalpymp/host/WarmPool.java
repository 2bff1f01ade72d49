package dev.graalpymp.host;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;

/**
 * Ready-to-run processes for one launch: threads that have each created a context (streams gated, the
 * plugin and the stdlib a process needs already imported) and wait for a process to run in it. Taking one
 * starts a refill in the background, so a fork never waits for a context to boot unless the pool is empty or
 * off (size 0). The context stays on the thread that made it: Python's main thread is the process's own.
 */
final class WarmPool {

    /** What a process gets from the pool: its context and the gates of its output streams. */
    record WarmContext(Context context, GatedOutputStream stdout, GatedOutputStream stderr) {
    }

    private static final String PRELOAD = "import graalpy_mp.main, graalpy_mp.overlays, threading, time, marshal";

    private final ContextFactory contexts;
    private final Launch launch;
    private final int size;
    private final BlockingQueue<CompletableFuture<Consumer<WarmContext>>> ready = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    WarmPool(ContextFactory contexts, Launch launch, int size) {
        this.contexts = contexts;
        this.launch = launch;
        this.size = size;
        for (int i = 0; i < size; i++) {
            startWarmThread();
        }
    }

    /** A new context for {@code launch}, its output gated until its process goes live. */
    static WarmContext create(ContextFactory contexts, Launch launch) {
        GatedOutputStream out = new GatedOutputStream(launch.stdout());
        GatedOutputStream err = new GatedOutputStream(launch.stderr());
        Context context = contexts.create(launch.withStdout(out).withStderr(err));
        return new WarmContext(context, out, err);
    }

    /**
     * Runs {@code process} on a thread named {@code name}: a warm one if there is one (a replacement starts
     * warming), else a new thread that boots its context first.
     */
    void run(String name, Consumer<WarmContext> process) {
        Consumer<WarmContext> job = warm -> {
            Thread.currentThread().setName(name);
            process.accept(warm);
        };
        CompletableFuture<Consumer<WarmContext>> slot = ready.poll();
        if (slot == null) {
            Thread.ofPlatform().daemon().name(name).start(() -> job.accept(create(contexts, launch)));
            return;
        }
        startWarmThread();
        slot.complete(job);
    }

    private void startWarmThread() {
        if (closed || size == 0) {
            return;
        }
        Thread.ofPlatform().daemon().name("graalpy-mp-warm").start(() -> {
            WarmContext warm = create(contexts, launch);
            warm.context().eval("python", PRELOAD);
            CompletableFuture<Consumer<WarmContext>> slot = new CompletableFuture<>();
            ready.add(slot);
            slot.join().accept(warm);
        });
    }

    /** Stops warming and closes the contexts nobody took. */
    void close() {
        closed = true;
        for (CompletableFuture<Consumer<WarmContext>> slot; (slot = ready.poll()) != null; ) {
            slot.complete(warm -> warm.context().close(true));
        }
    }
}
