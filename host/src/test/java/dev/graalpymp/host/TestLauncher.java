package dev.graalpymp.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code sys.executable} of the host tests' shared runtime: a script that starts the command-line
 * {@code Launcher} in a JVM of its own, as {@code bin/graalpy-mp} does with {@code GRAALPY_MP_SERVER=0}, but on
 * this test JVM's class path. Python-level tests that start child interpreters (test_threading_exit.py: how a
 * process ends with threads around) then run them for real instead of being skipped for want of an executable.
 * Why not bin/graalpy-mp itself: it runs the packaged jars, which in the test phase of a build are missing (fresh
 * clone) or stale (the previous build's), and it would rebuild the project from inside the build.
 */
final class TestLauncher {

    private static final Path SCRIPT = Path.of("target", "test-launcher", "graalpy-mp").toAbsolutePath();
    private static boolean written;

    private TestLauncher() {
    }

    /** The script's path, written on first use. */
    static synchronized String path() {
        if (!written) {
            write();
            written = true;
        }
        return SCRIPT.toString();
    }

    private static void write() {
        // The JVM options bin/lib/java-command.sh gives the launcher without the JIT (the Graal compiler needs the
        // upgrade module path, which a test JVM's class path cannot give), and the test JVM's assertion flags.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xss16m", "-XX:+UseParallelGC", "-da:com.oracle...", "-da:org.graalvm...",
                "-Dgraalpy.mp.launcher=" + SCRIPT, "-Xlog:disable", "-Xlog:all=off",
                "-cp", System.getProperty("java.class.path"), "dev.graalpymp.host.cli.Launcher"));
        String script = "#!/bin/sh\n# Written by the host's tests (TestLauncher): the launcher on the test class path.\n"
                + "exec " + command.stream().map(TestLauncher::quote).collect(Collectors.joining(" ")) + " \"$@\"\n";
        try {
            Files.createDirectories(SCRIPT.getParent());
            Files.writeString(SCRIPT, script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(SCRIPT, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test launcher " + SCRIPT, e);
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
