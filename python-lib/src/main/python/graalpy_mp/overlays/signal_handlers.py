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

Routed signals: every process keeps its signals off the JVM's (a JVM has one handler per signal for all the
processes and programs it runs). The disposition of each catchable signal lives here and in the host, as CPython
keeps it per process (SIGINT starts as `default_int_handler`: KeyboardInterrupt; SIGPIPE and SIGXFSZ ignored, as
CPython's start-up sets them). A signal sent to the process (`os.kill` from any process, `raise_signal`, its
`alarm`/`setitimer` (the real, virtual and profiling timers), a signal sent to the launcher or to a server's client) goes through the kernel
to the host, which queues the handler for the main thread (GraalPy's handler of the signal, captured from the JVM
when the process first sets a handler for it: see the host's MainThreadSignals), drops an ignored one, or leaves
the signal to the kernel's default action (end the process by the signal, or nothing for SIGCHLD, SIGURG,
SIGWINCH and SIGCONT).

GraalPy also accepted any signal number (TypeError for one out of range), any thread, and SIGKILL/SIGSTOP;
CPython raises ValueError, ValueError and OSError(EINVAL).

`siginterrupt(sig, False)` (GraalPy's did nothing) sets SA_RESTART for `sig` until its next `signal()`, as
CPython's sigaction: a handler of it that arrives while the main thread is blocked in a call Linux restarts (a
pipe's read or write, waitpid, a multiprocessing lock or connection) no longer interrupts the call; it runs once
the call has returned (the kernel's HandlerInterrupts). select, poll, sigtimedwait and pause are interrupted
whatever the flag, as on Linux.
"""

import _signal
import errno
import os
import sys

from operator import index as _index

from graalpy_mp import gateway
from graalpy_mp.overlays import patch, signal_wakeup, thread_module

_native_signal = _signal.signal
_native_getsignal = _signal.getsignal
_native_raise_signal = _signal.raise_signal
_native_alarm = _signal.alarm
_native_setitimer = _signal.setitimer
_native_getitimer = _signal.getitimer
_SIGALRM = _signal.SIGALRM
_SIG_DFL, _SIG_IGN = 0, 1
_IGNORED_AT_START = (_signal.SIGPIPE, _signal.SIGXFSZ)  # CPython's start-up ignores them
_UNCATCHABLE = frozenset((_signal.SIGKILL, _signal.SIGSTOP))
_NO_SIGACTION = _UNCATCHABLE | {32, 33}  # glibc keeps 32 and 33 for itself: sigaction refuses them (EINVAL)
_ignored = set()  # signals set to SIG_IGN, each held by _ignore
_routed = {}  # signal -> disposition (SIG_DFL, SIG_IGN or a callable) of the signals the host delivers
_captured = set()  # routed signals whose GraalPy handler this process has captured (see _capture)
_restarting = set()  # signals with SA_RESTART (siginterrupt(sig, False)) until their next signal()
blocked = set()  # signals this process blocks (kept by signal_masks): the kernel holds them pending
_services = None


def _ignore(signum, frame):
    """SIG_IGN (see the module's docstring)."""


def _checked_number(signalnum):
    signalnum = _c_int(signalnum)
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
    _restarting.discard(signalnum)  # the host drops its SA_RESTART with the new disposition
    if signalnum in _routed:
        if callable(handler) and signalnum not in _captured:
            _capture(signalnum, _kind(handler))  # sets the host's disposition too
        else:
            _services.setSignalDisposition(signalnum, _kind(handler))
        previous, _routed[signalnum] = _routed[signalnum], handler
        return previous
    was_ignored = signalnum in _ignored
    if disposition and handler == _SIG_IGN:
        previous = _native_signal(signalnum, _ignore)
        _ignored.add(signalnum)
    else:
        previous = _native_signal(signalnum, handler)
        _ignored.discard(signalnum)
    return _SIG_IGN if was_ignored else previous


def siginterrupt(*args, **kwargs):
    if kwargs:
        raise TypeError('_signal.siginterrupt() takes no keyword arguments')
    if len(args) != 2:
        raise TypeError(f'siginterrupt expected 2 arguments, got {len(args)}')
    signalnum, flag = (_c_int(value) for value in args)
    if not 1 <= signalnum < _signal.NSIG:
        raise ValueError('signal number out of range')
    if signalnum in _NO_SIGACTION:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    _services.setSignalRestart(signalnum, not flag)
    (_restarting.discard if flag else _restarting.add)(signalnum)


def _c_int(value):
    value = _index(value)
    if not -2 ** 31 <= value < 2 ** 31:
        raise OverflowError('Python int too large to convert to C int')
    return value


def getsignal(signalnum):
    signalnum = _checked_number(signalnum)
    if signalnum in _routed:
        return _routed[signalnum]
    return _SIG_IGN if signalnum in _ignored else _native_getsignal(signalnum)


def _kind(disposition):
    """The host's code for a disposition: 0 default, 1 ignore, 2 a Python handler."""
    if callable(disposition):
        return 2
    return 1 if disposition == _SIG_IGN else 0


def _deliver(signum, frame):
    """GraalPy's handler of a routed signal: the program's disposition, in the main thread."""
    signal_wakeup.before_handler(signum, frame)
    disposition = _routed.get(signum, _SIG_DFL)
    if callable(disposition):
        disposition(signum, frame)
    # else the program set SIG_DFL or SIG_IGN after the signal arrived: CPython then skips it (PyErr_CheckSignals)


def _run_in_wait(signum):
    """The handler of a signal that arrived while the main thread was blocked in a kernel call, run by that call
    (CPython: EINTR, the handler, then the call again, PEP 475); an exception it raises ends the call."""
    _deliver(signum, sys._getframe(1))


def _capture(signum, kind):
    """Takes GraalPy's handler of `signum` for this process (see the module's docstring)."""
    _services.captureSignal(signum, kind, lambda: _native_signal(signum, _deliver))
    _captured.add(signum)


def raise_signal(signalnum):
    signalnum = _checked_number(signalnum)
    if signalnum not in _routed:
        if callable(_native_getsignal(signalnum)):
            return _native_raise_signal(signalnum)  # a handler GraalPy keeps (a signal the JVM shares)
        _services.raiseSignal(signalnum)  # no handler: the default action, this process only
        return None
    if not _run_now(signalnum, sys._getframe(1)):  # CPython runs it before raise_signal returns
        _services.raiseSignal(signalnum)
    return None


def alarm(seconds):
    seconds = _c_int(seconds)
    if _SIGALRM not in _routed:
        return _native_alarm(seconds)
    left = _services.setTimer(0, float(max(seconds, 0)), 0.0)[0]
    # glibc's alarm(): the seconds left, rounded to the nearest, and at least 1 while an alarm was pending
    return max(int(left + 0.5), 1) if left > 0 else 0


class ItimerError(OSError):
    """CPython's signal.ItimerError (GraalPy has none): what setitimer and getitimer raise."""


ItimerError.__module__ = 'signal'
ItimerError.__name__ = ItimerError.__qualname__ = 'itimer_error'  # CPython's name for it
_ITIMERS = (_signal.ITIMER_REAL, getattr(_signal, 'ITIMER_VIRTUAL', 1), getattr(_signal, 'ITIMER_PROF', 2))
_ITIMER_SIGNALS = (_SIGALRM, _signal.SIGVTALRM, _signal.SIGPROF)
_NANOS_MAX = 2 ** 63 - 1


def _timer_seconds(value):
    """A setitimer duration as CPython takes it (_PyTime_FromSecondsObject): a float, or an int by __index__."""
    if isinstance(value, float):
        if value != value:
            raise ValueError('Invalid value NaN (not a number)')
        if not -_NANOS_MAX <= value * 1e9 <= _NANOS_MAX:
            raise OverflowError('timestamp out of range for platform time_t')
        return value
    value = _index(value)
    if not -_NANOS_MAX <= value * 10 ** 9 <= _NANOS_MAX:
        raise OverflowError('timestamp too large to convert to C _PyTime_t')
    return float(value)


def _timer_which(which):
    """The timer setitimer/getitimer name, as the kernel's index (0 real, 1 virtual, 2 prof), or None when the
    host does not keep it (its signal is not routed: GraalPy's own timers)."""
    which = _c_int(which)
    if which not in _ITIMERS:
        raise ItimerError(errno.EINVAL, os.strerror(errno.EINVAL))
    index = _ITIMERS.index(which)
    return index if _ITIMER_SIGNALS[index] in _routed else None


def setitimer(which, seconds, interval=0.0):
    index = _timer_which(which)
    if index is None:
        return _itimer_call(_native_setitimer, which, seconds, interval)
    seconds, interval = _timer_seconds(seconds), _timer_seconds(interval)
    if seconds < 0 or interval < 0:
        raise ItimerError(errno.EINVAL, os.strerror(errno.EINVAL))
    return _timer_values(_services.setTimer(index, seconds, interval))


def _timer_values(values):
    """(delay, interval) in whole microseconds, as Linux's struct itimerval has them."""
    return tuple(round(value * 1e6) / 1e6 for value in values)


def _itimer_call(function, *args):
    """GraalPy's setitimer/getitimer (of a timer whose signal is not routed), its errors as CPython's ItimerError."""
    try:
        return function(*args)
    except ItimerError:
        raise
    except OSError as exc:
        raise ItimerError(exc.errno, exc.strerror) from None


def pause():
    """Blocks until a signal handler has run in this (main) thread, as Linux's pause(2); GraalPy has none."""
    gateway.void(gateway.kernel.pause)


def getitimer(which):
    index = _timer_which(which)
    if index is None:
        return _itimer_call(_native_getitimer, which)
    return _timer_values(_services.timer(index))


siginterrupt.__doc__ = _signal.siginterrupt.__doc__
signal.__doc__ = _native_signal.__doc__
getsignal.__doc__ = _native_getsignal.__doc__
raise_signal.__doc__ = _native_raise_signal.__doc__
alarm.__doc__ = _native_alarm.__doc__
setitimer.__doc__ = _native_setitimer.__doc__
getitimer.__doc__ = _native_getitimer.__doc__
for _function in (signal, getsignal, siginterrupt, raise_signal, alarm, setitimer, getitimer, pause):
    _function.__module__ = 'signal'  # a Python function where CPython's is a builtin: pydoc lists it under signal


# What `signal` copies from `_signal` (`from _signal import *`); its signal() and getsignal() wrap _signal's,
# looked up at each call. pause and ItimerError are added: GraalPy has neither.
_COPIED = {'raise_signal': raise_signal, 'alarm': alarm, 'setitimer': setitimer, 'getitimer': getitimer,
           'pause': pause, 'siginterrupt': siginterrupt, 'ItimerError': ItimerError}
_GRAALPY_COPIED = tuple(name for name in _COPIED if name not in ('pause', 'ItimerError'))


@patch('_signal', 'signal', 'getsignal', 'default_int_handler', *_GRAALPY_COPIED)
def _patch_signal(_signal, services):
    global _services
    _services = services
    _signal.signal = signal
    _signal.getsignal = getsignal
    for name, function in _COPIED.items():
        setattr(_signal, name, function)
    for signum in services.routedSignals():
        _routed[signum] = _start_disposition(signum)
        if signum in _IGNORED_AT_START:
            services.setSignalDisposition(signum, _kind(_SIG_IGN))
    _capture(_signal.SIGINT, _kind(_routed[_signal.SIGINT]))
    services.setSignalRunner(_run_in_wait)


@patch('signal', *_GRAALPY_COPIED)
def _patch_signal_copies(signal, services):
    for name, function in _COPIED.items():
        setattr(signal, name, function)  # imported before the patch above, it copied GraalPy's


def _start_disposition(signum):
    if signum == _signal.SIGINT:
        return _signal.default_int_handler
    return _SIG_IGN if signum in _IGNORED_AT_START else _SIG_DFL


def inherited():
    """The dispositions a fork copies to the child: those that differ from a process's start."""
    return {signum: disposition for signum, disposition in _routed.items()
            if disposition != _start_disposition(signum)}


def inherited_flags():
    """What else a fork copies: the SA_RESTART flags and the wakeup fd."""
    return frozenset(_restarting), signal_wakeup.inherited()


def inherit(dispositions, flags=(frozenset(), None)):
    """A child started by state transfer takes its parent's dispositions (see `inherited`) and flags."""
    for signum, disposition in dispositions.items():
        signal(signum, disposition)
    restarting, wakeup = flags
    for signum in restarting:
        siginterrupt(signum, False)
    signal_wakeup.inherit(wakeup)


def ignored():
    """The signals set to SIG_IGN, which an exec keeps (CPython's spawn: fork and exec; handlers become SIG_DFL)."""
    routed = [signum for signum, disposition in _routed.items()
              if not callable(disposition) and disposition == _SIG_IGN]
    return sorted(routed) + sorted(_ignored)


def ignore_at_start(signals):
    """The program's OS process started with these signals ignored (nohup: SIGHUP; a background job: SIGINT):
    CPython keeps them ignored, SIGINT too (no KeyboardInterrupt). The routed ones only: the JVM keeps the
    others (SIGQUIT: its thread dumps)."""
    for signum in signals:
        if signum in _routed:
            signal(signum, _SIG_IGN)


def inherit_ignored(signals):
    """A spawned child keeps its parent's ignored signals (see `ignored`)."""
    for signum in signals:
        signal(signum, _SIG_IGN)


def runs_now(signum):
    """Whether a signal this process sends itself (`os.kill` of its pid or group) runs its handler at once:
    CPython runs it before the next bytecode, so before kill returns, when sent from the main thread."""
    return callable(_routed.get(signum)) and signum not in blocked and thread_module.in_main_thread()


def deliver_to_self(signum):
    """Runs the handler of a signal `os.kill` sent this process, where `runs_now` said it would."""
    return _run_now(signum, sys._getframe(2))


def run_now(signum, frame):
    """Runs the handler of `signum` now, in the main thread, where `runs_now` said it would."""
    _run_now(signum, frame)


def _run_now(signum, frame):
    """Runs the handler of `signum` at once if it has one and this is the main thread; True if it did."""
    disposition = _routed.get(signum)
    if callable(disposition) and thread_module.in_main_thread():
        signal_wakeup.arrived_here(signum, frame)
        disposition(signum, frame)
        return True
    return False
