"""Overlay of `_signal.signal` and `_signal.getsignal` (which `signal.signal`/`signal.getsignal` call): CPython's
argument errors, and SIG_IGN made undoable.

Why: GraalPy hands SIG_IGN to the JVM, and then loses the way back. For SIGHUP, SIGINT and SIGTERM, HotSpot
never again installs a handler for a shutdown signal that is ignored, so a later `signal.signal(SIGTERM,
SIG_DFL)` silently left SIGTERM ignored: the JVM (every process of the program) could no longer be terminated,
only killed (CPython's test_threading does exactly this). For any signal, GraalPy saves the handler it replaces
as the one SIG_DFL restores, and `getsignal` saves the current one too, so after SIG_IGN and a getsignal,
SIG_DFL restored SIG_IGN. Here SIG_IGN is a handler that does nothing, and getsignal reports SIG_IGN; SIG_DFL
or a handler replaces it as on CPython. What differs: a subprocess started meanwhile does not inherit the ignored
disposition (it gets the default), and the signal still reaches the JVM, which drops it.

GraalPy also accepted any signal number (TypeError for one out of range), any thread, and SIGKILL/SIGSTOP;
CPython raises ValueError, ValueError and OSError(EINVAL).
"""

import _signal
import errno
import os

from operator import index as _index

from graalpy_mp.overlays import thread_module

_native_signal = _signal.signal
_native_getsignal = _signal.getsignal
_SIG_DFL, _SIG_IGN = 0, 1
_UNCATCHABLE = frozenset((_signal.SIGKILL, _signal.SIGSTOP))
_ignored = set()  # signals set to SIG_IGN, each held by _ignore


def _ignore(signum, frame):
    """SIG_IGN (see the module's docstring)."""


def _checked_number(signalnum):
    signalnum = _index(signalnum)
    if not -2 ** 31 <= signalnum < 2 ** 31:
        raise OverflowError('Python int too large to convert to C int')
    if not 1 <= signalnum < _signal.NSIG:
        raise ValueError('signal number out of range')
    return signalnum


def signal(signalnum, handler):
    if not thread_module.in_main_thread():
        raise ValueError('signal only works in main thread of the main interpreter')
    signalnum = _checked_number(signalnum)
    disposition = type(handler) is int and handler in (_SIG_DFL, _SIG_IGN)
    if not disposition and not callable(handler):
        raise TypeError('signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object')
    if signalnum in _UNCATCHABLE:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    was_ignored = signalnum in _ignored
    if disposition and handler == _SIG_IGN:
        previous = _native_signal(signalnum, _ignore)
        _ignored.add(signalnum)
    else:
        previous = _native_signal(signalnum, handler)
        _ignored.discard(signalnum)
    return _SIG_IGN if was_ignored else previous


def getsignal(signalnum):
    signalnum = _checked_number(signalnum)
    return _SIG_IGN if signalnum in _ignored else _native_getsignal(signalnum)


signal.__doc__ = _native_signal.__doc__
getsignal.__doc__ = _native_getsignal.__doc__
signal.__module__ = getsignal.__module__ = '_signal'


def install(services):
    _signal.signal = signal
    _signal.getsignal = getsignal
