package dev.graalpymp.host;

import java.io.OutputStream;
import org.graalvm.polyglot.Engine;

/** Creates the one Engine all contexts of a runtime share, with the engine-level options they need. */
final class Engines {

    private Engines() {
    }

    /**
     * Two compiler threads where Truffle would pick one (it does on 2 cores): the Graal compiler runs at C1 (see
     * bin/graalpy-mp), so one thread falls behind, and a program held by the GIL leaves the second core idle.
     * Measured on 2 cores: CPU-bound rounds reach peak (0.16-0.25 s against 0.5-0.7 s per round) three rounds
     * sooner; 1000 thread-pool tasks reach 25-35 ms after 30 runs instead of 55-65 ms; `-c pass` unchanged.
     */
    static final int COMPILER_THREADS = 2;

    static Engine create(OutputStream log) {
        if (System.getProperty("polyglot.engine.CompilerThreads") != null) {
            return builder(log).build();
        }
        try {
            return builder(log).option("engine.CompilerThreads", Integer.toString(COMPILER_THREADS)).build();
        } catch (IllegalArgumentException e) {
            // Interpreter-only (no optimizing runtime, GRAALPY_MP_JIT=0): the option does not exist.
            if (!String.valueOf(e.getMessage()).contains("engine.CompilerThreads")) {
                throw e;
            }
            return builder(log).build();
        }
    }

    private static Engine.Builder builder(OutputStream log) {
        return Engine.newBuilder("python")
                .allowExperimentalOptions(true)
                // Interpreter-only runs (GRAALPY_MP_JIT=0) are a deliberate choice: no warning about them.
                .option("engine.WarnInterpreterOnly", "false")
                // The Java POSIX backend keeps each context's fds and cwd virtual; an engine-wide choice.
                .option("python.PosixModuleBackend", "java")
                .logHandler(log);
    }
}
