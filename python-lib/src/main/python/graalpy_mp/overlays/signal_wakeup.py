"""Overlay of `_signal.set_wakeup_fd` (GraalPy's accepts any fd and never writes to it): CPython's on Linux.

When a signal arrives whose disposition is a Python handler (`default_int_handler` included), its number is
written as one byte to the wakeup fd, so that a `select`/`poll` on the other end wakes (asyncio's self-pipe).
CPython writes it in its C-level handler, at the signal's arrival, before the Python handler runs. Here:

- a kernel fd (`os.pipe`, a multiprocessing socket pair): the host writes it at arrival, on the thread that
  delivers the signal (dev.graalpymp.host.SignalWakeupFd), or this module, for a signal the process delivers to
  itself and whose handler runs at once (`os.kill` of itself from the main thread, `raise_signal`, unblocking);
- one of GraalPy's own fds (`socket.socketpair()`, which GraalPy makes of TCP sockets, as asyncio uses it; a
  file): the host cannot reach it, so this module writes it in the main thread just before the handler runs.

A write that fails is reported as CPython reports it ("Exception ignored when trying to write to the signal
wakeup fd:" through sys.unraisablehook), before the handler runs; a full fd (EAGAIN) only with
`warn_on_full_buffer`. The checks and messages are CPython's: the fd must exist (OSError EBADF) and be
non-blocking (ValueError), the call must come from the main thread (ValueError).
"""

import _signal
import errno
import os
import sys
import types

from graalpy_mp import gateway, replay
from graalpy_mp.overlays import patch, thread_module

_native_set_wakeup_fd = _signal.set_wakeup_fd
_WAKEUP_MESSAGE = 'Exception ignored when trying to write to the signal wakeup fd'
_fd = -1  # the wakeup fd, -1 none
_written_here = False  # one of GraalPy's fds: this module writes the byte (see the docstring)
_warn = True
_services = None


def set_wakeup_fd(*args, **kwargs):
    fd, warn = _arguments(args, kwargs)
    fd = thread_module.c_int(fd)
    warn = bool(warn)
    if not thread_module.in_main_thread():
        raise ValueError('set_wakeup_fd only works in main thread of the main interpreter')
    if fd != -1:
        if fd < 0:
            raise gateway.error(errno.EBADF)
        os.fstat(fd)  # OSError EBADF for an fd that is not open
        if os.get_blocking(fd):
            raise ValueError(f'the fd {fd} must be in non-blocking mode')
    global _fd, _written_here, _warn
    previous = _fd
    kernel = gateway.is_kernel_fd(fd)
    _services.setWakeupFd(fd if kernel else -1, warn)
    _fd, _written_here, _warn = fd, fd != -1 and not kernel, warn
    return previous


def _arguments(args, kwargs):
    """(fd, warn_on_full_buffer) with CPython's argument errors: fd positional only, the flag keyword only."""
    given = len(args) + len(kwargs)
    if given > 2:
        raise TypeError(f'set_wakeup_fd() takes at most 2 arguments ({given} given)')
    if len(args) > 1:
        raise TypeError(f'set_wakeup_fd() takes at most 1 positional argument ({len(args)} given)')
    if not args:
        raise TypeError('set_wakeup_fd() takes exactly 1 positional argument (0 given)')
    for name in kwargs:
        if name != 'warn_on_full_buffer':
            raise TypeError(f'{name!r} is an invalid keyword argument for set_wakeup_fd()')
    return args[0], kwargs.get('warn_on_full_buffer', True)


def written_here():
    """Whether the wakeup fd is one of GraalPy's, written when a handler runs (select_kernel then waits in
    slices, so that handlers can run)."""
    return _written_here


def arrived_here(signum, frame):
    """A signal this process delivers to itself, its handler about to run at once: the byte, then any report."""
    if _fd == -1 or replay.replaying():  # a replaying child's parent wrote it
        return
    if _written_here:
        _write_here(signum, frame)
    else:
        _services.writeWakeupByte(signum)
    _report_failures(frame)


def before_handler(signum, frame):
    """A signal the host delivered (it wrote a kernel fd's byte at arrival): the byte to one of GraalPy's fds,
    then any report, before the handler runs."""
    if _fd == -1:
        return
    if _written_here and not replay.replaying():
        _write_here(signum, frame)
    _report_failures(frame)


def _write_here(signum, frame):
    try:
        os.write(_fd, bytes((signum,)))
    except OSError as exc:
        if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK) or _warn:
            _report(exc, frame)


def _report_failures(frame):
    if _written_here:
        return
    while code := _services.takeWakeupFailure():
        _report(gateway.error(code), frame)


def _report(exc, frame):
    """CPython's report of a failed write, its traceback at the program's frame the signal interrupted (CPython's
    shows the handler's first line, where its pending report happens to run)."""
    from graalpy_mp.main import is_plugin_file  # the plugin's own frames are not the program's
    while frame is not None and is_plugin_file(frame.f_code.co_filename):
        frame = frame.f_back
    tb = None
    if frame is not None:
        try:
            tb = types.TracebackType(None, frame, frame.f_lasti, frame.f_lineno)
        except (TypeError, ValueError):
            tb = None
    exc.__traceback__ = tb
    sys.unraisablehook(sys.UnraisableHookArgs((type(exc), exc, tb, _WAKEUP_MESSAGE, None)))


set_wakeup_fd.__doc__ = _native_set_wakeup_fd.__doc__
set_wakeup_fd.__module__ = 'signal'  # a Python function where CPython's is a builtin: pydoc lists it under signal


@patch('_signal', 'set_wakeup_fd')
def _patch_signal(_signal, services):
    global _services
    _services = services
    _signal.set_wakeup_fd = set_wakeup_fd


@patch('signal', 'set_wakeup_fd')
def _patch_signal_copy(signal, services):
    # imported before the patch above, its `from _signal import *` copied GraalPy's
    signal.set_wakeup_fd = set_wakeup_fd


def inherited():
    """What a fork copies to the child (multiprocessing's fork start method): the wakeup fd, if a kernel fd
    (GraalPy's own fds do not reach the child's context)."""
    return None if _fd == -1 or _written_here else (_fd, _warn)


def inherit(wakeup):
    global _fd, _warn
    if wakeup is not None:
        _fd, _warn = wakeup
        _services.setWakeupFd(_fd, _warn)
