"""Overlay of `os.ftruncate`/`os.truncate`: GraalPy's java POSIX backend can only shrink a file (Java's
FileChannel.truncate), so growing one was a silent no-op; CPython extends the file with zero bytes.
multiprocessing.shared_memory sizes every new segment this way.

Growing writes the zeros at the end and puts the file position back; shrinking stays GraalPy's. ftruncate of
a kernel pipe is EINVAL, as on Linux.
"""

import errno
import operator
import os

from graalpy_mp import gateway
from graalpy_mp.overlays import patch

_graalpy_ftruncate = os.ftruncate
_graalpy_truncate = os.truncate
_CHUNK = 1 << 20


@patch('os', 'ftruncate', 'truncate')
def _patch(os, services):
    os.ftruncate = ftruncate
    os.truncate = truncate


def ftruncate(fd, length):
    fd, length = operator.index(fd), operator.index(length)  # CPython's argument errors
    if gateway.is_kernel_fd(fd):
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    size = os.fstat(fd).st_size
    if length <= size:
        return _graalpy_ftruncate(fd, length)
    position = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        os.lseek(fd, size, os.SEEK_SET)
        remaining = length - size
        while remaining:
            remaining -= os.write(fd, bytes(min(remaining, _CHUNK)))
    except OSError as exc:
        if exc.errno == errno.EBADF:  # open for reading only: Linux says EINVAL
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL)) from None
        raise
    finally:
        os.lseek(fd, position, os.SEEK_SET)


def truncate(path, length):
    if isinstance(path, int):
        return ftruncate(path, length)
    length = operator.index(length)
    if length < 0 or length <= os.stat(path).st_size:
        return _graalpy_truncate(path, length)
    fd = os.open(path, os.O_WRONLY)
    try:
        ftruncate(fd, length)
    finally:
        os.close(fd)


ftruncate.__doc__ = _graalpy_ftruncate.__doc__
truncate.__doc__ = _graalpy_truncate.__doc__
