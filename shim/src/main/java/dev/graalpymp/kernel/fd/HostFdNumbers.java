package dev.graalpymp.kernel.fd;

/**
 * Tells the kernel which fd numbers of one process are in use by the host, i.e. by GraalPy's own per-context
 * fd table (standard streams, files GraalPy opened). The kernel consults it only when it picks a number
 * (lowest free, as POSIX requires) so that a kernel fd never shadows a GraalPy one; an explicit
 * {@code dup2} target is the caller's choice and is not checked.
 *
 * <p>The other direction is the host's job: it keeps a placeholder in GraalPy's table at every number the
 * kernel hands out (see {@link FdTable#openFds()}), so GraalPy never opens a file at a kernel fd number.
 */
@FunctionalInterface
public interface HostFdNumbers {

    /** The default before the host registers its own view: GraalPy holds the standard streams 0, 1 and 2. */
    HostFdNumbers STANDARD_STREAMS = fd -> fd <= 2;

    /** Whether {@code fd} is taken by the host. Called while the fd table is locked: must not call the kernel. */
    boolean isTaken(int fd);
}
