"""The close-on-exec and O_NONBLOCK flags of GraalPy's own fds (files, sockets), kept here.

Why: GraalPy's java POSIX backend keeps neither: os.set_inheritable is a no-op and os.get_inheritable always
False (even for a closed fd), and os.set_blocking of a file raises EPERM (Java's file channels cannot be put in
non-blocking mode). On Linux the flags of a file are state the program reads back (O_NONBLOCK changes nothing
for a regular file; GraalPy's OS children get no fds, so close-on-exec changes nothing either), so keeping them
per open fd is exact. Each entry remembers the file's (st_dev, st_ino): GraalPy's FileIO closes fds without
os.close, and an fd number given out again for another file must not inherit the flags.
"""

import errno
import os

_inheritable = {}  # fd -> (st_dev, st_ino) of the file it had when made inheritable
_nonblocking = {}  # fd -> (st_dev, st_ino), for files GraalPy cannot make non-blocking itself


def _identity(fstat, fd):
    result = fstat(fd)  # EBADF for an fd that is not open, as Linux
    return result.st_dev, result.st_ino


def forget(fd):
    """fd was closed, or is a new fd (non-inheritable and blocking, as CPython makes them)."""
    _inheritable.pop(fd, None)
    _nonblocking.pop(fd, None)


def get_inheritable(fstat, fd):
    return _inheritable.get(fd) == _identity(fstat, fd)


def set_inheritable(fstat, fd, inheritable):
    identity = _identity(fstat, fd)
    if inheritable:
        _inheritable[fd] = identity
    else:
        _inheritable.pop(fd, None)


def get_blocking(fstat, graalpy_get_blocking, fd):
    if _nonblocking.get(fd) == _identity(fstat, fd):  # EBADF first (GraalPy says EBADFD)
        return False
    return graalpy_get_blocking(fd)


def set_blocking(fstat, graalpy_set_blocking, fd, blocking):
    identity = _identity(fstat, fd)  # EBADF first (GraalPy says EBADFD)
    try:
        graalpy_set_blocking(fd, blocking)
        _nonblocking.pop(fd, None)
    except OSError as exc:
        if exc.errno != errno.EPERM:
            raise
        if blocking:
            _nonblocking.pop(fd, None)
        else:
            _nonblocking[fd] = identity
