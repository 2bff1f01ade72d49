"""Overlay of `socket`: socket objects over kernel socket pairs, and fd passing (SCM_RIGHTS) between processes.

A duplex multiprocessing Pipe() and an AF_UNIX Listener/Client connection are kernel socket pairs (their fds are
kernel fds, graalpy_mp.overlays.os_fds), which GraalPy's socket module cannot wrap: it has no AF_UNIX at all.
multiprocessing.reduction (send_handle/recv_handle, so DupFd, resource_sharer and the pickling of a Connection
to a running process) wraps such an fd in `socket.fromfd(fd, AF_UNIX, SOCK_STREAM)` and passes fds with
`sendmsg`/`recvmsg` and SCM_RIGHTS ancillary data. Here:

- `socket.socket(..., fileno=fd)` of a kernel fd (so `socket.fromfd`, which dups it first with `socket.dup`,
  here the kernel's dup for a kernel fd) is a KernelSocket:
  an AF_UNIX stream socket on that fd, whose `sendmsg`/`recvmsg` carry SCM_RIGHTS fds as Linux does (the
  kernel carries the open-file descriptions with the bytes they were sent with, and installs them in the
  receiver's fd table on recvmsg; fds never received are closed, see dev.graalpymp.kernel.pipe.InFlightFds);
- `socket` gets Linux's AF_UNIX, SCM_RIGHTS, CMSG_LEN, CMSG_SPACE, MSG_CTRUNC and MSG_CMSG_CLOEXEC, which
  CPython's reduction uses, so that its code runs unmodified (graalpy_mp.mp.overlay sets its
  HAVE_SEND_HANDLE, which asks whether socket.socket has `sendmsg`: GraalPy's own sockets still have none,
  as asyncio would take another path if they had). `socket.socket(AF_UNIX)` itself is still GraalPy's, which
  refuses the family (graalpy_mp.mp.unix_sockets serves AF_UNIX addresses).

Which fds can be passed: kernel fds (pipes, socket pairs). A file, socket or other fd of GraalPy's own
(`open()`, `os.open`, `socket.socket()`) lives in the sending context's own fd table, which neither the kernel
nor the host can reach: sending one raises OSError(EOPNOTSUPP) saying so, rather than a different file.
"""

import array
import errno
import os

import polyglot

from graalpy_mp import gateway, replay
from graalpy_mp.overlays import os_fds, patch

# Linux's values (CPython's socket module has them from the C headers)
AF_UNIX = 1
SCM_RIGHTS = 1
MSG_CTRUNC = 0x8
MSG_CMSG_CLOEXEC = 0x40000000
_CMSG_HEADER = 16  # sizeof(struct cmsghdr) on 64-bit Linux
_SCM_MAX_FD = 253  # Linux's limit of fds in one message
_FD_SIZE = array.array('i').itemsize


def CMSG_LEN(length, /):
    """The length of a control message of `length` bytes of data, without trailing padding (Linux's CMSG_LEN)."""
    if not 0 <= length <= 2 ** 31 - 1 - _CMSG_HEADER:
        raise OverflowError('CMSG_LEN() argument out of range')
    return _CMSG_HEADER + length


def CMSG_SPACE(length, /):
    """The buffer size for a control message of `length` bytes of data, with trailing padding (CMSG_SPACE)."""
    if not 0 <= length <= 2 ** 31 - 1 - _CMSG_HEADER - 8:
        raise OverflowError('CMSG_SPACE() argument out of range')
    return _CMSG_HEADER + (length + 7) // 8 * 8


def not_passable(fd):
    return OSError(errno.EOPNOTSUPP, f'graalpy-mp: fd {fd} cannot be passed with SCM_RIGHTS: it is not a kernel fd '
                                     f'(a pipe or socket pair of this runtime) but a file or socket of GraalPy\'s '
                                     f'own, which lives in this process\'s context, out of the other process\'s '
                                     f'reach')


def sendmsg(fd, data, fds):
    """sendmsg(2) on kernel fd `fd`: `data` with `fds` travelling along; the number of bytes sent."""
    for passed in fds:
        if not gateway.is_kernel_fd(passed):
            os.fstat(passed)  # EBADF for an fd that is not open at all, as Linux
            raise not_passable(passed)
    length = len(data)
    return gateway.syscall('sendmsg', (fd, length, tuple(fds)),
                           lambda: gateway.call(gateway.kernel.sendmsg, fd, gateway.storage(data), length, list(fds)))


def recvmsg(fd, n, max_fds, close_on_exec):
    """recvmsg(2) on kernel fd `fd`: (data, fds received, flags); the fds take the numbers of new GraalPy
    placeholders (unused ones closed again)."""
    numbers = [os_fds.placeholder() for _ in range(max_fds)]

    def live():
        buffer = bytearray(n)
        length, count, flags = gateway.call(gateway.kernel.recvmsgAt, fd, polyglot.storage(buffer), n, numbers,
                                            close_on_exec)
        return bytes(buffer[:length]), tuple(numbers[:count]), flags
    try:
        data, fds, flags = gateway.syscall('recvmsg', (fd, n, max_fds, close_on_exec), live)
    except BaseException:
        for number in numbers:
            os_fds.close_placeholder(number)
        raise
    if tuple(fds) != tuple(numbers[:len(fds)]):
        replay.diverged(f'recvmsg() -> fds {tuple(fds)}', f'recvmsg() -> fds {tuple(numbers[:len(fds)])}')
    gateway.own(*fds)
    for number in numbers[len(fds):]:
        os_fds.close_placeholder(number)
    return data, fds, flags


class KernelSocket:
    """An AF_UNIX stream socket on a kernel socket pair end (what socket.socket(fileno=fd) of one is here)."""

    def __init__(self, fd, family, type, proto):
        self._fd = fd
        self.family, self.type, self.proto = AF_UNIX if family in (-1, None) else family, type, proto

    def fileno(self):
        return self._fd

    def detach(self):
        fd, self._fd = self._fd, -1
        return fd

    def close(self):
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        return f'<graalpy_mp kernel socket fd={self._fd}, family={self.family}, type={self.type}>'

    def _open_fd(self):
        if self._fd < 0:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return self._fd

    def getblocking(self):
        return os.get_blocking(self._open_fd())

    def setblocking(self, flag):
        os.set_blocking(self._open_fd(), flag)

    def gettimeout(self):
        return None if self.getblocking() else 0.0

    def settimeout(self, value):
        if value not in (None, 0, 0.0):
            raise os_fds.unsupported('a socket timeout other than None or 0')
        self.setblocking(value is None)

    def send(self, data, flags=0):
        self._no_flags(flags)
        return os.write(self._open_fd(), data)

    def sendall(self, data, flags=0):
        view = memoryview(data).cast('B')
        while view:
            view = view[self.send(view, flags):]

    def recv(self, bufsize, flags=0):
        self._no_flags(flags)
        return os.read(self._open_fd(), bufsize)

    def recv_into(self, buffer, nbytes=0, flags=0):
        view = memoryview(buffer).cast('B')
        data = self.recv(nbytes or len(view), flags)
        view[:len(data)] = data
        return len(data)

    def sendmsg(self, buffers, ancdata=(), flags=0, address=None, /):
        self._no_flags(flags)
        if address is not None:
            raise OSError(errno.EISCONN, os.strerror(errno.EISCONN))
        data = b''.join(bytes(memoryview(buffer)) for buffer in buffers)
        fds = []
        for level, kind, payload in ancdata:
            if (level, kind) != (_socket_constant('SOL_SOCKET'), SCM_RIGHTS):
                raise os_fds.unsupported(f'ancillary data other than SCM_RIGHTS ({level}, {kind})')
            raw = memoryview(payload).tobytes()
            fds.extend(array.array('i', raw[:len(raw) // _FD_SIZE * _FD_SIZE]))  # a partial fd is ignored
        if len(fds) > _SCM_MAX_FD:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return sendmsg(self._open_fd(), data, fds)

    def recvmsg(self, bufsize, ancbufsize=0, flags=0, /):
        self._no_flags(flags & ~MSG_CMSG_CLOEXEC)
        if bufsize < 0 or ancbufsize < 0:
            raise ValueError('negative buffer size in recvmsg()')
        max_fds = min(max(ancbufsize - _CMSG_HEADER, 0) // _FD_SIZE, _SCM_MAX_FD)
        data, fds, msg_flags = recvmsg(self._open_fd(), bufsize, max_fds, bool(flags & MSG_CMSG_CLOEXEC))
        ancdata = [(_socket_constant('SOL_SOCKET'), SCM_RIGHTS, array.array('i', fds).tobytes())] if fds else []
        return data, ancdata, msg_flags, None

    @staticmethod
    def _no_flags(flags):
        if flags:
            raise os_fds.unsupported(f'socket flags {flags:#x}')


def _socket_constant(name):
    import _socket
    return getattr(_socket, name)


@patch('socket', 'socket', 'dup', 'SOL_SOCKET')
def _patch(socket, services):
    for name, value in (('AF_UNIX', AF_UNIX), ('SCM_RIGHTS', SCM_RIGHTS), ('MSG_CTRUNC', MSG_CTRUNC),
                        ('MSG_CMSG_CLOEXEC', MSG_CMSG_CLOEXEC), ('CMSG_LEN', CMSG_LEN), ('CMSG_SPACE', CMSG_SPACE)):
        if not hasattr(socket, name):
            setattr(socket, name, value)
    cls = socket.socket
    graalpy_new = cls.__new__

    def __new__(klass, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is not None and gateway.is_kernel_fd(fileno):
            return KernelSocket(fileno, family, type, proto)  # not a socket.socket: __init__ is not called
        return graalpy_new(klass, family, type, proto, fileno)
    cls.__new__ = staticmethod(__new__)  # GraalPy updates the slot only for a staticmethod
    graalpy_dup = socket.dup

    def dup(fd, /):
        """socket.dup (socket.fromfd's): of a kernel fd, the kernel's dup (GraalPy's would dup its placeholder)."""
        return os.dup(fd) if gateway.is_kernel_fd(fd) else graalpy_dup(fd)
    socket.dup = dup

