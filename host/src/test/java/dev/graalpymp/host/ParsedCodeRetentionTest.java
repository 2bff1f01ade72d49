package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's parse cache keeps a module a context imported after that context has closed and the garbage
 * collector has run, so the next context (process, run) gets the same code and its compiled form. Fails when a
 * GraalPy or Truffle upgrade changes the cache's layout (the retention is then inactive) or its keys.
 */
class ParsedCodeRetentionTest {

    @TempDir
    Path dir;

    @Test
    void aModuleParsedInOneContextOutlivesItAndTheCollector() throws IOException {
        String module = "retained_" + Long.toHexString(System.nanoTime());
        Files.writeString(dir.resolve(module + ".py"), "def f(n):\n    return sum(range(n))\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Engine engine = Engines.create(log)) {
            ParsedCodeRetention retention = new ParsedCodeRetention(engine, log);
            try (Context context = Context.newBuilder("python").engine(engine)
                    .allowIO(IOAccess.ALL)
                    .option("python.PosixModuleBackend", "java")
                    .build()) {
                context.initialize("python");
                retention.attach();
                context.eval("python", "import sys; sys.path.insert(0, " + pythonString(dir) + ")\n"
                        + "import " + module + "\nassert " + module + ".f(10) == 45");
            }
            assertTrue(retention.isActive(), () -> "retention inactive: " + log.toString(StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Set<String> cached = engine.getCachedSources().stream().map(Source::getName).collect(Collectors.toSet());
            assertTrue(cached.stream().anyMatch(name -> name.contains(module)),
                    () -> module + " not in the parse cache after a collection: " + cached);
        }
    }

    private static String pythonString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
