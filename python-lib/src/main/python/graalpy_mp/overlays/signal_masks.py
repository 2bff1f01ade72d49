"""Overlay adding what GraalPy's `_signal` lacks: `pthread_sigmask` (with SIG_BLOCK/SIG_UNBLOCK/SIG_SETMASK),
`sigpending`, `sigwait`, `sigwaitinfo`, `sigtimedwait` (and `struct_siginfo`), `pthread_kill` and `strsignal`.

Why: programs that block signals and take them in a thread of their own with `sigwait` (a common way to shut
down cleanly), or that test `hasattr(signal, 'pthread_sigmask')`, met an AttributeError. The kernel keeps each
process's blocked mask and pending set (dev.graalpymp.kernel.proc.SignalMasks): a blocked signal is held
pending until it is unblocked, when it is delivered (its handler runs at once in the main thread, as CPython's
does before pthread_sigmask returns), or taken by `sigwait`. Each thread has its own mask, as on Linux: a
signal is held only while every thread blocks it (multiprocessing's resource sharer thread blocks them all;
with one mask for the process, no handler ran again in it). A `threading.Thread` starts with its creator's mask
(thread_reuse calls `thread_started`/`thread_ended`); a `_thread.start_new_thread` thread with none, and the
kernel counts it only once it sets one. A fork child inherits the forking thread's, as on Linux.

The functions are set on `_signal` when this module is imported (a warm context imports the overlays before
`signal`), so that `signal` wraps them as CPython's does (enums, the Sigmasks enum); where `signal` was
imported first, `install` gives it the same wrappers.
"""

import _signal
import _thread
import os
import sys
from operator import index as _index

from graalpy_mp import gateway
from graalpy_mp.structseq import structseq
from graalpy_mp.overlays import patch, signal_handlers, thread_module, uses

SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK = 0, 1, 2
_get_ident = _thread.get_ident
_NSIG = 65
_SI_USER = 0

# glibc's strsignal, as CPython 3.12 returns it on Linux (None: a number glibc has no description for).
_DESCRIPTIONS = {
    1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted',
    7: 'Bus error', 8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1',
    11: 'Segmentation fault', 12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated',
    16: 'Stack fault', 17: 'Child exited', 18: 'Continued', 19: 'Stopped (signal)', 20: 'Stopped',
    21: 'Stopped (tty input)', 22: 'Stopped (tty output)', 23: 'Urgent I/O condition',
    24: 'CPU time limit exceeded', 25: 'File size limit exceeded', 26: 'Virtual timer expired',
    27: 'Profiling timer expired', 28: 'Window changed', 29: 'I/O possible', 30: 'Power failure',
    31: 'Bad system call', **{n: f'Real-time signal {n - 34}' for n in range(34, _NSIG)},
}


# The information about a signal sigwaitinfo and sigtimedwait return.
struct_siginfo = structseq('signal.struct_siginfo', (
    'si_signo', 'si_code', 'si_errno', 'si_pid', 'si_uid', 'si_status', 'si_band'))


def _mask_of(signals):
    """The kernel's bit mask of an iterable of signal numbers, checked as CPython's sigset converter does."""
    mask = 0
    for signum in signals:
        signum = _index(signum)
        if not 0 < signum < _NSIG:
            raise ValueError(f'signal number {signum} out of range [1; {_NSIG - 1}]')
        mask |= 1 << (signum - 1)
    return mask


def _signals_of(mask):
    return {signum for signum in range(1, _NSIG) if mask >> (signum - 1) & 1}


_main_mask = 0  # the main thread's mask, as the kernel has it
_thread_masks = {}  # ident -> mask of each other thread that has one (the creator's, for a new Thread)


def pthread_sigmask(how, mask):
    how, bits = _index(how), _mask_of(mask)
    old, released, blocked = _set_mask(how, bits)
    for signum in sorted(_signals_of(released)):  # delivered before pthread_sigmask returns, as on Linux
        _deliver_to_self(signum, sys._getframe(1))
    return _signals_of(old)


def _set_mask(how, bits):
    old, released, blocked = gateway.syscall('sigprocmask', (how, bits),
                                             lambda: tuple(gateway.call(gateway.kernel.sigprocmask, how, bits)))
    if thread_module.in_main_thread():
        _note_mask(blocked)
    else:
        _thread_masks[_get_ident()] = blocked
    return old, released, blocked


def _note_mask(mask):
    """signal_handlers runs no handler at once for a signal the main thread blocks: it keeps that mask."""
    global _main_mask
    _main_mask = mask
    signal_handlers.blocked.clear()
    signal_handlers.blocked.update(_signals_of(mask))


def current_mask():
    """The calling thread's mask, which a Thread it starts inherits (0 for one that never set one)."""
    return _main_mask if thread_module.in_main_thread() else _thread_masks.get(_get_ident(), 0)


def thread_started(mask):
    """A Thread's first act on its (maybe reused) host thread: it takes its creator's mask."""
    if mask:
        _set_mask(SIG_SETMASK, mask)  # no signal is released: its creator blocks at least these


def thread_ended():
    """A Thread is done: its mask goes, so that its host thread's next Thread starts with its own creator's."""
    if _thread_masks.pop(_get_ident(), None) is not None:
        gateway.void(gateway.kernel.sigmaskThreadEnded)


def sigpending():
    return _signals_of(gateway.syscall('sigpending', (), gateway.kernel.sigpending))


def _take(sigset, timeout):
    bits = _mask_of(sigset)
    taken = gateway.syscall('sigwait', (bits, timeout),
                            lambda: tuple(gateway.call(gateway.kernel.sigwait, bits, timeout)))
    return taken or None


def sigwait(sigset):
    return _take(sigset, -1.0)[0]


def sigwaitinfo(sigset):
    return _siginfo(_take(sigset, -1.0))


def sigtimedwait(sigset, timeout):
    if not isinstance(timeout, (int, float)):
        raise TypeError(f"'{type(timeout).__name__}' object cannot be interpreted as an integer or float")
    if timeout < 0:
        raise ValueError('timeout must be non-negative')
    taken = _take(sigset, float(timeout))
    return None if taken is None else _siginfo(taken)


def _siginfo(taken):
    signum, sender = taken
    uid = os.getuid()
    return struct_siginfo((signum, _SI_USER, 0, sender, uid, 0, sender))  # si_band: Linux's union with si_pid


def pthread_kill(thread_id, signalnum):
    thread_id, signalnum = _index(thread_id), _index(signalnum)
    if not 0 <= signalnum < _NSIG:
        raise ValueError('signal number out of range')
    if signalnum == 0:
        return None
    if thread_id == thread_module.main_ident and thread_module.in_main_thread():
        _deliver_to_self(signalnum, sys._getframe(1))
    else:
        _deliver_to_self(signalnum, None)
    return None


def _deliver_to_self(signum, frame):
    """A signal this process sends itself: its handler at once where CPython runs it before the call returns
    (the main thread), else through the kernel (a handler queued for the main thread, or the default action)."""
    if frame is not None and signal_handlers.runs_now(signum):
        signal_handlers.run_now(signum, frame)
    else:
        pid = os.getpid()
        gateway.syscall('kill', (pid, signum), lambda: gateway.void(gateway.kernel.kill, pid, signum, False))


def strsignal(signalnum):
    signalnum = _index(signalnum)
    if not 0 < signalnum < _NSIG:
        raise ValueError('signal number out of range')
    return _DESCRIPTIONS.get(signalnum)


_FUNCTIONS = {'pthread_sigmask': pthread_sigmask, 'sigpending': sigpending, 'sigwait': sigwait,
              'sigwaitinfo': sigwaitinfo, 'sigtimedwait': sigtimedwait, 'pthread_kill': pthread_kill,
              'strsignal': strsignal}
for _function in _FUNCTIONS.values():
    _function.__module__ = 'signal'  # a Python function where CPython's is a builtin: pydoc lists it under signal
_ADDED = dict(_FUNCTIONS, struct_siginfo=struct_siginfo, SIG_BLOCK=SIG_BLOCK, SIG_UNBLOCK=SIG_UNBLOCK,
              SIG_SETMASK=SIG_SETMASK)
for _name, _value in _ADDED.items():
    if not hasattr(_signal, _name):
        setattr(_signal, _name, _value)


@patch('_signal')  # the functions are added (see the docstring)
def _take_mask(_signal, services):
    _note_mask(gateway.call(gateway.kernel.sigprocmask, SIG_BLOCK, 0)[0])  # a fork child's, inherited


@patch('signal', 'Signals')
def _patch_signal(signal, services):
    if not hasattr(signal, 'pthread_sigmask'):  # imported before _signal had them
        _wrap_in(signal)


@uses('enum', 'IntEnum._convert_')
def _wrap_in(signal):
    """What CPython's `signal` module adds over `_signal` for these functions, for a `signal` imported before
    this overlay: the Sigmasks enum, and sets of Signals members."""
    import enum
    enum.IntEnum._convert_('Sigmasks', 'signal', lambda name: name in ('SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'),
                           source=_ADDED)

    def as_signal(number):
        try:
            return signal.Signals(number)
        except ValueError:
            return number

    def pthread_sigmask_(how, mask):
        return {as_signal(number) for number in pthread_sigmask(how, mask)}

    def sigpending_():
        return {as_signal(number) for number in sigpending()}

    def sigwait_(sigset):
        return as_signal(sigwait(sigset))

    wrappers = {'pthread_sigmask': pthread_sigmask_, 'sigpending': sigpending_, 'sigwait': sigwait_}
    for name, wrapper in wrappers.items():
        wrapper.__name__ = wrapper.__qualname__ = name
        wrapper.__module__ = 'signal'
        setattr(signal, name, wrapper)
    for name in ('sigwaitinfo', 'sigtimedwait', 'pthread_kill', 'strsignal', 'struct_siginfo'):
        setattr(signal, name, _ADDED[name])
