package dev.graalpymp.host.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A socket directory of a test class's own (mode 0700) for the runtime servers its launcher runs start, so that
 * no test meets a server of another run and none is left running: {@link #stopAll} ends them.
 */
public final class PrivateServers {
    private final Path directory;
    private final Path client;

    private PrivateServers(Path directory, Path client) {
        this.directory = directory;
        this.client = client;
    }

    /** A new directory for the servers of {@code launcher} (bin/graalpy-mp, whose client is in host/target). */
    public static PrivateServers create(Path launcher) throws IOException {
        Path directory = Files.createTempDirectory("graalpy-mp-server-it",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new PrivateServers(directory, launcher.getParent().getParent().resolve("host/target/graalpy-mp-client"));
    }

    /** The value of GRAALPY_MP_SERVER_DIR for the launcher runs. */
    public Path directory() {
        return directory;
    }

    /** The launcher's small client. */
    public Path client() {
        return client;
    }

    /** Stops every server listening in the directory, then deletes the directory. */
    public void stopAll() throws IOException, InterruptedException {
        for (Path socket : sockets(directory)) {
            new ProcessBuilder(client.toString(), socket.toString(), "/bin/false", "--server", "stop")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        deleteTree(directory);
    }

    /**
     * Deletes {@code root} and what it holds (a test's own temporary directory), if it is there. A server that is
     * stopping removes its socket meanwhile: a walk that meets a file gone is made again.
     */
    public static void deleteTree(Path root) throws IOException, InterruptedException {
        for (int attempt = 0; Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (UncheckedIOException | DirectoryNotEmptyException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** The server sockets in {@code directory}. */
    public static List<Path> sockets(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".sock")).toList();
        }
    }
}
