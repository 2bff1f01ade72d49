package dev.graalpymp.host;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;

/**
 * Ready-to-run contexts of a runtime, for main programs and their children alike: threads that each create a
 * context for a {@link ContextConfig} (streams gated and unbound, the plugin and the stdlib a process needs
 * already imported) and wait for a process to run in it. A process takes the oldest pooled context of its
 * launch's configuration, ready or still booting; once it starts running there, a refill starts booting in the
 * background, so a process waits for a boot only when processes come faster than contexts boot. Contexts are
 * kept for the two configurations used last. Size 0 turns the pool off. The context stays on the thread that
 * made it: Python's main thread is the process's.
 */
final class WarmPool {

    /**
     * What a process gets: its context, the gates of its streams (bound to the launch's when it is taken) and
     * its files; {@code pooled} when it was made ahead of its launch (its environment and working directory
     * are then set when the process starts).
     */
    record WarmContext(Context context, BoundInputStream stdin, GatedOutputStream stdout, GatedOutputStream stderr,
                       ReplayFileSystem files, boolean pooled) {
        void bind(Launch launch) {
            stdin.bind(launch.stdin());
            stdout.bind(launch.stdout());
            stderr.bind(launch.stderr());
        }
    }

    /** What every process needs before its program runs: the driver and the overlays (imported, not installed). */
    private static final String PRELOAD = "import graalpy_mp.main, graalpy_mp.overlays, marshal\n"
            + "graalpy_mp.overlays.import_all()";


    private static final int CONFIGURATIONS_KEPT = 2;

    /** What a pooled context is handed: the launch it runs for (null: close it) and the process to run. */
    private record Job(Launch launch, Consumer<WarmContext> body) {
        void run(WarmContext warm) {
            if (launch != null) {
                warm.bind(launch);
            }
            body.accept(warm);
        }
    }

    private final ContextFactory contexts;
    private final int size;
    /** Per configuration, one slot per pooled context, oldest first; guarded by this. Least recently used first. */
    private final Map<ContextConfig, Deque<CompletableFuture<Job>>> slots =
            new LinkedHashMap<>(4, 0.75f, true);
    private volatile boolean closed;

    WarmPool(ContextFactory contexts, int size) {
        this.contexts = contexts;
        this.size = size;
    }

    /** A new context for {@code launch} on the calling thread, its output gated until its process goes live. */
    static WarmContext create(ContextFactory contexts, Launch launch, boolean pooled) {
        BoundInputStream in = new BoundInputStream();
        GatedOutputStream out = new GatedOutputStream(launch.stdout());
        GatedOutputStream err = new GatedOutputStream(launch.stderr());
        in.bind(launch.stdin());
        ReplayFileSystem files = contexts.newFileSystem();
        Context context = contexts.create(launch.withStdin(in).withStdout(out).withStderr(err), files);
        return new WarmContext(context, in, out, err, files, pooled);
    }

    /** Starts warming contexts for {@code launch}'s configuration, up to the pool's size. */
    void prewarm(Launch launch) {
        ContextConfig config = ContextConfig.of(launch);
        synchronized (this) {
            Deque<CompletableFuture<Job>> queue = queue(config);
            for (int i = queue.size(); i < size; i++) {
                startWarmThread(config);
            }
        }
    }

    /**
     * Runs {@code process} on a thread named {@code name}, with its context bound to {@code launch}: the oldest
     * pooled context of the launch's configuration (ready, or still booting: a context already under way is ready
     * sooner than a new one), else a new thread that boots a context for the launch first.
     */
    void run(Launch launch, String name, Consumer<WarmContext> process) {
        Job job = new Job(launch, warm -> {
            Thread.currentThread().setName(name);
            process.accept(warm);
        });
        CompletableFuture<Job> slot;
        synchronized (this) {
            slot = closed ? null : queue(ContextConfig.of(launch)).poll();
        }
        if (slot == null) {
            Thread.ofPlatform().daemon().name(name).start(() -> job.run(create(contexts, launch, false)));
            return;
        }
        slot.complete(job);
    }

    /** The slots of {@code config}, made the most recently used; older configurations beyond the kept ones close. */
    private Deque<CompletableFuture<Job>> queue(ContextConfig config) {
        Deque<CompletableFuture<Job>> queue = slots.computeIfAbsent(config, c -> new ArrayDeque<>());
        Iterator<Map.Entry<ContextConfig, Deque<CompletableFuture<Job>>>> oldest =
                slots.entrySet().iterator();
        for (int extra = slots.size() - CONFIGURATIONS_KEPT; extra > 0; extra--) {
            closeAll(oldest.next().getValue());
            oldest.remove();
        }
        return queue;
    }

    private void startWarmThread(ContextConfig config) {
        if (closed || size == 0) {
            return;
        }
        CompletableFuture<Job> slot = new CompletableFuture<>();
        queue(config).add(slot);
        Thread.ofPlatform().daemon().name("graalpy-mp-warm").start(() -> {
            WarmContext warm = warmUp(config);
            Job job = slot.join();
            synchronized (this) {
                if (!closed && slots.containsKey(config)) {
                    startWarmThread(config); // the refill boots once this context is in use, not competing with its boot
                }
            }
            if (warm != null) {
                job.run(warm);
            } else if (job.launch() != null) {
                // Warming failed: the process boots a plain context and meets the failure itself, with its own
                // error output (a process is never lost).
                job.run(create(contexts, job.launch(), false));
            }
        });
    }

    /** A context with the preloads done, or null if warming failed. */
    private WarmContext warmUp(ContextConfig config) {
        WarmContext warm = null;
        try {
            warm = create(contexts, config.templateLaunch(), true);
            // Nothing beyond what every process needs: a main program starts with CPython's modules only.
            warm.context().eval("python", PRELOAD);
            return warm;
        } catch (RuntimeException e) {
            if (warm != null) {
                warm.context().close(true);
            }
            return null;
        }
    }

    private static void closeAll(Deque<CompletableFuture<Job>> queue) {
        for (CompletableFuture<Job> slot; (slot = queue.poll()) != null; ) {
            slot.complete(new Job(null, warm -> warm.context().close(true)));
        }
    }

    /** Stops warming and closes the contexts nobody took. */
    synchronized void close() {
        closed = true;
        slots.values().forEach(WarmPool::closeAll);
        slots.clear();
    }
}
