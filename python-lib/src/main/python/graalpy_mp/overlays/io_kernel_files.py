"""Overlay of `open` (builtins, io, _io; os.fdopen calls io.open) and `io.FileIO` for kernel fds.

Why: GraalPy's FileIO is Java code that reads and writes the fd in GraalPy's own table, where a kernel fd is
only a placeholder on /dev/null (see os_fds): `os.fdopen(r).read()` of a pipe returned b'' and writing raised
EBADF. A kernel fd gets a KernelFileIO instead: a subclass of GraalPy's FileIO (so isinstance holds, and
GraalPy's buffered classes, which take their Java fast path only for the exact FileIO class, call its Python
methods) that reads and writes through os_fds, inside the same buffered and text layers that open() builds.
GraalPy's own open() still checks the arguments (on the placeholder, which it leaves open): the errors are
CPython's, and the layers it chose tell which to build around the kernel fd.
"""

import _io
import builtins
import errno
import io

from graalpy_mp import gateway
from graalpy_mp.overlays import os_fds, patch

_graalpy_open = _io.open
_GraalPyFileIO = _io.FileIO
_READ_CHUNK = 1 << 16
_PIPE_BUFFER_SIZE = 4096  # open()'s buffer for a pipe: its st_blksize on Linux


class KernelFileIO(_GraalPyFileIO):
    """io.FileIO over a kernel pipe or socketpair end, as CPython's FileIO over a real one."""

    def __init__(self, fd, mode='r', closefd=True):
        # GraalPy's FileIO checks the mode and keeps mode, name and the closed state; it sits on the
        # placeholder at the same number and never closes it (this class closes the kernel fd).
        super().__init__(fd, mode, closefd=False)
        self._closefd = bool(closefd)

    @property
    def closefd(self):
        return self._closefd

    def _check(self, readable=False, writable=False):
        if self.closed:
            raise ValueError('I/O operation on closed file')
        if readable and not self.readable():
            raise io.UnsupportedOperation('File not open for reading')
        if writable and not self.writable():
            raise io.UnsupportedOperation('File not open for writing')

    def read(self, size=-1):
        self._check(readable=True)
        if size is None or size < 0:
            return self.readall()
        try:
            return os_fds.read(self.fileno(), size)
        except BlockingIOError:
            return None

    def readall(self):
        self._check(readable=True)
        chunks = []
        while True:
            try:
                chunk = os_fds.read(self.fileno(), _READ_CHUNK)
            except BlockingIOError:
                if not chunks:
                    return None
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b''.join(chunks)

    def readinto(self, buffer):
        self._check(readable=True)
        view = memoryview(buffer).cast('B')
        data = self.read(len(view))
        if data is None:
            return None
        view[:len(data)] = data
        return len(data)

    def write(self, data):
        self._check(writable=True)
        try:
            return os_fds.write(self.fileno(), data)
        except BlockingIOError:
            return None

    def seek(self, pos, whence=0):
        self._check()
        raise gateway.error(errno.ESPIPE)

    def tell(self):
        self._check()
        raise gateway.error(errno.ESPIPE)

    def truncate(self, size=None):
        self._check(writable=True)
        raise gateway.error(errno.ESPIPE if size is None else errno.EINVAL)  # tell() first, as CPython

    def seekable(self):
        self._check()
        return False

    def isatty(self):
        self._check()
        return False

    def close(self):
        if self.closed:
            return
        try:
            if self._closefd:
                os_fds.close(self.fileno())
        finally:
            super().close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self):
        if self.closed:
            return '<_io.FileIO [closed]>'
        return f'<_io.FileIO name={self.name!r} mode={self.mode!r} closefd={self._closefd!r}>'


KernelFileIO.__name__ = KernelFileIO.__qualname__ = 'FileIO'
KernelFileIO.__module__ = '_io'


class _FileIOType(type(_GraalPyFileIO)):
    """io.FileIO's type: every FileIO GraalPy makes (open(path, 'rb', buffering=0)...) is an instance."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, _GraalPyFileIO) if cls is FileIO else super().__instancecheck__(obj)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, _GraalPyFileIO) if cls is FileIO else super().__subclasscheck__(sub)


class FileIO(_GraalPyFileIO, metaclass=_FileIOType):
    """io.FileIO: GraalPy's, or a KernelFileIO for a kernel fd."""

    def __new__(cls, file, mode='r', closefd=True, opener=None):
        if gateway.is_kernel_fd(file):
            if cls is not FileIO:
                raise os_fds.unsupported(f'{cls.__name__}, a subclass of io.FileIO,')
            return KernelFileIO(file, mode, closefd)
        return super().__new__(cls, file, mode, closefd, opener)


FileIO.__qualname__ = 'FileIO'
FileIO.__module__ = '_io'
FileIO.__doc__ = _GraalPyFileIO.__doc__


def open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    if not gateway.is_kernel_fd(file):
        return _graalpy_open(file, mode, buffering, encoding, errors, newline, closefd, opener)
    template = _graalpy_open(file, mode, buffering, encoding, errors, newline, False)
    try:
        text = isinstance(template, io.TextIOWrapper)
        buffered = template.buffer if text else template
        raw = getattr(buffered, 'raw', buffered)
        layers = (type(buffered) if buffered is not raw else None, text)
        raw_mode = raw.mode
        if text:
            encoding, errors, line_buffering = template.encoding, template.errors, template.line_buffering
    finally:
        template.close()  # closefd=False: the placeholder stays
    result = KernelFileIO(file, raw_mode, closefd)
    try:
        buffer_class, text = layers
        if buffer_class is not None:
            result = buffer_class(result, buffering if buffering > 1 else _PIPE_BUFFER_SIZE)
        if text:
            result = io.TextIOWrapper(result, encoding, errors, newline, line_buffering)
            result.mode = mode
        return result
    except BaseException:
        result.close()  # as CPython's open: a failed layer (BufferedRandom over a pipe) closes the fd
        raise


open.__doc__ = _graalpy_open.__doc__
open.__module__ = '_io'


_BUILTIN_OPEN = gateway.builtin(open, 'io', 'open')


@patch('_io', 'open', 'FileIO')
@patch('io', 'open', 'FileIO')
def _patch_io(module, services):
    module.open = _BUILTIN_OPEN
    module.FileIO = FileIO


@patch('builtins', 'open')
def _patch_builtins(builtins, services):
    builtins.open = _BUILTIN_OPEN
