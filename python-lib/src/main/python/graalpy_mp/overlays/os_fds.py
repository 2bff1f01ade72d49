"""Overlay of GraalPy's `os` (a frozen module: patched attribute by attribute): file descriptors on the kernel.

Every `os` function that takes an fd acts on a kernel fd (a pipe or socketpair end) as Linux does on a real
one, or raises an error that says what graalpy-mp does not support; fds the kernel does not own go to
GraalPy's own functions. GraalPy's fd table keeps a placeholder (an fd on /dev/null) at every number the
kernel hands out, so the two tables never give out the same number and the first os.pipe() of a program is
(3, 4), as in CPython. The placeholder must never be acted on: `PATCHES` lists every fd-taking function of
`os` (tests check the list against the module), and io_kernel_files does the same for open/FileIO.
"""

import errno
import gc
import operator
import os
import stat
import time

import polyglot

from graalpy_mp import gateway, graalpy_fd_flags
from graalpy_mp import replay
from graalpy_mp.overlays import patch

# GraalPy 25.0's fd-taking os functions, all replaced below; then CPython's that it lacks, replaced too where a
# GraalPy has them.
GRAALPY_FUNCTIONS = (
    'pipe', 'read', 'write', 'close', 'dup', 'dup2', 'fstat', 'stat', 'lseek', 'isatty', 'get_blocking',
    'set_blocking', 'get_inheritable', 'set_inheritable', 'open', 'fsync', 'get_terminal_size', 'fchmod', 'fchown',
    'fstatvfs', 'statvfs', 'fchdir', 'chdir', 'chmod', 'chown', 'utime', 'listdir', 'scandir')
_graalpy = {name: getattr(os, name) for name in GRAALPY_FUNCTIONS + (
    'closerange', 'fdatasync', 'pread', 'pwrite', 'readv', 'writev', 'sendfile', 'ttyname', 'fpathconf',
    'pathconf', 'lockf', 'posix_fallocate', 'posix_fadvise', 'device_encoding', 'tcgetpgrp', 'tcsetpgrp',
    'copy_file_range', 'splice', 'pipe2') if hasattr(os, name)}

_O_DIRECTORY = getattr(os, 'O_DIRECTORY', 0)
_O_TMPFILE = getattr(os, 'O_TMPFILE', 0)  # O_DIRECTORY's bit and one of its own
_PIPE_BUF = 4096  # fpathconf(PC_PIPE_BUF) of a Linux pipe
_COLLECTIONS_AT_FD_LIMIT = 2


_orig = {name: gateway.with_glibc_messages(fn) for name, fn in _graalpy.items()}


@patch('os', *GRAALPY_FUNCTIONS)
def _patch(os, services):
    for name, fn in _BUILTINS.items():
        setattr(os, name, fn)


def graalpy_function(name):
    """GraalPy's own os function `name` (for calls that must reach a real OS fd, e.g. subprocess's pipes)."""
    return _graalpy[name]


def replaced(value):
    """What `os` holds now in place of `value` if that is GraalPy's own fd function (kept by a module imported
    before the overlays were installed: a warm context's preloads), else `value`."""
    name = getattr(value, '__name__', None)
    if name in _graalpy and _graalpy[name] is value:
        return getattr(os, name)
    return value


def _fd(fd):
    """An fd argument as CPython takes it (an int or an object with __index__)."""
    return operator.index(fd)


def unsupported(what):
    """The error for an operation graalpy-mp's kernel fds do not have (never a silent no-op on the placeholder)."""
    return OSError(errno.EOPNOTSUPP, f'graalpy-mp: {what} is not supported on a kernel pipe or socketpair '
                                      f'(an fd made by os.pipe() or multiprocessing in this runtime)')


# ---- placeholders ----

# Every placeholder of a process is a dup of one GraalPy fd on /dev/null kept at this number, far above what a
# program uses or closes in a range: GraalPy's table shares a dup's channel (counted), so a process costs the JVM one
# OS fd however many kernel fds it holds. With an OS fd each, 100 multiprocessing children holding their parent's
# ~200 fds took the JVM to its limit of 20,000 (EMFILE in CPython's test_many_processes).
_ANCHOR = 1 << 30


def placeholder():
    """A GraalPy fd (the lowest free number, as a new fd's) that holds a number for a kernel fd; EMFILE when that
    number is at the process's RLIMIT_NOFILE, as Linux's (or when the JVM has no OS fd left for the anchor).
    At either limit, garbage collections first: fds that CPython's reference counting would have closed already
    (a dropped multiprocessing Connection closes in its __del__) wait for GraalPy's collector, whose finalizers run
    a little later (one collection was not always enough: 2 of 9 runs of 1000 thread pools under `ulimit -n 300`
    failed). The error then names no file, as CPython's os.pipe()."""
    for collections in range(_COLLECTIONS_AT_FD_LIMIT + 1):
        try:
            return _numbered_placeholder()
        except OSError as exc:
            if exc.errno not in (errno.EMFILE, errno.ENFILE):
                raise
            if collections == _COLLECTIONS_AT_FD_LIMIT:
                raise OSError(exc.errno, exc.strerror) from None
        gc.collect()


def _numbered_placeholder():
    try:
        _orig['fstat'](_ANCHOR)  # GraalPy's dup of a closed fd "succeeds" and reserves nothing
    except OSError as exc:
        if exc.errno != errno.EBADF:
            raise
        _open_anchor()  # the first one, or the program closed it (os.closerange(0, 2**31))
    fd = _orig['dup'](_ANCHOR)
    if fd >= _real_fd_limit():
        _orig['close'](fd)
        raise gateway.error(errno.EMFILE)
    return fd


def _open_anchor():
    """/dev/null at _ANCHOR: a real fd of the JVM, so the OS's limit applies to it."""
    fd = _orig['open'](os.devnull, os.O_RDONLY | os.O_CLOEXEC)
    _orig['dup2'](fd, _ANCHOR, False)
    _orig['close'](fd)


def close_placeholder(fd):
    """Closes a placeholder that no kernel fd took."""
    _orig['close'](fd)


def adopt_inherited_fds():
    """A multiprocessing child (fork by state transfer, spawn) holds its parent's kernel fds from the start: give
    each its GraalPy placeholder at the same number. Recorded: an os.fork() child of it, which replays its life
    from there, holds more (those made up to the fork) and must adopt these only, then replay the rest."""
    for fd in gateway.syscall('inherited_fds', (), lambda: tuple(gateway.kernel.kernelFds())):
        if gateway.is_kernel_fd(fd):
            continue
        held = placeholder()
        if held != fd:
            _orig['dup2'](held, fd, False)
            _orig['close'](held)
        gateway.own(fd)


# ---- making fds ----

def pipe():
    return _kernel_pair('pipe', gateway.kernel.pipeAt)


def pipe2(flags, /):
    """os.pipe2: O_NONBLOCK and O_CLOEXEC (without O_CLOEXEC both ends are inheritable, as on Linux)."""
    flags = _fd(flags)
    if flags & ~(os.O_NONBLOCK | os.O_CLOEXEC):
        raise gateway.error(errno.EINVAL)
    fds = pipe()
    for fd in fds:
        if flags & os.O_NONBLOCK:
            set_blocking(fd, False)
        if not flags & os.O_CLOEXEC:
            set_inheritable(fd, True)
    return fds


def socketpair():
    """A kernel socketpair(AF_UNIX, SOCK_STREAM) as two fds (for a duplex multiprocessing Pipe)."""
    return _kernel_pair('socketpair', gateway.kernel.socketpairAt)


def _kernel_pair(name, install_at):
    """Two new kernel fds at the numbers of two GraalPy placeholders, recorded (and replayed) as `name`."""
    a, b = placeholder(), placeholder()
    fds = gateway.syscall(name, (), lambda: (gateway.void(install_at, a, b), (a, b))[1])
    if tuple(fds) != (a, b):
        replay.diverged(f'{name}() -> {tuple(fds)}', f'{name}() -> {(a, b)}')
    gateway.own(*fds)
    return a, b


def kernel_fd(install_at, *args):
    """A new kernel fd that `install_at(*args, fd)` installs at the number of a GraalPy placeholder (an
    AF_UNIX connection). Not recorded: an os.fork child does not replay it."""
    fd = placeholder()
    try:
        gateway.call(install_at, *args, fd)
    except BaseException:
        _orig['close'](fd)
        raise
    gateway.own(fd)
    return fd


# ---- reading and writing ----

# os.read and os.write are the hot path of every pipe and connection: each Python call costs ~1 us in GraalPy's
# interpreter (where a child process runs until its code is compiled), so they test gateway.KERNEL_FDS inline
# and make their kernel call with as few layers as the record allows.
_kernel_fds = gateway.KERNEL_FDS


def read(fd, n, /):
    if type(fd) is not int or fd not in _kernel_fds:
        return _orig['read'](fd, n)
    n = operator.index(n)
    if n < 0:
        raise gateway.error(errno.EINVAL)
    return gateway.recorded_call('read', (fd, n), _read, fd, n)


_scratch = []  # free read buffers of a pipe's capacity (taken and given back whole: safe across threads, handlers)


def take_buffer():
    """A read buffer of a pipe's capacity, for the kernel to fill through its storage (no conversion), to give
    back with give_back(): allocating os.read(fd, 65536)'s 64 KiB for every short read costs more than the read."""
    return _scratch.pop() if _scratch else bytearray(gateway.PIPE_CAPACITY)


def give_back(buffer):
    if len(_scratch) < 4:
        _scratch.append(buffer)


def _read(fd, n):
    """The kernel writes straight into a reused buffer's storage; the bytes read are copied out of it in one
    piece. No read returns more than a pipe holds."""
    buffer = take_buffer()
    try:  # its errno errors become OSErrors in gateway.recorded_call
        got = gateway.kernel.read(fd, polyglot.storage(buffer), min(n, gateway.PIPE_CAPACITY))
        return bytes(buffer[:got])
    finally:
        give_back(buffer)


def write(fd, data, /):
    if type(fd) is not int or fd not in _kernel_fds:
        return _orig['write'](fd, data)
    if not isinstance(data, (bytes, bytearray)):
        data = bytes(memoryview(data))  # memoryview, array...: one copy, as os.write takes buffers
    # The kernel reads the object's own storage (which may be longer than it): no conversion.
    length = len(data)
    return gateway.recorded_call('write', (fd, length), gateway.kernel.write, fd, gateway.storage(data), length)


def readv(fd, buffers, /):
    """One read of up to the buffers' total size, scattered in order (what readv(2) does on a pipe; GraalPy
    has no os.readv, and this is what it does on its own fds too)."""
    if not gateway.is_kernel_fd(fd) and 'readv' in _orig:
        return _orig['readv'](fd, buffers)
    views = [memoryview(b).cast('B') for b in buffers]
    data = read(fd, sum(len(v) for v in views))
    offset = 0
    for view in views:
        chunk = data[offset:offset + len(view)]
        view[:len(chunk)] = chunk
        offset += len(chunk)
    return len(data)


def writev(fd, buffers, /):
    if not gateway.is_kernel_fd(fd) and 'writev' in _orig:
        return _orig['writev'](fd, buffers)
    return write(fd, b''.join(bytes(memoryview(b)) for b in buffers))


def pread(fd, n, offset, /):
    if not gateway.is_kernel_fd(fd):
        return _orig['pread'](fd, n, offset)
    raise gateway.error(errno.ESPIPE)


def pwrite(fd, data, offset, /):
    if not gateway.is_kernel_fd(fd):
        return _orig['pwrite'](fd, data, offset)
    raise gateway.error(errno.ESPIPE)


def sendfile(out_fd, in_fd, offset, count):
    """To a kernel fd from a file: the file's bytes read by GraalPy, written to the kernel (Linux's sendfile
    takes a pipe as out_fd; from a pipe or socket it is EINVAL)."""
    if not (gateway.is_kernel_fd(out_fd) or gateway.is_kernel_fd(in_fd)):
        return _orig['sendfile'](out_fd, in_fd, offset, count)
    if gateway.is_kernel_fd(in_fd):
        raise gateway.error(errno.EINVAL)
    if offset is None:
        data = _orig['read'](in_fd, count)
    else:
        data = _orig['pread'](in_fd, count, offset)
    return write(out_fd, data) if data else 0


def splice(src, dst, count, offset_src=None, offset_dst=None, flags=0):
    """Between a kernel pipe and another fd: read, then write (a pipe has no offset: ESPIPE)."""
    if not (gateway.is_kernel_fd(src) or gateway.is_kernel_fd(dst)):
        return _orig['splice'](src, dst, count, offset_src, offset_dst, flags)
    if (offset_src is not None and gateway.is_kernel_fd(src)) or (offset_dst is not None and gateway.is_kernel_fd(dst)):
        raise gateway.error(errno.ESPIPE)
    if offset_src is not None or offset_dst is not None:
        raise unsupported('os.splice with an offset on the other fd')
    data = read(src, count)
    return write(dst, data) if data else 0


def copy_file_range(src, dst, count, offset_src=None, offset_dst=None):
    if not (gateway.is_kernel_fd(src) or gateway.is_kernel_fd(dst)):
        return _orig['copy_file_range'](src, dst, count, offset_src, offset_dst)
    raise gateway.error(errno.EINVAL)  # Linux: both must be regular files


def open_(path, flags, mode=0o777, *, dir_fd=None):
    if flags & _O_DIRECTORY and flags & _O_TMPFILE != _O_TMPFILE:
        # GraalPy takes any bit of O_TMPFILE for it, O_DIRECTORY's too: it made a temporary file in the directory
        # and gave its fd. Linux's O_DIRECTORY only refuses what is not a directory.
        if not stat.S_ISDIR(_orig['stat'](path, dir_fd=dir_fd).st_mode):
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), path)
        flags &= ~_O_DIRECTORY
    if _O_TMPFILE and flags & _O_TMPFILE == _O_TMPFILE and dir_fd is None:
        return _unnamed_file(path, flags & ~_O_TMPFILE, mode)
    fd = _orig['open'](path, flags, mode, dir_fd=dir_fd)
    graalpy_fd_flags.forget(fd)  # non-inheritable, as CPython's os.open makes every fd
    return fd


def _unnamed_file(directory, flags, mode):
    """O_TMPFILE (tempfile.TemporaryFile's first choice): GraalPy makes a named file that it deletes in an atexit
    hook, which a process ended by closing its context never runs, so every such file stayed in the directory.
    Here the file is named in the directory as well (GraalPy's fstat goes by name: an unlinked file has none),
    and the host deletes it when the process's context closes."""
    if not stat.S_ISDIR(_orig['stat'](directory).st_mode):
        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), directory)
    while True:
        name = os.path.join(os.fsdecode(directory), f'.graalpy-mp-tmpfile-{os.urandom(8).hex()}')
        try:
            fd = _orig['open'](name, flags | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            continue
        if replay.live():  # a fork child re-executing its way to the fork: the file is its parent's
            gateway.services().deleteWithContext(os.path.abspath(name))
        graalpy_fd_flags.forget(fd)
        return fd


def lseek(fd, position, whence, /):
    if not gateway.is_kernel_fd(fd):
        return _orig['lseek'](fd, position, whence)
    _fd(position), _fd(whence)
    raise gateway.error(errno.ESPIPE)


# ---- closing and duplicating ----

def close(fd):
    if not gateway.is_kernel_fd(fd):
        graalpy_fd_flags.forget(fd)
        return _orig['close'](fd)
    gateway.syscall('close', (fd,), lambda: gateway.void(gateway.kernel.close, fd))
    gateway.disown(fd)
    _orig['close'](fd)


def closerange(fd_low, fd_high, /):
    """os.closerange (GraalPy has none): every open fd in [fd_low, fd_high), errors ignored, as CPython. GraalPy
    cannot list its open fds, so its numbers are tried one by one up to the JVM's real fd limit (GraalPy gives
    out the lowest free number, so only a dup2 can put one higher; its SC_OPEN_MAX says 20)."""
    fd_low, fd_high = _fd(fd_low), _fd(fd_high)
    for fd in sorted(gateway.kernel_fds()):
        if fd_low <= fd < fd_high:
            close(fd)
    graalpy_close = _graalpy['close']
    for fd in range(max(fd_low, 0), min(fd_high, _real_fd_limit())):
        try:
            graalpy_close(fd)
        except OSError:
            pass


def _real_fd_limit():
    """The JVM process's soft RLIMIT_NOFILE (GraalPy's resource.getrlimit says unlimited), read once: nothing here
    can change it (GraalPy has no setrlimit)."""
    global _fd_limit
    if _fd_limit is None:
        _fd_limit = 1 << 20
        with open('/proc/self/limits', encoding='ascii') as limits:
            for line in limits:
                if line.startswith('Max open files'):
                    soft = line.split()[3]
                    _fd_limit = int(soft) if soft.isdigit() else 1 << 20
    return _fd_limit


_fd_limit = None


def dup(fd, /):
    if not gateway.is_kernel_fd(fd):
        _orig['fstat'](fd)  # EBADF: GraalPy's dup of a closed fd succeeds
        new = _orig['dup'](fd)
        graalpy_fd_flags.forget(new)
        return new
    new = _orig['dup'](fd)  # GraalPy picks the number; the kernel follows
    gateway.syscall('dup', (fd, new), lambda: gateway.call(gateway.kernel.dup2, fd, new, False))
    gateway.own(new)
    return new


def dup2(fd, fd2, inheritable=True):
    if _fd(fd) < 0 or _fd(fd2) < 0:
        raise gateway.error(errno.EBADF)  # GraalPy says EINVAL
    if gateway.is_kernel_fd(fd):
        _orig['dup2'](fd, fd2, inheritable)
        gateway.syscall('dup2', (fd, fd2, inheritable),
                        lambda: gateway.call(gateway.kernel.dup2, fd, fd2, inheritable))
        gateway.own(fd2)
        return fd2
    if gateway.is_kernel_fd(fd2):
        result = _orig['dup2'](fd, fd2, inheritable)
        gateway.syscall('close', (fd2,), lambda: gateway.void(gateway.kernel.close, fd2))
        gateway.disown(fd2)
    else:
        result = _orig['dup2'](fd, fd2, inheritable)
    graalpy_fd_flags.forget(fd2)
    if inheritable:
        graalpy_fd_flags.set_inheritable(_orig['fstat'], fd2, True)
    return result


# ---- state ----

def fstat(fd):
    if not gateway.is_kernel_fd(fd):
        return _orig['fstat'](fd)
    mode, ino, size = gateway.syscall('fstat', (fd,), lambda: tuple(gateway.call(gateway.kernel.fstat, fd)))
    now = time.time()
    seconds, nanos = int(now), int(now * 1e9)
    # Linux's pipefs: device 0xc, one link, the user's ids; then the float and nanosecond times (GraalPy's
    # stat_result has no st_blksize at all)
    return os.stat_result((mode, ino, 0xc, 1, os.getuid(), os.getgid(), size, seconds, seconds, seconds,
                           now, now, now, nanos, nanos, nanos))


def stat_(path, *, dir_fd=None, follow_symlinks=True):
    if gateway.is_kernel_fd(path):
        return fstat(path)
    return _orig['stat'](path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


def isatty(fd, /):
    if not gateway.is_kernel_fd(fd):
        return _graalpy['isatty'](fd)
    return False


def device_encoding(fd):
    if not gateway.is_kernel_fd(fd):
        return _orig['device_encoding'](fd)
    return None


def get_blocking(fd, /):
    if not gateway.is_kernel_fd(fd):
        return graalpy_fd_flags.get_blocking(_orig['fstat'], _orig['get_blocking'], fd)
    return gateway.syscall('get_blocking', (fd,), lambda: gateway.call(gateway.kernel.getBlocking, fd))


def set_blocking(fd, blocking, /):
    if not gateway.is_kernel_fd(fd):
        return graalpy_fd_flags.set_blocking(_orig['fstat'], _orig['set_blocking'], fd, blocking)
    gateway.syscall('set_blocking', (fd, bool(blocking)),
                    lambda: gateway.void(gateway.kernel.setBlocking, fd, bool(blocking)))


def get_inheritable(fd, /):
    if not gateway.is_kernel_fd(fd):
        return graalpy_fd_flags.get_inheritable(_orig['fstat'], fd)
    return gateway.syscall('get_inheritable', (fd,), lambda: gateway.call(gateway.kernel.getInheritable, fd))


def set_inheritable(fd, inheritable, /):
    if not gateway.is_kernel_fd(fd):
        return graalpy_fd_flags.set_inheritable(_orig['fstat'], fd, inheritable)
    gateway.syscall('set_inheritable', (fd, bool(inheritable)),
                    lambda: gateway.void(gateway.kernel.setInheritable, fd, bool(inheritable)))


def fpathconf(fd, name, /):
    if not gateway.is_kernel_fd(fd):
        return _orig['fpathconf'](fd, name)
    number = os.pathconf_names[name] if isinstance(name, str) else _fd(name)
    if number == os.pathconf_names.get('PC_PIPE_BUF'):
        return _PIPE_BUF
    raise unsupported(f'os.fpathconf({name!r})')


def pathconf(path, name):
    return fpathconf(path, name) if gateway.is_kernel_fd(path) else _orig['pathconf'](path, name)


# ---- what a pipe is not: Linux's errors, or graalpy-mp's clear refusal ----

def _refused_on_kernel_fds(name, code):
    """os.`name`, failing on a kernel fd (its first argument, or for os.fsync and os.fdatasync a file object
    whose fileno() is one) with errno `code` as Linux does on a pipe, or (code None) with graalpy-mp's refusal.
    Functions that take a path name the fd in the error, as CPython."""
    graalpy = _orig[name]

    def function(*args, **kwargs):
        if args:
            fd = args[0]
            if name in ('fsync', 'fdatasync') and not isinstance(fd, int) and hasattr(fd, 'fileno'):
                fd = gateway.fileno(fd)
            if gateway.is_kernel_fd(fd):
                if code is None:
                    raise unsupported(f'os.{name}')
                raise gateway.error(code, fd if name in _TAKING_A_PATH else None)
            if name in ('fsync', 'fdatasync'):
                _orig['fstat'](fd)  # EBADF (GraalPy says ENOENT)
        return graalpy(*args, **kwargs)
    function.__name__ = name
    return function


_TAKING_A_PATH = ('chdir', 'listdir', 'scandir', 'chmod', 'chown', 'utime', 'statvfs')
_ERRNO_ON_A_PIPE = {
    'fsync': errno.EINVAL, 'fdatasync': errno.EINVAL, 'posix_fallocate': errno.ESPIPE,
    'posix_fadvise': errno.ESPIPE, 'get_terminal_size': errno.ENOTTY, 'ttyname': errno.ENOTTY,
    'tcgetpgrp': errno.ENOTTY, 'tcsetpgrp': errno.ENOTTY, 'fchdir': errno.ENOTDIR, 'chdir': errno.ENOTDIR,
    'listdir': errno.ENOTDIR, 'scandir': errno.ENOTDIR,
}
# Linux does these on a pipe's inode; the kernel keeps no such state.
_UNSUPPORTED_ON_A_PIPE = ('fchmod', 'fchown', 'chmod', 'chown', 'utime', 'fstatvfs', 'statvfs', 'lockf')

PATCHES = {
    'pipe': pipe, 'read': read, 'write': write, 'readv': readv, 'writev': writev, 'pread': pread,
    'pwrite': pwrite, 'sendfile': sendfile, 'lseek': lseek, 'close': close, 'closerange': closerange,
    'dup': dup, 'dup2': dup2, 'open': open_, 'fstat': fstat, 'stat': stat_, 'isatty': isatty,
    'device_encoding': device_encoding,
    'get_blocking': get_blocking, 'set_blocking': set_blocking, 'get_inheritable': get_inheritable,
    'set_inheritable': set_inheritable, 'fpathconf': fpathconf, 'pathconf': pathconf, 'pipe2': pipe2,
    'splice': splice, 'copy_file_range': copy_file_range,
}
PATCHES.update({name: _refused_on_kernel_fds(name, code) for name, code in _ERRNO_ON_A_PIPE.items() if name in _graalpy})
PATCHES.update({name: _refused_on_kernel_fds(name, None) for name in _UNSUPPORTED_ON_A_PIPE if name in _graalpy})
for _name, _function in PATCHES.items():
    if _name in _graalpy:
        _function.__doc__ = _graalpy[_name].__doc__
    _function.__module__ = 'posix'
    _function.__name__ = _function.__qualname__ = _name  # open_ and stat_ are os.open and os.stat
# Kept where GraalPy has the function, and CPython's pipe2/readv/writev/closerange, which work on every fd here.
PATCHES = {name: fn for name, fn in PATCHES.items()
           if name in _graalpy or name in ('pipe2', 'readv', 'writev', 'closerange')}
_BUILTINS = gateway.builtins('os', PATCHES)
