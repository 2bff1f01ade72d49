package dev.graalpymp.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the plugin's Python side (the python-lib module) as a directory GraalPy can import from.
 *
 * <p>python-lib is packaged as class-path resources under {@code graalpy_mp_lib/}. GraalPy imports only from
 * real directories, so the tree is unpacked once into {@code ~/.cache/graalpy-mp/python-lib/<content hash>/}
 * and reused by every later run with the same content. {@code GRAALPY_MP_PYTHON_LIB} names a directory to use
 * instead (a source tree during development).
 */
final class PythonLibrary {

    static final String RESOURCE_ROOT = "graalpy_mp_lib";
    private static final String MARKER = RESOURCE_ROOT + "/graalpy_mp/__init__.py";

    private PythonLibrary() {
    }

    /** The directory to put on the Python path. */
    static Path directory() {
        String override = System.getenv("GRAALPY_MP_PYTHON_LIB");
        if (override != null && !override.isEmpty()) {
            return Path.of(override).toAbsolutePath();
        }
        URL marker = PythonLibrary.class.getClassLoader().getResource(MARKER);
        if (marker == null) {
            throw new IllegalStateException("graalpy-mp's Python library (resource " + MARKER
                    + ") is not on the class path: add the graalpy-mp-python-lib jar");
        }
        try {
            URI uri = marker.toURI();
            if (uri.getScheme().equals("file")) {
                return Path.of(uri).getParent().getParent(); // already a directory (running from target/classes)
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return unpack(jar.getPath("/" + RESOURCE_ROOT));
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot unpack graalpy-mp's Python library from " + marker, e);
        }
    }

    private static Path unpack(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Path target = cacheRoot().resolve(contentHash(root, files));
        if (Files.isDirectory(target)) {
            return target;
        }
        // Unpack into a private directory, then rename: concurrent launchers never see a half-written tree.
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "unpack-");
        for (Path file : files) {
            Path dest = staging.resolve(root.relativize(file).toString());
            Files.createDirectories(dest.getParent());
            Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raceLost) {
            if (!Files.isDirectory(target)) {
                throw raceLost;
            }
            deleteTree(staging);
        }
        return target;
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("graalpy-mp").resolve("python-lib");
    }

    private static String contentHash(Path root, List<Path> files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(root.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
