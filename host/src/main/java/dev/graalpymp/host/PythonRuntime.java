package dev.graalpymp.host;

import dev.graalpymp.kernel.Kernel;
import dev.graalpymp.kernel.proc.Signals;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.proc.WaitStatus;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The entry point for Java applications: a Python runtime that owns one shared GraalPy {@link Engine} and
 * runs Python programs on it the way {@code python3} runs them, returning their exit status.
 *
 * <p>Every {@link #run(Launch)} gets a fresh, isolated Python context on the shared engine, so that code,
 * compiled code and the engine's caches are shared while the programs' state is not. A runtime is safe to use
 * from several Java threads at once. Close it to release the engine.
 *
 * <pre>{@code
 * try (PythonRuntime python = PythonRuntime.builder().build()) {
 *     int status = python.run(Launch.code("print('hello')").withStdout(System.out));
 * }
 * }</pre>
 *
 * <p>Access: the programs may create threads and use files (by default every file, see
 * {@link Builder#fileSystem(FileSystem)}); they may start OS processes or load native extensions only if the
 * builder allows it; they see no Java class or object except the plugin's own objects, through their
 * explicitly exported methods.
 */
public final class PythonRuntime implements AutoCloseable {

    private final Engine engine;
    private final NativeModuleCopies nativeCopies; // or null
    private final Kernel kernel;
    private final WarmPool pool;
    private final boolean ownsJvmProcess;
    private boolean jvmProcessUsed;

    private PythonRuntime(Builder builder) {
        this.engine = Engines.create(builder.engineLog);
        boolean isolate = builder.allowNativeAccess
                && (builder.isolateNativeModules != null ? builder.isolateNativeModules : NativeModuleCopies.possible());
        this.nativeCopies = isolate ? NativeModuleCopies.create() : null;
        this.kernel = Kernel.forThisJvm();
        // An embedder's or a server's runtime is long-lived: its contexts boot ahead (see WarmPool's constructor).
        this.pool = new WarmPool(new ContextFactory(engine, PythonLibrary.directory(), builder, nativeCopies),
                Map.of(WarmPool.Kind.MAIN, builder.warmPoolSize,
                        WarmPool.Kind.MULTIPROCESSING_CHILD, builder.warmChildPoolSize),
                !builder.ownsJvmProcess);
        this.ownsJvmProcess = builder.ownsJvmProcess;
    }

    /** A builder with the defaults described on {@link Builder}'s methods. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a program to completion, as {@code python3} would, and returns its exit status: 0 on success, the
     * argument of {@code sys.exit(n)} or {@code os._exit(n)}, 1 after an uncaught exception (whose traceback
     * goes to the launch's stderr), 2 when the script cannot be opened. Returns only after the program's
     * non-daemon threads have finished, its atexit handlers have run and every process it started (with
     * {@code os.fork()}) has ended; daemon threads are stopped.
     */
    public int run(Launch launch) {
        Objects.requireNonNull(launch, "launch");
        VirtualProcess self;
        synchronized (this) {
            if (ownsJvmProcess && jvmProcessUsed) {
                throw new IllegalStateException("this runtime's only program runs as the JVM's own process;"
                        + " it has run already");
            }
            jvmProcessUsed = true;
            // The launcher's program is the JVM's process (its real pid); an embedder's runs are its children.
            self = ownsJvmProcess ? kernel.mainProcess() : kernel.fork(kernel.mainProcess().pid());
        }
        int status = new ProgramRun(kernel, pool, launch, self).run();
        if (WaitStatus.isSignaled(self.waitStatus())) {
            status = 128 + WaitStatus.termSignal(self.waitStatus()); // as a shell reports a death by signal
        }
        if (!ownsJvmProcess) {
            kernel.waitpid(kernel.mainProcess().pid(), self.pid(), 0); // reap it: no zombies in the JVM's table
        }
        return status;
    }

    /**
     * Runs a program, as {@link #run(Launch)} does, as the stand-in of an OS process outside this JVM (the client
     * of a runtime server): {@code os.getpid()} is {@code pid} and {@code os.getppid()} is {@code parentPid}.
     * The pid must be a real one, not in use by another run of this runtime. Returns the Linux wait status
     * ({@code os.waitstatus_to_exitcode} decodes it): the exit code, or the signal that ended the program.
     */
    public int runAs(Launch launch, int pid, int parentPid) {
        Objects.requireNonNull(launch, "launch");
        VirtualProcess self = kernel.root(pid, parentPid);
        new ProgramRun(kernel, pool, launch, self).run();
        return self.waitStatus();
    }

    /**
     * Sends {@code signal} to the process {@code pid} (a program running as {@code pid}, see {@link #runAs}, or
     * one of its children), as a terminal or {@code kill} sends it to a CPython process: the process's own
     * handler runs in its main thread (SIGINT's default raises KeyboardInterrupt there), an ignored signal is
     * dropped, and otherwise Linux's default action applies (most signals end the process, its context
     * cancelled). Every process keeps its signal state to itself, never the JVM's: a JVM has one handler per
     * signal for all its programs. ESRCH (a {@code KernelException}) if there is no such process.
     */
    public void signal(int pid, int signal) {
        kernel.kill(pid, signal);
    }

    /**
     * A signal the OS sent the real process that program {@code pid} stands for (the launcher's JVM, a server's
     * client), passed on as the OS would have delivered it to a CPython process there: SIGINT (Ctrl-C) and
     * SIGWINCH come from the terminal, which sends them to its whole foreground process group, so they reach
     * the program's group (the children it forked, unless they left it); any other signal reaches the program
     * alone, as {@link #signal} does. ESRCH if there is no such process.
     */
    public void forwardOsSignal(int pid, int signal) {
        if (signal == Signals.SIGINT || signal == Signals.SIGWINCH) {
            kernel.killGroupOf(pid, signal);
        } else {
            kernel.kill(pid, signal);
        }
    }

    /**
     * Starts booting contexts for programs launched like {@code launch} (same flags and start-up environment),
     * so that the next runs and their first children do not wait for a context: what a long-lived runtime
     * (the runtime server) does while idle.
     */
    public void prewarm(Launch launch) {
        Objects.requireNonNull(launch, "launch");
        for (WarmPool.Kind kind : WarmPool.Kind.values()) {
            pool.prewarm(launch, kind);
        }
    }

    /** Releases the shared engine; programs still running are cancelled. */
    @Override
    public void close() {
        pool.close();
        engine.close(true);
        if (nativeCopies != null) {
            nativeCopies.close();
        }
    }

    /**
     * Configures a {@link PythonRuntime}. The defaults suit an embedding application: threads and file access
     * allowed, OS processes and native extensions not.
     */
    public static final class Builder {
        boolean allowCreateProcess;
        boolean allowNativeAccess;
        Boolean isolateNativeModules; // null: when patchelf is found
        FileSystem fileSystem = FileSystem.newDefaultFileSystem();
        String executable;
        OutputStream engineLog = OutputStream.nullOutputStream();
        final List<Path> pythonPath = new ArrayList<>();
        boolean ownsJvmProcess;
        int warmPoolSize = 2;
        int warmChildPoolSize = 2;

        private Builder() {
        }

        /**
         * How many ready contexts to keep for main programs and for the children of {@code os.fork()} (0: none,
         * each boots one); default 2. Warming starts with each run and costs CPU while the program starts.
         */
        public Builder warmPoolSize(int value) {
            this.warmPoolSize = requireNonNegative(value);
            return this;
        }

        /**
         * How many ready contexts, with multiprocessing imported, to keep for multiprocessing's children (fork by
         * state transfer, spawn, forkserver); default 2. Warming starts when a program starts its first child.
         */
        public Builder warmChildPoolSize(int value) {
            this.warmChildPoolSize = requireNonNegative(value);
            return this;
        }

        private static int requireNonNegative(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("warm pool size must be >= 0: " + value);
            }
            return value;
        }

        /**
         * Whether the (single) program of this runtime is the JVM's own process, with the JVM's real pid and
         * parent pid, as for a launcher; default false: every run is a child process of the JVM.
         */
        public Builder ownsJvmProcess(boolean value) {
            this.ownsJvmProcess = value;
            return this;
        }

        /** Whether programs may start OS processes ({@code subprocess}); default false. */
        public Builder allowCreateProcess(boolean value) {
            this.allowCreateProcess = value;
            return this;
        }

        /** Whether programs may load native code (C extensions such as {@code ctypes}); default false. */
        public Builder allowNativeAccess(boolean value) {
            this.allowNativeAccess = value;
            return this;
        }

        /**
         * Whether each process loads its own copies of GraalPy's native modules (pyexpat, _sqlite3, termios...),
         * with GraalPy's {@code python.IsolateNativeModules}; default: when GraalPy's {@code patchelf} tool is on
         * the PATH. Without it only the JVM's first context that loads a native module may use native modules:
         * the others get GraalPy's SystemError. Every GraalPy context of the JVM, the embedder's own too, must then
         * isolate them as well (a GraalPy rule). Only with {@link #allowNativeAccess}.
         */
        public Builder isolateNativeModules(boolean value) {
            this.isolateNativeModules = value;
            return this;
        }

        /**
         * The files the programs see; default: the host's ({@link FileSystem#newDefaultFileSystem()}). Use a
         * custom file system to confine them (for example {@link FileSystem#newReadOnlyFileSystem}).
         */
        public Builder fileSystem(FileSystem value) {
            this.fileSystem = Objects.requireNonNull(value);
            return this;
        }

        /** The value of {@code sys.executable} (the command that starts this runtime); default: GraalPy's. */
        public Builder executable(String value) {
            this.executable = value;
            return this;
        }

        /** Where the engine's own log messages go; default: discarded, so nothing reaches a program's stderr. */
        public Builder engineLog(OutputStream value) {
            this.engineLog = Objects.requireNonNull(value);
            return this;
        }

        /** Adds a directory to every program's {@code sys.path} (after {@code PYTHONPATH}). */
        public Builder addPythonPath(Path dir) {
            this.pythonPath.add(dir.toAbsolutePath());
            return this;
        }

        /** Creates the runtime and its engine. */
        public PythonRuntime build() {
            return new PythonRuntime(this);
        }
    }
}
