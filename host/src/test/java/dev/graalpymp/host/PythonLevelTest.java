package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Python-level tests ({@code python-lib/src/test/python/test_*.py}, plain {@code unittest} modules that
 * also run unchanged under CPython 3.12) run in GraalPy through the host, one program each, on one shared
 * runtime. A file passes when its program exits with 0; its output is shown when it does not.
 */
class PythonLevelTest {

    private static final Path TESTS = Path.of("../python-lib/src/test/python").toAbsolutePath().normalize();
    private static final PythonRuntime runtime = SharedRuntime.get();


    @TestFactory
    Stream<DynamicTest> pythonTestFiles() throws IOException {
        Stream<Path> files = Files.list(TESTS).filter(p -> p.getFileName().toString().matches("test_.*\\.py"))
                .sorted();
        return files.map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> runFile(file)));
    }

    private static void runFile(Path file) {
        System.err.println("PythonLevelTest: " + file.getFileName());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = runtime.run(Launch.script(file, "-v")
                .withWorkingDirectory(TESTS)
                // PATH as a shell's: GraalPy looks for its patchelf tool there to copy native modules.
                .withEnvironment(Map.of("PYTHONDONTWRITEBYTECODE", "1", "PATH", System.getenv("PATH")))
                .withStdout(out)
                .withStderr(out));
        assertEquals(0, status, () -> file.getFileName() + " failed:\n" + out.toString(StandardCharsets.UTF_8));
    }
}
