package dev.graalpymp.host;

/**
 * The one runtime (one Engine) the host's tests share: GraalPy's first context costs seconds, later ones on the
 * same engine far less. It lives as long as the test JVM. It allows OS processes, as the launcher does, so that
 * the Python-level tests can check subprocess next to the kernel's pipes, and its {@code sys.executable} is a
 * launcher on the test class path ({@link TestLauncher}), so that they can start child interpreters. It allows
 * native access too, as the launcher does, so that every process may load GraalPy's native modules.
 */
final class SharedRuntime {

    private static final PythonRuntime RUNTIME = PythonRuntime.builder()
            .allowCreateProcess(true)
            .allowNativeAccess(true)
            .executable(TestLauncher.path()).build();

    private SharedRuntime() {
    }

    static PythonRuntime get() {
        return RUNTIME;
    }
}
