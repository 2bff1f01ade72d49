"""`_posixshmem.shm_open`/`shm_unlink` as glibc does them on Linux: a POSIX shared memory object is the file
/dev/shm/<name>. GraalPy has no shm_open and its shm_unlink does nothing; installed into `_posixshmem` when
multiprocessing.shared_memory is imported.

A segment's memory is the OS's: shared for real between the processes of this JVM, and with any other OS
process (CPython's included) that opens the same name. `SharedMemory.buf` is a memoryview of a ctypes array
viewing the host's mapping of the file (dev.graalpymp.kernel.shm.MappedFile) in place: GraalPy's own `mmap`
reads and writes its file through a channel at each access (measured 69 µs per element read and write, 1.8 s
per `struct.unpack_from` of 64 KiB). SharedMemory's own code still makes GraalPy's mmap. Closing the block
closes that mmap; the mapping goes when the JVM collects the last view of it (a slice of `buf` may outlive the
close, which CPython refuses with BufferError, but no view can be counted here: unmapping under one would crash
the JVM). Where ctypes cannot be imported (a context without native access) or the segment is 2 GiB or more (a
mapped buffer's limit), GraalPy's mmap stays the buffer: slower, the same bytes.
"""

import errno
import os

_directory = None  # the host's shared memory directory (/dev/shm), as bytes ending in a slash: see install
# glibc builds "/dev/shm/" + name in a buffer of sizeof("/dev/shm/") + sizeof("sem.") - 1 + NAME_MAX bytes.
_LONGEST_NAME = 259


def _file_of(path, function):
    """glibc's __shm_get_name: the name is a C string (it ends at a NUL), leading slashes dropped; an empty
    name, an inner slash or one too long for glibc's buffer is EINVAL (ENOENT for shm_unlink)."""
    if not isinstance(path, str):
        raise TypeError(f"{function}() argument 'path' must be str, not {type(path).__name__}")
    name = os.fsencode(path.split('\0', 1)[0].lstrip('/'))
    if not name or b'/' in name or len(name) > _LONGEST_NAME:
        code = errno.ENOENT if function == 'shm_unlink' else errno.EINVAL
        raise OSError(code, os.strerror(code), path)
    return _directory + name


def _named(path, call):
    """`call()` with its OSError naming `path` (the name given), not the file in /dev/shm, as CPython's."""
    try:
        return call()
    except OSError as exc:
        raise OSError(exc.errno, os.strerror(exc.errno), path) from None


def shm_open(path, flags, mode=0o777):
    """Open a shared memory object.  Returns a file descriptor (integer)."""
    file = _file_of(path, 'shm_open')
    return _named(path, lambda: os.open(file, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode))


def shm_unlink(path):
    """Remove a shared memory object (similar to unlink())."""
    file = _file_of(path, 'shm_unlink')
    _named(path, lambda: os.unlink(file))


_LARGEST_DIRECT = 2 ** 31 - 1


def map_directly(shared_memory_class, services):
    """SharedMemory's buffer becomes a view of a direct mapping of its file (see above)."""
    made_by_graalpy = shared_memory_class.__init__

    def __init__(self, *args, **kwargs):
        made_by_graalpy(self, *args, **kwargs)
        if 0 < self._size <= _LARGEST_DIRECT:
            try:
                import ctypes
            except ImportError:
                return
            mapping = services.mapSharedFile(os.fsdecode(_file_of(self._name, 'shm_open')), self._size)
            view = (ctypes.c_ubyte * self._size).from_address(int(mapping.address()))
            view._graalpy_mp_mapping = mapping  # every view derives from this array: the mapping lives as long
            self._buf.release()
            self._buf = memoryview(view).cast('B')

    __init__.__doc__ = made_by_graalpy.__doc__
    __init__.__wrapped__ = made_by_graalpy
    shared_memory_class.__init__ = __init__


def install(module, directory):
    """Into `_posixshmem`, with shared memory objects as files of `directory`."""
    global _directory
    _directory = os.path.join(os.fsencode(directory), b'')
    module.shm_open = shm_open
    module.shm_unlink = shm_unlink
