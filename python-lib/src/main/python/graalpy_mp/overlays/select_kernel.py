"""Overlay of GraalPy's `select` module: select.select and select.poll over kernel fds (pipes), alone or mixed
with GraalPy's own fds (sockets, files). GraalPy has no select.poll: this overlay provides it (with Linux's
POLL* constants); on GraalPy's own fds it reports POLLIN/POLLOUT only, through GraalPy's select. Only kernel
fds: one blocking kernel wait. Only GraalPy's: GraalPy's own functions. Mixed: both are asked without blocking,
in turns, until something is ready or time is up (the two tables have no common wait primitive), at a 5 ms pace.

GraalPy's own select does not return for a signal: a handler queued for the main thread waits until it does. So
the main thread waits on GraalPy's fds in slices of 20 ms, so that a handler runs (and ends the wait if it raises,
as CPython's EINTR does), and where `signal.set_wakeup_fd` names one of GraalPy's fds (asyncio's self-pipe is
GraalPy's `socket.socketpair()`) its wakeup byte wakes the wait as on CPython (asyncio's `add_signal_handler`),
within a slice and GraalPy's handler latency.

GraalPy's select reports only writability for an fd asked for both reading and writing (the second registration
replaces the first): such lists are asked in two calls (`_graalpy_ready`).
"""

import errno
import select as select_module
import time

from graalpy_mp import gateway
from graalpy_mp.overlays import patch, thread_module

_graalpy_select = select_module.select
_MIXED_PACE = 0.005
_SIGNAL_SLICE = 0.02

# Linux's poll event bits: GraalPy's select module has no poll at all, CPython's has these.
POLL_CONSTANTS = {'POLLIN': 0x1, 'POLLPRI': 0x2, 'POLLOUT': 0x4, 'POLLERR': 0x8, 'POLLHUP': 0x10,
                  'POLLNVAL': 0x20, 'POLLRDNORM': 0x40, 'POLLRDBAND': 0x80, 'POLLWRNORM': 0x100,
                  'POLLWRBAND': 0x200, 'POLLMSG': 0x400, 'POLLRDHUP': 0x2000}
POLLIN, POLLPRI, POLLOUT = 0x1, 0x2, 0x4


def install(services):
    """This overlay alone, ahead of the others: a warm multiprocessing child's context (the host's WarmPool) applies
    it before importing selectors, which binds select.select when imported."""
    from graalpy_mp import overlays
    overlays.install(__name__, services)


@patch('select', 'select')  # select.poll is added: GraalPy has none
def _patch(select_module, services):
    # staticmethod objects: CPython's select and poll are builtin functions, which selectors keeps as class
    # attributes (SelectSelector._select, PollSelector._selector_cls) and calls, so they must not bind as methods.
    select_module.select = staticmethod(select)
    select_module.poll = staticmethod(poll)
    for name, value in POLL_CONSTANTS.items():
        if not hasattr(select_module, name):
            setattr(select_module, name, value)


def select(rlist, wlist, xlist, timeout=None):
    """select.select: lists of the objects given that are ready to read, to write, 'exceptional'."""
    r_pairs, w_pairs, x_pairs = _filenos(rlist), _filenos(wlist), _filenos(xlist)
    if timeout is not None:
        timeout = _seconds(timeout)
    k_r, g_r = _partition(r_pairs)
    k_w, g_w = _partition(w_pairs)
    _, g_x = _partition(x_pairs)  # pipes have no exceptional state
    if not (k_r or k_w):
        return _in_slices(lambda wait: _objects(_graalpy_ready(g_r, g_w, g_x, wait), r_pairs, w_pairs, x_pairs),
                          timeout, ([], [], []))
    sys_ = gateway.kernel

    def kernel_ready(wait):
        return gateway.syscall('select', (k_r, k_w, wait), lambda: _ready_pair(sys_, k_r, k_w, wait))

    if not (g_r or g_w or g_x):
        r, w = kernel_ready(-1.0 if timeout is None else timeout)
        return _objects((r, w, ()), r_pairs, w_pairs, x_pairs)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        r, w = kernel_ready(0.0)
        gr, gw, gx = _graalpy_ready(g_r, g_w, g_x, 0)
        if r or w or gr or gw or gx:
            return _objects((set(r) | set(gr), set(w) | set(gw), gx), r_pairs, w_pairs, x_pairs)
        if deadline is not None and time.monotonic() >= deadline:
            return [], [], []
        time.sleep(_MIXED_PACE)


def _filenos(objects):
    """(object, fd) of each element, its fileno() asked once, walked as CPython walks a select list: by index
    while the index is below the list's current length (a fileno() that shrinks the list ends the walk)."""
    if not isinstance(objects, (list, tuple)):
        objects = list(objects)
    pairs = []
    i = 0
    while i < len(objects):
        obj = objects[i]
        pairs.append((obj, gateway.fileno(obj)))
        i += 1
    return pairs


def _objects(ready, *pairs_of_lists):
    """The objects given whose fds are ready, in the order given, for each of the three lists."""
    lists = []
    for fds, pairs in zip(ready, pairs_of_lists):
        fds = set(fds)
        lists.append([obj for obj, fd in pairs if fd in fds])
    return tuple(lists)


def _in_slices(wait, timeout, nothing):
    """`wait(seconds)` on GraalPy's fds; in slices where a signal handler must be able to run meanwhile (see the
    module's docstring)."""
    if not thread_module.in_main_thread():
        return wait(timeout)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready = wait(_SIGNAL_SLICE if left is None else min(left, _SIGNAL_SLICE))
        if ready != nothing or (left is not None and left <= _SIGNAL_SLICE):
            return ready


def _graalpy_ready(r, w, x, wait):
    """GraalPy's select over its own fds, fds asked for both reading and writing included (module docstring)."""
    if not set(r) & set(w):
        return _graalpy_select(r, w, x, wait)
    ready = _each_alone(r, w, x)
    if any(ready) or wait == 0:
        return ready
    _graalpy_select(r, w, x, wait)  # returns once something is ready (an fd in both lists: once writable)
    return _each_alone(r, w, x)


def _each_alone(r, w, x):
    readable, _, exceptional = _graalpy_select(r, [], x, 0)
    return readable, _graalpy_select([], w, [], 0)[1], exceptional


def _partition(pairs):
    """(kernel fds, GraalPy's fds) of a select list's (object, fd) pairs."""
    kernel, graalpy = [], []
    for _, fd in pairs:
        (kernel if gateway.is_kernel_fd(fd) else graalpy).append(fd)
    return kernel, graalpy


def _ready_pair(sys_, k_r, k_w, wait):
    ready = gateway.call(sys_.select, k_r, k_w, wait)
    return tuple(ready[0]), tuple(ready[1])


def _seconds(timeout):
    if not isinstance(timeout, (int, float)):
        raise TypeError('timeout must be a float or None')
    if timeout < 0:
        raise ValueError('timeout must be non-negative')
    return float(timeout)


def poll():
    """Returns a polling object, which supports registering and unregistering file descriptors, and then
    polling them for I/O events."""
    new = object.__new__(Poll)
    new._events = {}
    return new


class Poll:
    """select.poll() over kernel and GraalPy fds: the type of what select.poll() returns, which, as CPython's,
    cannot be made by calling it."""

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'select.poll' instances")

    def register(self, fd, eventmask=POLLIN | POLLPRI | POLLOUT):
        self._events[gateway.fileno(fd)] = eventmask

    def modify(self, fd, eventmask):
        fd = gateway.fileno(fd)
        if fd not in self._events:
            raise gateway.error(errno.ENOENT)
        self._events[fd] = eventmask

    def unregister(self, fd):
        del self._events[gateway.fileno(fd)]

    def poll(self, timeout=None):
        if timeout is not None and timeout < 0:
            timeout = None
        kernel = {fd: ev for fd, ev in self._events.items() if gateway.is_kernel_fd(fd)}
        other = {fd: ev for fd, ev in self._events.items() if fd not in kernel}
        if not kernel:
            return _in_slices(lambda wait: _poll_graalpy(other, None if wait is None else wait * 1000),
                              None if timeout is None else timeout / 1000, [])
        sys_ = gateway.kernel
        fds, events = list(kernel), [kernel[fd] for fd in kernel]

        def kernel_ready(wait_ms):
            revents = gateway.syscall('poll', (tuple(fds), tuple(events), wait_ms),
                                  lambda: tuple(gateway.call(sys_.poll, fds, events, wait_ms)))
            return [(fd, ev) for fd, ev in zip(fds, revents) if ev]

        if not other:
            return kernel_ready(-1 if timeout is None else int(timeout))
        deadline = None if timeout is None else time.monotonic() + timeout / 1000
        while True:
            ready = kernel_ready(0) + _poll_graalpy(other, 0)
            if ready or (deadline is not None and time.monotonic() >= deadline):
                return ready
            time.sleep(_MIXED_PACE)


Poll.__name__ = Poll.__qualname__ = 'poll'
Poll.__module__ = 'select'


def _poll_graalpy(events, timeout_ms):
    """poll() over GraalPy's own fds, through its select (GraalPy has no poll): POLLIN / POLLOUT only."""
    readers = [fd for fd, ev in events.items() if ev & (POLLIN | POLLPRI)]
    writers = [fd for fd, ev in events.items() if ev & POLLOUT]
    r, w, _ = _graalpy_ready(readers, writers, [], None if timeout_ms is None else timeout_ms / 1000)
    ready = {}
    for fd in r:
        ready[fd] = ready.get(fd, 0) | POLLIN
    for fd in w:
        ready[fd] = ready.get(fd, 0) | POLLOUT
    return [(fd, ready[fd]) for fd in events if fd in ready]
