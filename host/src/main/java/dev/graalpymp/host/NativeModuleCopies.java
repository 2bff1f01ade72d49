package dev.graalpymp.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lets every process of a runtime load GraalPy's native modules (pyexpat for XML, _sqlite3, termios, _sha3...).
 *
 * <p>GraalPy loads a native module into the JVM once, bound to the first context that asks: every later
 * context of the JVM gets a SystemError. A runtime's processes are contexts of one JVM, so without help only
 * the first process that parses XML may ever do so, and a runtime server's later runs never. GraalPy's answer
 * is its {@code python.IsolateNativeModules} option: each context loads its own copies of the C API library and
 * of the modules, renamed with the {@code patchelf} tool. This class decides whether that is possible (the tool
 * is on the PATH), and owns the directory where GraalPy makes the copies: the runtime's own, so that the
 * copies of a fork child that re-executes its parent's program are made for real (see {@link ReplayFileSystem})
 * and are all deleted when the runtime closes or the JVM exits, or by the next runtime when this JVM died.
 */
final class NativeModuleCopies implements AutoCloseable {
    private static final String PREFIX = "graalpy-mp-native-";
    /**
     * GraalPy numbers the copies of a JVM and never reuses a number: its default of 64 would end native modules
     * for a long-lived runtime server after its 64th process that used one.
     */
    private static final String MAX_COPIES_PROPERTY = "python.MaximumNumberOfCextCopies";

    private final Path directory;
    /** Deletes the copies when the JVM exits without closing the runtime (a launcher's System.exit). */
    private final Thread atExit;

    private NativeModuleCopies(Path directory) {
        this.directory = directory;
        this.atExit = new Thread(() -> deleteTree(directory), "graalpy-mp native module copies");
        Runtime.getRuntime().addShutdownHook(atExit);
    }

    /** Whether GraalPy can copy native modules here: its {@code patchelf} tool is on the JVM's PATH. */
    static boolean possible() {
        return findOnPath("patchelf").isPresent();
    }

    /** A new directory for the copies of one runtime, after removing those of dead JVMs. */
    static NativeModuleCopies create() {
        if (System.getProperty(MAX_COPIES_PROPERTY) == null) {
            System.setProperty(MAX_COPIES_PROPERTY, Integer.toString(Integer.MAX_VALUE));
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeLeftovers(tmp);
        try {
            return new NativeModuleCopies(Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for native module copies in " + tmp, e);
        }
    }

    /** The runtime's directory. */
    Path directory() {
        return directory;
    }

    /**
     * A new directory for the copies of one context (its temporary directory), deleted when the context closes:
     * GraalPy deletes its copies only at a context's normal exit, not when it is closed by cancelling.
     */
    Path newContextDirectory() {
        try {
            return Files.createTempDirectory(directory, "context-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for native module copies in " + directory, e);
        }
    }

    @Override
    public void close() {
        deleteTree(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private static void removeLeftovers(Path tmp) {
        try (Stream<Path> entries = Files.list(tmp)) {
            entries.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> ownerPid(p).flatMap(ProcessHandle::of).isEmpty())
                    .forEach(NativeModuleCopies::deleteTree);
        } catch (IOException | SecurityException e) {
            // Only a tidy-up: another user's temporary directory, or one we may not list.
        }
    }

    private static Optional<Long> ownerPid(Path dir) {
        String rest = dir.getFileName().toString().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return Optional.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Gone already, or not ours to delete.
        }
    }

    private static Optional<Path> findOnPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
