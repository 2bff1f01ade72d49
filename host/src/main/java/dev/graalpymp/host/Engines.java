package dev.graalpymp.host;

import java.io.OutputStream;
import org.graalvm.polyglot.Engine;

/** Creates the one Engine all contexts of a runtime share, with the engine-level options they need. */
final class Engines {

    private Engines() {
    }

    static Engine create(OutputStream log) {
        return Engine.newBuilder("python")
                .allowExperimentalOptions(true)
                // Interpreter-only runs (GRAALPY_MP_JIT=0) are a deliberate choice: no warning about them.
                .option("engine.WarnInterpreterOnly", "false")
                // The Java POSIX backend keeps each context's fds and cwd virtual; an engine-wide choice.
                .option("python.PosixModuleBackend", "java")
                .logHandler(log)
                .build();
    }
}
