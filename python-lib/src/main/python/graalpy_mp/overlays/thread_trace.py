"""`sys._settraceallthreads` and `sys._setprofileallthreads`, behind CPython 3.12's
`threading.settrace_all_threads` and `threading.setprofile_all_threads`; GraalPy has neither, so those raised
AttributeError (and CPython's test_threading then left a thread waiting forever, which hung its exit).

The limit, and why: GraalPy lets a thread set only its own trace and profile function. The calling thread
changes at once, as on CPython; every other live thread of the process changes itself when it next comes back
from a blocking wait in threading's primitives (a contended Lock/RLock acquire, Condition/Event/Semaphore/
Barrier wait, Thread.join). A thread that computes or sleeps without such a wait keeps its old function until
then. Threads started afterwards get the new function from threading itself (`threading.settrace`), as on
CPython.
"""

import _thread
import sys

from graalpy_mp.overlays import patch, uses

_get_ident = _thread.get_ident
_SETTERS = {'trace': sys.settrace, 'profile': sys.setprofile}

# ident -> {kind: function} that thread still has to apply; empty in the common case, so a wait checks one
# module global.
pending = {}


def checkpoint():
    """Called by the primitives after a blocking wait: applies what an *_all_threads call left for this thread."""
    mine = pending.pop(_get_ident(), None)
    if mine:
        for kind, function in mine.items():
            _SETTERS[kind](function)


def forget(ident):
    """The Thread on host thread `ident` has ended: a later Thread there starts from threading's hooks."""
    pending.pop(ident, None)


@uses('threading', '_active')
def _set_all(kind, function):
    _SETTERS[kind](function)
    me = _get_ident()
    threading = sys.modules.get('threading')
    live = list(threading._active) if threading is not None else []
    for ident in live:
        if ident != me:
            pending.setdefault(ident, {})[kind] = function


def settraceallthreads(function):
    """sys._settraceallthreads(function): see the module's docstring for when other threads change."""
    _set_all('trace', function)


def setprofileallthreads(function):
    """sys._setprofileallthreads(function): see the module's docstring for when other threads change."""
    _set_all('profile', function)


settraceallthreads.__name__ = settraceallthreads.__qualname__ = '_settraceallthreads'
setprofileallthreads.__name__ = setprofileallthreads.__qualname__ = '_setprofileallthreads'
settraceallthreads.__module__ = setprofileallthreads.__module__ = 'sys'


@patch('sys', 'settrace', 'setprofile')  # the *allthreads functions are added: GraalPy has none
def _patch(sys, services):
    sys._settraceallthreads = settraceallthreads
    sys._setprofileallthreads = setprofileallthreads
