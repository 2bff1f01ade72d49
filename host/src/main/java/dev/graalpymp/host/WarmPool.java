package dev.graalpymp.host;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;

/**
 * Ready-to-run processes for one launch: threads that each create a context (streams gated, the plugin and
 * the stdlib a process needs already imported) and wait for a process to run in it. A process takes the
 * oldest pooled context, ready or still booting; once it starts running there, a refill starts booting in the
 * background, so a fork waits for a boot only at start-up or when forks come faster than contexts boot. Size
 * 0 turns the pool off. The context stays on the thread that made it: Python's main thread is the process's.
 */
final class WarmPool {

    /** What a process gets from the pool: its context, the gates of its output streams and its files. */
    record WarmContext(Context context, GatedOutputStream stdout, GatedOutputStream stderr, ReplayFileSystem files) {
    }

    /** What every process needs before its program runs: the driver and the overlays (imported, not installed). */
    private static final String PRELOAD = "import graalpy_mp.main, graalpy_mp.overlays, marshal\n"
            + "graalpy_mp.overlays.import_all()";

    /**
     * Imported while a ready context waits to be taken, one at a time: a fork never waits for them (at most for
     * the one under way), and a child whose program uses them replays faster. threading alone takes 0.4-1.6 s
     * to import in a fresh context.
     */
    private static final List<String> IDLE_IMPORTS = List.of("threading");

    private final ContextFactory contexts;
    private final Launch launch;
    private final int size;
    /** One slot per pooled context, oldest first; completing a slot hands that context its process. */
    private final BlockingQueue<CompletableFuture<Consumer<WarmContext>>> slots = new LinkedBlockingQueue<>();
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
        ReplayFileSystem files = contexts.newFileSystem();
        Context context = contexts.create(launch.withStdout(out).withStderr(err), files);
        return new WarmContext(context, out, err, files);
    }

    /**
     * Runs {@code process} on a thread named {@code name}: the oldest pooled one (ready, or still booting: a
     * context already under way is ready sooner than a new one, and a new boot would slow it down), else a new
     * thread that boots its context first.
     */
    void run(String name, Consumer<WarmContext> process) {
        Consumer<WarmContext> job = warm -> {
            Thread.currentThread().setName(name);
            process.accept(warm);
        };
        CompletableFuture<Consumer<WarmContext>> slot = slots.poll();
        if (slot == null) {
            Thread.ofPlatform().daemon().name(name).start(() -> job.accept(create(contexts, launch)));
            return;
        }
        slot.complete(job);
    }

    private void startWarmThread() {
        if (closed || size == 0) {
            return;
        }
        CompletableFuture<Consumer<WarmContext>> slot = new CompletableFuture<>();
        slots.add(slot);
        Thread.ofPlatform().daemon().name("graalpy-mp-warm").start(() -> {
            WarmContext warm = warmUp(slot);
            Consumer<WarmContext> job = slot.join();
            startWarmThread(); // the refill boots once this context is in use, not competing with its boot
            job.accept(warm != null ? warm : create(contexts, launch));
        });
    }

    /**
     * A context with the preloads done, or null if warming failed: the process it was meant for then boots a
     * plain context and meets the failure itself, with its own error output (a process is never lost).
     */
    private WarmContext warmUp(CompletableFuture<?> slot) {
        WarmContext warm = null;
        try {
            warm = create(contexts, launch);
            warm.context().eval("python", PRELOAD);
            for (String module : IDLE_IMPORTS) {
                if (slot.isDone()) {
                    break;
                }
                warm.context().eval("python", "import " + module);
            }
            return warm;
        } catch (RuntimeException e) {
            if (warm != null) {
                warm.context().close(true);
            }
            return null;
        }
    }

    /** Stops warming and closes the contexts nobody took. */
    void close() {
        closed = true;
        for (CompletableFuture<Consumer<WarmContext>> slot; (slot = slots.poll()) != null; ) {
            slot.complete(warm -> warm.context().close(true));
        }
    }
}
