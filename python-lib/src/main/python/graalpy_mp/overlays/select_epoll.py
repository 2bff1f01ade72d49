"""select.epoll for GraalPy, which has none: an interest list kept here, waited on through select_kernel's poll.

Why: on Linux CPython has epoll, selectors.DefaultSelector is the EpollSelector, and programs (and CPython's own
tests) use select.epoll directly. Its event bits are poll's. The epoll object's own descriptor is the read end of a
kernel pipe nothing writes to, so fileno() is a real fd that close() frees; it is not an fd another epoll or a
select can wait on (select answers that it is never ready). Level-triggered only: EPOLLET (edge-triggered) and
EPOLLEXCLUSIVE are refused with an OSError naming them, since a poll cannot tell an edge; EPOLLONESHOT works (the
fd is disarmed after one report, until modify()).
"""

import errno
import math
import os
import select as select_module
import stat

from graalpy_mp import gateway
from graalpy_mp.overlays import patch, select_kernel

EPOLL_CONSTANTS = {'EPOLLIN': 0x1, 'EPOLLPRI': 0x2, 'EPOLLOUT': 0x4, 'EPOLLERR': 0x8, 'EPOLLHUP': 0x10,
                   'EPOLLRDNORM': 0x40, 'EPOLLRDBAND': 0x80, 'EPOLLWRNORM': 0x100, 'EPOLLWRBAND': 0x200,
                   'EPOLLMSG': 0x400, 'EPOLLRDHUP': 0x2000, 'EPOLLEXCLUSIVE': 1 << 28, 'EPOLLONESHOT': 1 << 30,
                   'EPOLLET': 1 << 31, 'EPOLL_CLOEXEC': 0o2000000}
_ONESHOT = EPOLL_CONSTANTS['EPOLLONESHOT']
_UNSUPPORTED = {EPOLL_CONSTANTS['EPOLLET']: 'EPOLLET (edge-triggered)',
                EPOLL_CONSTANTS['EPOLLEXCLUSIVE']: 'EPOLLEXCLUSIVE'}
_DEFAULT_MASK = select_kernel.POLLIN | select_kernel.POLLPRI | select_kernel.POLLOUT
# EPOLLERR and EPOLLHUP are reported whether asked for or not, as by Linux
_ALWAYS = EPOLL_CONSTANTS['EPOLLERR'] | EPOLL_CONSTANTS['EPOLLHUP']


@patch('select')  # select.epoll is added: GraalPy has none
def _patch(select_module, services):
    select_module.epoll = epoll
    for name, value in EPOLL_CONSTANTS.items():
        setattr(select_module, name, value)


class epoll:
    """select.epoll(sizehint=-1, flags=0): an edge-less epoll over the fds of this process."""

    def __init__(self, sizehint=-1, flags=0):
        if sizehint == 0 or sizehint < -1:
            raise ValueError('negative sizehint')
        self._fd, writer = os.pipe()
        os.close(writer)
        self._interest = {}  # fd -> event mask as registered
        self._disarmed = set()  # EPOLLONESHOT fds already reported

    @classmethod
    def fromfd(cls, fd):
        raise OSError(errno.ENOSYS, 'graalpy-mp: select.epoll.fromfd is not supported: an epoll made here is not '
                                    'a kernel object another descriptor can name')

    @property
    def closed(self):
        return self._fd < 0

    def fileno(self):
        self._check_open()
        return self._fd

    def close(self):
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    def register(self, fd, eventmask=_DEFAULT_MASK):
        self._check_open()
        fd = self._checked_fd(fd, eventmask)
        if fd in self._interest:
            raise OSError(errno.EEXIST, os.strerror(errno.EEXIST))
        self._interest[fd] = eventmask

    def modify(self, fd, eventmask):
        self._check_open()
        fd = self._checked_fd(fd, eventmask)
        if fd not in self._interest:
            raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
        self._interest[fd] = eventmask
        self._disarmed.discard(fd)

    def unregister(self, fd):
        self._check_open()
        fd = gateway.fileno(fd)
        if fd not in self._interest:
            raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
        del self._interest[fd]
        self._disarmed.discard(fd)

    def poll(self, timeout=None, maxevents=-1):
        """[(fd, events)] of the registered fds that are ready, waiting up to timeout seconds (None or < 0:
        until one is)."""
        self._check_open()
        if maxevents == -1:
            maxevents = max(len(self._interest), 1)
        elif maxevents <= 0:
            raise ValueError(f'maxevents must be greater than 0, got {maxevents}')
        if timeout is not None:
            timeout = float(timeout)
        waiting = select_kernel.poll()
        for fd, mask in self._interest.items():
            if fd not in self._disarmed:
                waiting.register(fd, (mask & 0xffff) | _ALWAYS)
        wait_ms = None if timeout is None or timeout < 0 else math.ceil(timeout * 1000)
        ready = waiting.poll(wait_ms)[:maxevents]
        for fd, _ in ready:
            if self._interest.get(fd, 0) & _ONESHOT:
                self._disarmed.add(fd)
        return ready

    def _checked_fd(self, fd, eventmask):
        fd = gateway.fileno(fd)
        for bit, name in _UNSUPPORTED.items():
            if eventmask & bit:
                raise OSError(errno.EINVAL, f'graalpy-mp: select.epoll does not support {name}: it waits through '
                                            'poll, which cannot tell an edge')
        mode = os.fstat(fd).st_mode  # EBADF for a closed fd, as epoll_ctl
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))  # Linux cannot watch a file
        return fd

    def _check_open(self):
        if self._fd < 0:
            raise ValueError('I/O operation on closed epoll object')

    def __enter__(self):
        self._check_open()
        return self

    def __exit__(self, *exc_info):
        self.close()


epoll.__module__ = 'select'
