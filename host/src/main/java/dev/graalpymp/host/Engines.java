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

    /**
     * The launcher's decision (bin/lib/java-command.sh, from GRAALPY_MP_JIT and the JDK): {@code 1}, the Graal
     * JIT is on the upgrade module path; {@code 0}, interpreter only.
     */
    private static final String JIT_PROPERTY = "graalpy.mp.jit";

    static Engine create(OutputStream log) {
        Engine.Builder builder = builder(log);
        if (System.getProperty("polyglot.engine.CompilerThreads") == null && jit()) {
            builder.option("engine.CompilerThreads", Integer.toString(COMPILER_THREADS));
        }
        return builder.build();
    }

    /**
     * Whether an optimizing runtime compiles: as the launcher says, or, in a JVM it did not start (an
     * application embedding the host, the tests), as an engine without languages reports it (its options
     * include the compiler's only with the JIT). That engine costs about a millisecond more: the runtime it
     * initializes is the one the real engine then uses.
     */
    private static boolean jit() {
        String told = System.getProperty(JIT_PROPERTY);
        if (told != null) {
            return told.equals("1");
        }
        try (Engine probe = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false")
                .logHandler(OutputStream.nullOutputStream()).build()) {
            return probe.getOptions().get("engine.CompilerThreads") != null;
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
