package dev.graalpymp.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

/**
 * Ready-to-run contexts of a runtime: threads that each create a context for a {@link ContextConfig} and a
 * {@link Kind} (streams gated and unbound, the plugin and the stdlib a process needs already imported) and wait
 * for a process to run in it. A process takes the oldest pooled context of its launch's configuration and its
 * kind, ready or still booting; once it starts running there, a refill starts booting in the background, so a
 * process waits for a boot only when processes come faster than contexts boot. Contexts are kept for the two
 * configurations used last. Size 0 turns a kind off. The context stays on the thread that made it: Python's
 * main thread is the process's.
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

        /**
         * Closes the context and deletes its own files (native module copies, O_TMPFILE files). One with a live OS child (a
         * {@code subprocess} not waited for) refuses to close; CPython leaves such a child running when it
         * exits, so it stays running here too, and that context stays open until the JVM ends.
         */
        void close() {
            try {
                context.close(true);
            } catch (PolyglotException e) {
                if (!String.valueOf(e.getMessage()).contains("alive sub-process")) {
                    throw e;
                }
            } finally {
                files.removeOwnFiles();
            }
        }
    }

    /**
     * What a pooled context has done before it is taken. A main program (and an {@code os.fork()} child, which
     * re-executes it) starts with CPython's start-up modules only: the driver and the overlays, imported, not
     * installed. A multiprocessing child (fork by state transfer, spawn, forkserver) also has the modules of
     * multiprocessing imported (connection's Connection binds os.read/os.write/os.close as default arguments:
     * the multiprocessing overlay binds the overlays' instead when it is installed): CPython's fork child has
     * them already, and importing them in a fresh context costs a few hundred ms (connection alone, with
     * tempfile, shutil and random, ~40 ms of a fork child's start).
     */
    enum Kind {
        MAIN("import graalpy_mp.main, graalpy_mp.overlays, marshal\ngraalpy_mp.overlays.import_all()"
                // _ctypes too, which every process loads at its start (graalpy_mp.main.load_native_interface): ahead, off its start
                + "\ngraalpy_mp.main.load_native_interface()"),
        MULTIPROCESSING_CHILD(MAIN.preload
                // selectors (imported by socket, by multiprocessing.reduction) binds select.select and tests for
                // select.poll when it is imported: the select overlay, which needs no process, comes first.
                + "\ngraalpy_mp.overlays.select_kernel.install(None)"
                + "\nimport threading, pickle, multiprocessing, multiprocessing.context,"
                + " multiprocessing.process, multiprocessing.util, multiprocessing.reduction,"
                + " multiprocessing.popen_fork, multiprocessing.spawn, multiprocessing.connection"
                // The plugin's own multiprocessing modules, which the overlays install when the child starts.
                + "\nimport graalpy_mp.mp.popen_transfer, graalpy_mp.mp.semlock, graalpy_mp.mp.sharedctypes,"
                + " graalpy_mp.mp.unix_sockets");

        private final String preload;

        Kind(String preload) {
            this.preload = preload;
        }
    }

    /** A pool's key: the configuration and the kind of its contexts. */
    private record Key(ContextConfig config, Kind kind) {
    }


    private static final int CONFIGURATIONS_KEPT = 2;

    /**
     * What a pooled context is handed: the launch it runs for (null: close it), the process to run, and
     * whether that is a main program (its context's refill waits until it ends: a short program does not share
     * the CPU with a boot; the pool keeps other main contexts meanwhile) or a child (refilled at once: children
     * come in bursts, a Pool's workers, forks in a loop).
     */
    private record Job(Launch launch, Consumer<WarmContext> body, boolean mainProgram) {
        void run(WarmContext warm) {
            if (launch != null) {
                warm.bind(launch);
            }
            body.accept(warm);
        }
    }

    private final ContextFactory contexts;
    private final Map<Kind, Integer> sizes;
    private final boolean warmsAhead;
    /**
     * Pooled contexts boot one at a time. Contexts share a module's parsed code (and so the JIT's compiled code)
     * through the engine's parse cache, but contexts that parse the same module at the same moment each miss the
     * cache and keep a copy of their own, which the JIT must profile and compile again. Measured with Truffle's
     * TraceSourceCache on a server's start: side-by-side boots parsed the same sources up to six times within
     * 0.1 s (227 parses of 128 sources in the first runs); see the README's "Compiled code shared".
     */
    private final Object bootLock = new Object();
    /** Per key, one slot per pooled context, oldest first; guarded by this. Least recently used first. */
    private final Map<Key, Deque<CompletableFuture<Job>>> slots = new LinkedHashMap<>(4, 0.75f, true);
    /** The environment of the last launch of each configuration; guarded by this. */
    private final Map<ContextConfig, Map<String, String>> lastEnvironment = new java.util.HashMap<>();
    private volatile boolean closed;

    /**
     * {@code sizes}: how many contexts of each kind to keep ready per configuration. {@code warmsAhead}: contexts
     * boot before they are asked for (when a program starts, when it imports multiprocessing, see
     * {@link #prewarmAhead}), as a long-lived runtime wants; otherwise (a one-shot JVM's one program) they boot
     * once the first child of their kind starts: most programs never fork, and on a cold JVM a boot competes with
     * the program for the cores (measured on 2 cores: `-c pass` ~5 s alone, ~10 s with two boots beside it).
     */
    WarmPool(ContextFactory contexts, Map<Kind, Integer> sizes, boolean warmsAhead) {
        this.contexts = contexts;
        this.sizes = Map.copyOf(sizes);
        this.warmsAhead = warmsAhead;
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

    /** Starts warming contexts of {@code kind} for {@code launch}'s configuration, up to the kind's size. */
    void prewarm(Launch launch, Kind kind) {
        Key key = new Key(ContextConfig.of(launch), kind);
        synchronized (this) {
            lastEnvironment.put(key.config(), launch.environment());
            Deque<CompletableFuture<Job>> queue = queue(key);
            for (int i = queue.size(); i < sizes.getOrDefault(kind, 0); i++) {
                startWarmThread(key);
            }
        }
    }

    /** {@link #prewarm}, in a pool that warms ahead (see the constructor); otherwise nothing. */
    void prewarmAhead(Launch launch, Kind kind) {
        if (warmsAhead) {
            prewarm(launch, kind);
        }
    }

    /**
     * Runs {@code process} on a thread named {@code name}, with its context bound to {@code launch}: the oldest
     * pooled context of the launch's configuration (ready, or still booting: a context already under way is ready
     * sooner than a new one), else a new thread that boots a context for the launch first.
     */
    void run(Launch launch, Kind kind, boolean mainProgram, String name, Consumer<WarmContext> process) {
        Job job = new Job(launch, warm -> {
            Thread.currentThread().setName(name);
            process.accept(warm);
        }, mainProgram);
        CompletableFuture<Job> slot;
        synchronized (this) {
            ContextConfig config = ContextConfig.of(launch);
            lastEnvironment.put(config, launch.environment());
            slot = closed ? null : queue(new Key(config, kind)).poll();
            if (slot == null && !closed && kind == Kind.MULTIPROCESSING_CHILD) {
                // No child context ready or booting: a main one serves (the child imports multiprocessing
                // itself), sooner than a boot of its own.
                slot = queue(new Key(config, Kind.MAIN)).poll();
            }
        }
        if (slot == null) {
            Thread.ofPlatform().daemon().name(name).start(() -> job.run(create(contexts, launch, false)));
            return;
        }
        slot.complete(job);
    }

    /** The slots of {@code key}, made the most recently used; older configurations beyond the kept ones close. */
    private Deque<CompletableFuture<Job>> queue(Key key) {
        Deque<CompletableFuture<Job>> queue = slots.computeIfAbsent(key, k -> new ArrayDeque<>());
        Iterator<Map.Entry<Key, Deque<CompletableFuture<Job>>>> oldest = slots.entrySet().iterator();
        for (int extra = slots.size() - CONFIGURATIONS_KEPT * Kind.values().length; extra > 0; extra--) {
            closeAll(oldest.next().getValue());
            oldest.remove();
        }
        lastEnvironment.keySet().removeIf(config -> slots.keySet().stream().noneMatch(k -> k.config().equals(config)));
        return queue;
    }

    private void startWarmThread(Key key) {
        if (closed || sizes.getOrDefault(key.kind(), 0) == 0) {
            return;
        }
        CompletableFuture<Job> slot = new CompletableFuture<>();
        queue(key).add(slot);
        Launch template = key.config().templateLaunch(
                lastEnvironment.getOrDefault(key.config(), key.config().startupEnvironment()));
        Thread.ofPlatform().daemon().name("graalpy-mp-warm").start(() -> {
            WarmContext warm = warmUp(key, template);
            Job job = slot.join();
            // The refill boots once this context is taken (not competing with its own boot): see Job.
            boolean refillNow = !job.mainProgram();
            if (refillNow) {
                refill(key);
            }
            try {
                if (warm != null) {
                    job.run(warm);
                } else if (job.launch() != null) {
                    // Warming failed: the process boots a plain context and meets the failure itself, with its own
                    // error output (a process is never lost).
                    job.run(create(contexts, job.launch(), false));
                } else {
                    job.body().accept(null); // closing a context whose boot failed: nothing to close
                }
            } finally {
                if (!refillNow && job.launch() != null) {
                    refill(key);
                }
            }
        });
    }

    private synchronized void refill(Key key) {
        if (!closed && slots.containsKey(key)) {
            startWarmThread(key);
        }
    }

    /** A context with the preloads done, or null if warming failed. */
    private WarmContext warmUp(Key key, Launch template) {
        WarmContext warm = null;
        try {
            synchronized (bootLock) {
                if (closed) {
                    return null;
                }
                warm = create(contexts, template, true);
                warm.context().eval("python", key.kind().preload);
            }
            return warm;
        } catch (RuntimeException e) {
            if (warm != null) {
                warm.close();
            }
            return null;
        }
    }

    /** Hands every slot of {@code queue} a job that closes its context; completes as they are closed. */
    private static CompletableFuture<Void> closeAll(Deque<CompletableFuture<Job>> queue) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (CompletableFuture<Job> slot; (slot = queue.poll()) != null; ) {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            closing.add(closed);
            slot.complete(new Job(null, warm -> {
                try {
                    if (warm != null) {
                        warm.close();
                    }
                } finally {
                    closed.complete(null);
                }
            }, false));
        }
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    /**
     * Stops warming and closes the contexts nobody took, returning once they are closed: a context still booting
     * finishes its boot first. (The engine must not close under a boot: Truffle's engine close waits for the
     * context's thread while that thread waits for the engine's lock, a deadlock.)
     */
    void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (this) {
            closed = true;
            slots.values().forEach(queue -> closing.add(closeAll(queue)));
            slots.clear();
            lastEnvironment.clear();
        }
        closing.forEach(CompletableFuture::join); // outside the lock: the warm threads take it to refill
    }
}
