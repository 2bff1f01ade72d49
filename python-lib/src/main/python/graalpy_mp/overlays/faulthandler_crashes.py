"""faulthandler's crash helpers, which GraalPy lacks (_sigsegv, _read_null, _sigabrt, _sigfpe): CPython's tests
(test_concurrent_futures' crashing pool workers among them) call them to make a process die by a signal. Here the
process dies as that fault would end it on CPython: by the signal's default action (core dumped, status -N for its
parent). One difference: a Python handler the program installed for that signal runs, as for os.kill() (on
CPython a real fault comes back after the handler until the process dies). With
faulthandler enabled, the report it prints first is written as CPython's: the fatal error, then the current
thread's stack, most recent call first.
"""

import _thread
import faulthandler
import os
import sys
from _signal import SIGABRT, SIGFPE, SIGSEGV  # not `signal`: it imports enum, too heavy for every start-up

from graalpy_mp.overlays import patch

CRASHES = {'_sigsegv': (SIGSEGV, 'Segmentation fault'), '_read_null': (SIGSEGV, 'Segmentation fault'),
           '_sigabrt': (SIGABRT, 'Aborted'), '_sigfpe': (SIGFPE, 'Floating point exception')}


@patch('faulthandler', 'is_enabled')
def _patch(faulthandler, services):  # adds the crash helpers GraalPy lacks
    for name, (signum, what) in CRASHES.items():
        if not hasattr(faulthandler, name):
            setattr(faulthandler, name, _crash(name, signum, what))


def _crash(name, signum, what):
    def crash(*args):
        if faulthandler.is_enabled():
            _report(what)
        os.kill(os.getpid(), signum)
    crash.__name__ = crash.__qualname__ = name
    crash.__module__ = 'faulthandler'
    return crash


def _report(what):
    import traceback  # only on the way to a crash
    stack = traceback.extract_stack()[:-2]
    lines = [f'Fatal Python error: {what}\n\n',
             f'Current thread 0x{_thread.get_ident():016x} (most recent call first):\n']
    lines += [f'  File "{frame.filename}", line {frame.lineno} in {frame.name}\n' for frame in reversed(stack)]
    sys.stderr.write(''.join(lines))
    sys.stderr.flush()
