"""Overlay of GraalPy's `fcntl`: fcntl.fcntl (GraalPy has none) and ioctl, flock, lockf on kernel fds.

Why: pipe tutorials make a pipe non-blocking with `fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)` and ask
how much is buffered with `ioctl(fd, FIONREAD, buf)`; GraalPy's fcntl module has neither fcntl() nor the F_*
constants, and its ioctl would act on a kernel fd's /dev/null placeholder. On a kernel fd, fcntl() answers
F_GETFD/F_SETFD, F_GETFL/F_SETFL (O_NONBLOCK), F_DUPFD(_CLOEXEC) and F_GETPIPE_SZ as Linux does; on GraalPy's
own fds the same commands that GraalPy's os functions can express (close-on-exec, O_NONBLOCK, dup), and for a
socket F_GETFL. Everything else raises an error naming the command, never a guess.
"""

import errno
import fcntl
import os
import stat
import struct

from graalpy_mp import gateway
from graalpy_mp.overlays import patch

# Linux's fcntl constants as CPython 3.12's fcntl exposes them (GraalPy's module has only the lock ones).
LINUX_CONSTANTS = {
    'DN_ACCESS': 1, 'DN_ATTRIB': 32, 'DN_CREATE': 4, 'DN_DELETE': 8, 'DN_MODIFY': 2, 'DN_MULTISHOT': 2147483648,
    'DN_RENAME': 16, 'FASYNC': 8192, 'FD_CLOEXEC': 1, 'FICLONE': 1074041865, 'FICLONERANGE': 1075876877,
    'F_ADD_SEALS': 1033, 'F_DUPFD': 0, 'F_DUPFD_CLOEXEC': 1030, 'F_EXLCK': 4, 'F_GETFD': 1, 'F_GETFL': 3,
    'F_GETLEASE': 1025, 'F_GETLK': 5, 'F_GETLK64': 5, 'F_GETOWN': 9, 'F_GETPIPE_SZ': 1032, 'F_GETSIG': 11,
    'F_GET_SEALS': 1034, 'F_NOTIFY': 1026, 'F_OFD_GETLK': 36, 'F_OFD_SETLK': 37, 'F_OFD_SETLKW': 38,
    'F_RDLCK': 0, 'F_SEAL_GROW': 4, 'F_SEAL_SEAL': 1, 'F_SEAL_SHRINK': 2, 'F_SEAL_WRITE': 8, 'F_SETFD': 2,
    'F_SETFL': 4, 'F_SETLEASE': 1024, 'F_SETLK': 6, 'F_SETLK64': 6, 'F_SETLKW': 7, 'F_SETLKW64': 7,
    'F_SETOWN': 8, 'F_SETPIPE_SZ': 1031, 'F_SETSIG': 10, 'F_SHLCK': 8, 'F_UNLCK': 2, 'F_WRLCK': 1,
    'LOCK_EX': 2, 'LOCK_MAND': 32, 'LOCK_NB': 4, 'LOCK_READ': 64, 'LOCK_RW': 192, 'LOCK_SH': 1, 'LOCK_UN': 8,
    'LOCK_WRITE': 128,
}
F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL = 0, 1, 2, 3, 4
F_DUPFD_CLOEXEC, F_GETPIPE_SZ = 1030, 1032
FD_CLOEXEC = 1
O_ACCMODE, O_RDWR = 0o3, 0o2
# ioctl requests a pipe answers on Linux (termios numbers; the rest say ENOTTY, as Linux does for a pipe)
FIONREAD, FIONBIO, FIONCLEX, FIOCLEX = 0x541B, 0x5421, 0x5450, 0x5451

_graalpy_ioctl = fcntl.ioctl
_graalpy_flock = fcntl.flock
_graalpy_lockf = fcntl.lockf


@patch('fcntl', 'ioctl', 'flock', 'lockf')
def _patch(fcntl, services):  # fcntl.fcntl itself is added: GraalPy has none
    for name, value in LINUX_CONSTANTS.items():
        if not hasattr(fcntl, name):
            setattr(fcntl, name, value)
    fcntl.fcntl = fcntl_
    fcntl.ioctl = ioctl
    fcntl.flock = flock
    fcntl.lockf = lockf


def fcntl_(fd, cmd, arg=0, /):
    fd = gateway.fileno(fd)
    if cmd in (F_GETFD, F_SETFD, F_DUPFD, F_DUPFD_CLOEXEC) or (cmd == F_SETFL and isinstance(arg, int)):
        return _descriptor_command(fd, cmd, arg)
    if cmd == F_GETFL:
        if gateway.is_kernel_fd(fd):
            return gateway.syscall('status_flags', (fd,),
                                   lambda: gateway.call(gateway.kernel.statusFlags, fd))
        if stat.S_ISSOCK(os.fstat(fd).st_mode):
            return O_RDWR | (0 if os.get_blocking(fd) else os.O_NONBLOCK)
        raise _unsupported(f'fcntl(F_GETFL) of an fd that is not a pipe or socket (GraalPy does not expose '
                           f'its access mode)')
    if cmd == F_GETPIPE_SZ and gateway.is_kernel_fd(fd):
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            raise gateway.error(errno.EBADF)
        return gateway.PIPE_CAPACITY
    raise _unsupported(f'fcntl command {cmd}')


def _descriptor_command(fd, cmd, arg):
    if cmd == F_GETFD:
        return 0 if os.get_inheritable(fd) else FD_CLOEXEC
    if cmd == F_SETFD:
        os.set_inheritable(fd, not arg & FD_CLOEXEC)
        return 0
    if cmd == F_SETFL:
        if arg & ~(os.O_NONBLOCK | O_ACCMODE):  # Linux ignores the access mode bits
            raise _unsupported(f'fcntl(F_SETFL) with flags {arg & ~(os.O_NONBLOCK | O_ACCMODE):#o}')
        os.set_blocking(fd, not arg & os.O_NONBLOCK)
        return 0
    os.fstat(fd)  # EBADF for a closed fd
    if arg < 0:
        raise gateway.error(errno.EINVAL)
    target = arg
    while _is_open(target):
        target += 1
    return os.dup2(fd, target, inheritable=cmd == F_DUPFD)


def _is_open(fd):
    try:
        os.fstat(fd)
    except OSError as exc:
        if exc.errno == errno.EBADF:
            return False
        raise
    return True


def ioctl(fd, request, arg=0, mutate_flag=True, /):
    number = gateway.fileno(fd)
    if not gateway.is_kernel_fd(number):
        return _graalpy_ioctl(fd, request, arg, mutate_flag)
    if request == FIONBIO:
        os.set_blocking(number, not _int_argument(arg))
        return 0
    if request in (FIOCLEX, FIONCLEX):
        os.set_inheritable(number, request == FIONCLEX)
        return 0
    if request != FIONREAD:
        raise gateway.error(errno.ENOTTY)
    available = gateway.syscall('bytes_available', (number,),
                                lambda: gateway.call(gateway.kernel.bytesAvailable, number))
    return _answer(arg, mutate_flag, struct.pack('i', available))


def _int_argument(arg):
    if isinstance(arg, int):
        raise gateway.error(errno.EFAULT)  # C's ioctl takes the int for a pointer
    return struct.unpack_from('i', bytes(memoryview(arg)))[0]


def _answer(arg, mutate_flag, value):
    """ioctl's result as CPython's: an int argument is a bad pointer, an immutable buffer gets a copy back, a
    mutable one is written (mutate_flag) and 0 returned."""
    if isinstance(arg, int):
        raise gateway.error(errno.EFAULT)
    view = memoryview(arg)
    if len(view.cast('B')) < len(value):
        raise gateway.error(errno.EFAULT)
    result = value + bytes(view.cast('B'))[len(value):]
    if view.readonly or not mutate_flag:
        return result
    view.cast('B')[:] = result
    return 0


def flock(fd, operation, /):
    if gateway.is_kernel_fd(gateway.fileno(fd)):
        raise _unsupported('fcntl.flock')
    return _graalpy_flock(fd, operation)


def lockf(fd, cmd, len=0, start=0, whence=0, /):
    if gateway.is_kernel_fd(gateway.fileno(fd)):
        raise _unsupported('fcntl.lockf')
    return _graalpy_lockf(fd, cmd, len, start, whence)


def _unsupported(what):
    return OSError(errno.EOPNOTSUPP, f'graalpy-mp: {what} is not supported')


for _function, _name in ((fcntl_, 'fcntl'), (ioctl, 'ioctl'), (flock, 'flock'), (lockf, 'lockf')):
    _function.__name__ = _function.__qualname__ = _name
    _function.__module__ = 'fcntl'
