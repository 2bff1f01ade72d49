package dev.graalpymp.host;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

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
 * {@link Builder#ioAccess(IOAccess)}); they may start OS processes or load native extensions only if the
 * builder allows it; they see no Java class or object except the plugin's own objects, through their
 * explicitly exported methods.
 */
public final class PythonRuntime implements AutoCloseable {

    private final Engine engine;
    private final ContextFactory contexts;

    private PythonRuntime(Builder builder) {
        this.engine = Engines.create(builder.engineLog);
        this.contexts = new ContextFactory(engine, PythonLibrary.directory(), builder);
    }

    /** A builder with the defaults described on {@link Builder}'s methods. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a program to completion, as {@code python3} would, and returns its exit status: 0 on success, the
     * argument of {@code sys.exit(n)} or {@code os._exit(n)}, 1 after an uncaught exception (whose traceback
     * goes to the launch's stderr), 2 when the script cannot be opened. Returns only after the program's
     * non-daemon threads have finished and its atexit handlers have run; daemon threads are stopped.
     */
    public int run(Launch launch) {
        Objects.requireNonNull(launch, "launch");
        Context context = contexts.create(launch);
        try {
            Value main = context.eval("python", "__import__('graalpy_mp.main').main.run");
            Value status = main.execute(kindName(launch.kind()), launch.target(), launch.argv().toArray(String[]::new),
                    launch.effectiveFlags().safePath(), new ProcessServices());
            return status.asInt();
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus(); // os._exit(n), or an exit GraalPy performs itself
            }
            throw new PythonRuntimeError("the Python program ended abnormally outside its own code", e);
        } finally {
            // Cancels what is left (daemon threads), as the end of a CPython process does.
            context.close(true);
        }
    }

    private static String kindName(Launch.Kind kind) {
        return switch (kind) {
            case FILE -> "file";
            case MODULE -> "module";
            case CODE -> "code";
            case STDIN -> "stdin";
        };
    }

    /** Releases the shared engine; programs still running are cancelled. */
    @Override
    public void close() {
        engine.close(true);
    }

    /**
     * Configures a {@link PythonRuntime}. The defaults suit an embedding application: threads and file access
     * allowed, OS processes and native extensions not.
     */
    public static final class Builder {
        boolean allowCreateProcess;
        boolean allowNativeAccess;
        IOAccess ioAccess = IOAccess.ALL;
        String executable;
        OutputStream engineLog = OutputStream.nullOutputStream();
        final List<Path> pythonPath = new ArrayList<>();

        private Builder() {
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

        /** The programs' file access; default {@link IOAccess#ALL}. Use a custom file system to confine it. */
        public Builder ioAccess(IOAccess value) {
            this.ioAccess = Objects.requireNonNull(value);
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
