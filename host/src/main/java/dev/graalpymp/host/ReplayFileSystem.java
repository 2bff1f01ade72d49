package dev.graalpymp.host;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The file system of one process's context: the real one, except while the process re-executes its parent's
 * program up to an {@code os.fork()} (see {@code graalpy_mp.replay}). The parent has made that
 * program's changes to files already, so a replay does not make them again: files opened to write take the
 * writes without storing them ({@link ReplayChannel}), and creating, deleting, renaming or changing files and
 * directories does nothing. Reads see the files as they are, that is as the parent left them at the fork.
 * Once the process goes live everything is real again, and the files it holds open continue on the real files,
 * as the fds a real fork inherits would. The runtime's own scratch directory (where GraalPy copies native
 * modules, see {@link NativeModuleCopies}) is the contexts' temporary directory, and changes in it are always real.
 */
final class ReplayFileSystem implements FileSystem {
    private static final Set<OpenOption> CHANGING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    private final FileSystem real;
    private final Path scratch; // or null
    private volatile boolean replaying;
    /**
     * This context's working directory: its own, not the delegate's, which every context of the runtime
     * shares (the default file system has one working directory for all its users).
     */
    private volatile Path cwd;
    private final List<ReplayChannel> opened = new ArrayList<>(); // during the replay; guarded by this
    private final List<Path> deletedWithContext = new ArrayList<>();

    ReplayFileSystem(FileSystem real, Path scratch) {
        this.real = real;
        this.scratch = scratch;
    }

    /** {@code path} (absolute) is deleted when the context closes (see {@link #removeOwnFiles}). */
    void deleteWithContext(String path) {
        synchronized (deletedWithContext) {
            deletedWithContext.add(Path.of(path));
        }
    }

    /**
     * The context is closed: deletes what it asked to ({@code os.open}'s O_TMPFILE files), and the scratch
     * directory with GraalPy's copies of native modules in it.
     */
    void removeOwnFiles() {
        synchronized (deletedWithContext) {
            for (Path path : deletedWithContext) {
                try {
                    real.delete(path);
                } catch (IOException e) {
                    // deleted by the program already, or its directory with it
                }
            }
            deletedWithContext.clear();
        }
        if (scratch != null) {
            NativeModuleCopies.deleteTree(scratch);
        }
    }

    /** Whether a change to {@code path} is made: always, but in a replay only in the runtime's scratch directory. */
    private boolean changes(Path path) {
        return !replaying || scratch != null && abs(path).normalize().startsWith(scratch);
    }

    /** {@code path} resolved against this context's working directory (the JVM's until one is set). */
    private Path abs(Path path) {
        if (path.isAbsolute()) {
            return path;
        }
        Path dir = cwd;
        return dir != null ? dir.resolve(path) : real.toAbsolutePath(path);
    }

    /** The process starts re-executing its parent's program: changes to files are not made again. */
    void startReplay() {
        replaying = true;
    }

    /** The process has reached its fork: from now on its file operations are real. */
    synchronized void goLive() {
        replaying = false;
        for (ReplayChannel channel : opened) {
            channel.goLive();
        }
        opened.clear();
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                              FileAttribute<?>... attrs) throws IOException {
        if (!changes(path) && options.stream().anyMatch(CHANGING::contains)) {
            synchronized (this) {
                if (replaying) {
                    ReplayChannel channel = new ReplayChannel(real, abs(path), options);
                    opened.add(channel);
                    return channel;
                }
            }
        }
        return PseudoFileChannel.wrapIfSizeless(abs(path), real.newByteChannel(abs(path), options, attrs));
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        if (changes(dir)) {
            real.createDirectory(abs(dir), attrs);
        }
    }

    @Override
    public void delete(Path path) throws IOException {
        if (changes(path)) {
            real.delete(abs(path));
        }
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        if (changes(path)) {
            real.setAttribute(abs(path), attribute, value, options);
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        if (changes(target)) {
            real.copy(abs(source), abs(target), options);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        if (changes(target)) {
            real.move(abs(source), abs(target), options);
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        if (changes(link)) {
            real.createLink(abs(link), abs(existing));
        }
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        if (changes(link)) {
            real.createSymbolicLink(abs(link), target, attrs);
        }
    }

    // Everything that only reads is the real file system's.

    @Override
    public Path parsePath(URI uri) {
        return real.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return real.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        real.checkAccess(abs(path), modes, options);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return real.newDirectoryStream(abs(dir), filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return abs(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... options) throws IOException {
        return real.toRealPath(abs(path), options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return real.readAttributes(abs(path), attributes, options);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return real.readSymbolicLink(abs(link));
    }

    @Override
    public void setCurrentWorkingDirectory(Path dir) {
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException("not an absolute path: " + dir);
        }
        cwd = dir;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public String getPathSeparator() {
        return real.getPathSeparator();
    }

    @Override
    public String getMimeType(Path path) {
        return real.getMimeType(abs(path));
    }

    @Override
    public Charset getEncoding(Path path) {
        return real.getEncoding(abs(path));
    }

    @Override
    public Path getTempDirectory() {
        return scratch != null ? scratch : real.getTempDirectory();
    }

    @Override
    public boolean isSameFile(Path path1, Path path2, LinkOption... options) throws IOException {
        return real.isSameFile(abs(path1), abs(path2), options);
    }

    @Override
    public long getFileStoreTotalSpace(Path path) throws IOException {
        return real.getFileStoreTotalSpace(abs(path));
    }

    @Override
    public long getFileStoreUnallocatedSpace(Path path) throws IOException {
        return real.getFileStoreUnallocatedSpace(abs(path));
    }

    @Override
    public long getFileStoreUsableSpace(Path path) throws IOException {
        return real.getFileStoreUsableSpace(abs(path));
    }

    @Override
    public long getFileStoreBlockSize(Path path) throws IOException {
        return real.getFileStoreBlockSize(abs(path));
    }

    @Override
    public boolean isFileStoreReadOnly(Path path) throws IOException {
        return real.isFileStoreReadOnly(abs(path));
    }
}
