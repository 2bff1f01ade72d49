package dev.graalpymp.host;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.io.FileSystem;

/**
 * File calls that GraalPy 25.0.3's Java POSIX backend gets wrong, made here on a process's own file system (its
 * working directory; a fork child re-executing its parent's program changes no file): a hard link (GraalPy's
 * {@code os.link} makes the link the wrong way round, at the existing file's path), the target of a symbolic
 * link (GraalPy's {@code os.readlink} follows the whole chain), file times to the nanosecond (GraalPy's
 * {@code os.utime} keeps whole seconds) and a file's owner (GraalPy's backend has no {@code chown}). Failures are
 * the kernel's errno errors, as Linux reports them.
 */
final class FileCalls {

    private FileCalls() {
    }

    /** {@code link(2)}: a new name {@code link} for the file {@code existing}. */
    static void link(FileSystem files, String existing, String link) {
        call(() -> {
            files.createLink(path(files, link), path(files, existing));
            return null;
        });
    }

    /** {@code readlink(2)}: the target of symbolic link {@code path}, as it was written. */
    static String readlink(FileSystem files, String path) {
        return call(() -> files.readSymbolicLink(path(files, path)).toString());
    }

    /** {@code utimensat(2)}: access and modification times in nanoseconds since the epoch. */
    static void setTimes(FileSystem files, String path, long accessNanos, long modifiedNanos, boolean followSymlinks) {
        call(() -> {
            Path file = path(files, path);
            LinkOption[] options = linkOptions(followSymlinks);
            files.setAttribute(file, "basic:lastModifiedTime", FileTime.from(modifiedNanos, TimeUnit.NANOSECONDS),
                    options);
            files.setAttribute(file, "basic:lastAccessTime", FileTime.from(accessNanos, TimeUnit.NANOSECONDS),
                    options);
            return null;
        });
    }

    /** {@code chown(2)}/{@code lchown(2)}: -1 leaves the uid or gid as it is. */
    static void chown(FileSystem files, String path, int uid, int gid, boolean followSymlinks) {
        call(() -> {
            Path file = path(files, path);
            LinkOption[] options = linkOptions(followSymlinks);
            if (uid != -1) {
                files.setAttribute(file, "unix:uid", uid, options);
            }
            if (gid != -1) {
                files.setAttribute(file, "unix:gid", gid, options);
            }
            if (uid == -1 && gid == -1) {
                files.readAttributes(file, "unix:uid", options); // ENOENT and the like, as chown(2) checks the path
            }
            return null;
        });
    }

    /** A file system call of the JDK, with its IOException as the kernel's errno error. */
    private interface FileCall<T> {
        T run() throws IOException;
    }

    private static <T> T call(FileCall<T> fileCall) {
        try {
            return fileCall.run();
        } catch (IOException e) {
            throw error(e);
        }
    }

    private static LinkOption[] linkOptions(boolean followSymlinks) {
        return followSymlinks ? new LinkOption[0] : new LinkOption[]{LinkOption.NOFOLLOW_LINKS};
    }

    private static Path path(FileSystem files, String path) {
        try {
            return files.parsePath(path);
        } catch (IllegalArgumentException e) { // InvalidPathException among them
            throw new KernelException(Errno.EINVAL); // no Java path for it (undecodable bytes): GraalPy's answer too
        }
    }

    private static KernelException error(IOException e) {
        if (e instanceof NoSuchFileException) {
            return new KernelException(Errno.ENOENT);
        }
        if (e instanceof FileAlreadyExistsException) {
            return new KernelException(Errno.EEXIST);
        }
        if (e instanceof AccessDeniedException) {
            return new KernelException(Errno.EACCES);
        }
        if (e instanceof NotLinkException) {
            return new KernelException(Errno.EINVAL);
        }
        int errno = e instanceof FileSystemException f ? Errno.of(f.getReason()) : -1;
        return errno > 0 ? new KernelException(errno) : new KernelException(Errno.EIO, Errno.strerror(Errno.EIO) + ": " + e);
    }
}
