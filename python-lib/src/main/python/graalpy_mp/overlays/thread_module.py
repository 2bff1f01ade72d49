"""What GraalPy's `_thread` lacks of CPython's: the interpreter's shutdown state (CPython 3.12 refuses to start
threads and to fork once its finalization has begun, atexit handlers included), `_is_main_interpreter()` (True:
each process is a context of its own, and there are no subinterpreters), and `interrupt_main(signum=SIGINT)`,
a no-op in GraalPy: CPython's "simulate signal `signum` arriving in the main thread".

`interrupt_main`, as on CPython: a signal number outside 1..NSIG-1 is a ValueError, and a signal whose handler
is SIG_DFL or SIG_IGN does nothing. A Python handler runs in the main thread: at once when the main thread
itself calls (its exception comes out of this call, as CPython raises it at the next instruction), otherwise
by raising the signal on the JVM, which GraalPy's signal module delivers to the handler (see the limit below).

The limit, and why: GraalPy, embedded, leaves SIGINT to the JVM (Ctrl-C ends the program) instead of installing
CPython's `default_int_handler`, so `signal.getsignal(SIGINT)` is SIG_DFL and `interrupt_main()` without a
handler of the program's own does nothing, where CPython raises KeyboardInterrupt. And a signal handler is one
per JVM: from another thread, the handler that runs is the one the last process to set it installed.
"""

import _signal
import _thread
import sys
from operator import index as _index

from graalpy_mp.overlays import patch

_get_ident = _thread.get_ident
main_ident = None  # the ident of this process's main thread
finalizing = False  # set by graalpy_mp.main once non-daemon threads are joined, before atexit handlers


def begin_finalizing():
    global finalizing
    finalizing = True


def refuse_at_shutdown(what):
    """CPython 3.12's RuntimeError for starting a thread ('create new thread') or a process ('fork') from
    then on."""
    if finalizing:
        raise RuntimeError(f"can't {what} at interpreter shutdown")


def c_int(value):
    """CPython's conversion of an argument to a C int (PyArg "i"), with its OverflowError messages."""
    value = _index(value)
    if not -2 ** 63 <= value < 2 ** 63:
        raise OverflowError('Python int too large to convert to C long')
    if value > 2 ** 31 - 1:
        raise OverflowError('signed integer is greater than maximum')
    if value < -2 ** 31:
        raise OverflowError('signed integer is less than minimum')
    return value


def interrupt_main(signum=_signal.SIGINT):
    signum = c_int(signum)
    if not 1 <= signum < _signal.NSIG:
        raise ValueError('signal number out of range')
    handler = _signal.getsignal(signum)  # signal_handlers' own, installed by then
    if not callable(handler):
        return None  # SIG_DFL, SIG_IGN or a handler not set from Python: CPython does nothing either
    if in_main_thread():
        handler(signum, sys._getframe(1))
    else:
        _signal.raise_signal(signum)
    return None


interrupt_main.__doc__ = _thread.interrupt_main.__doc__
interrupt_main.__module__ = '_thread'


def in_main_thread():
    return _get_ident() == main_ident


def _is_main_interpreter():
    return True


_is_main_interpreter.__module__ = '_thread'


@patch('_thread', 'interrupt_main', 'get_ident')  # _is_main_interpreter is added: GraalPy has none
def _patch(_thread, services):
    global main_ident
    main_ident = _get_ident()
    _thread.interrupt_main = interrupt_main
    _thread._is_main_interpreter = _is_main_interpreter
