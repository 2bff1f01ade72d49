"""Overlay adding CPython's `_thread._excepthook` and `_thread._ExceptHookArgs`, which GraalPy lacks; threading
takes them as `threading.excepthook` / `threading.__excepthook__` / `threading.ExceptHookArgs`.

Why: without them, `import threading` takes its pure-Python fallback, which imports traceback (and with it
linecache, tokenize, re, enum) at import time: 0.5-0.6 s of every cold start of a threading program on GraalPy,
for a module CPython does not import there. Here traceback is imported only when a thread's exception is
actually printed.

Behaviour as CPython 3.12's C implementation: SystemExit (exactly) is ignored; the report goes to sys.stderr,
else to the thread's `_stderr` (nothing when both are None); it reads "Exception in thread NAME:" (the thread's
ident when there is no thread object or it has no `name`), then the traceback, then a flush of the file.
"""

import _thread
import sys

from graalpy_mp.overlays import patch

_get_ident = _thread.get_ident
_FIELDS = ('exc_type', 'exc_value', 'exc_traceback', 'thread')
_NO_NAME = object()


class _ExceptHookArgs(tuple):
    """The struct sequence `_thread._ExceptHookArgs`: built from one 4-sequence, read by field name."""

    __slots__ = ()
    n_fields = n_sequence_fields = len(_FIELDS)
    n_unnamed_fields = 0
    __match_args__ = _FIELDS

    def __new__(cls, sequence):
        values = tuple(sequence)
        if len(values) != len(_FIELDS):
            raise TypeError(f'_thread._ExceptHookArgs() takes a {len(_FIELDS)}-sequence '
                            f'({len(values)}-sequence given)')
        return tuple.__new__(cls, values)

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '_thread._ExceptHookArgs' is not an acceptable base type")

    def __repr__(self):
        fields = ', '.join(f'{name}={value!r}' for name, value in zip(_FIELDS, self))
        return f'_thread._ExceptHookArgs({fields})'

    def __reduce__(self):
        return type(self), (tuple(self),)

    exc_type = property(lambda self: self[0], doc='Exception type')
    exc_value = property(lambda self: self[1], doc='Exception value')
    exc_traceback = property(lambda self: self[2], doc='Exception traceback')
    thread = property(lambda self: self[3], doc='Thread')


_ExceptHookArgs.__module__ = '_thread'


def _excepthook(args, /):
    """Handle uncaught Thread.run() exception."""
    if type(args) is not _ExceptHookArgs:
        raise TypeError('_thread.excepthook argument type must be ExceptHookArgs')
    exc_type, exc_value, exc_traceback, thread = args
    if exc_type is SystemExit:
        return  # silently ignored, as CPython
    file = getattr(sys, 'stderr', None)
    if file is None:
        if thread is None:
            return
        file = thread._stderr
        if file is None:
            return
    name = getattr(thread, 'name', _NO_NAME) if thread is not None else _NO_NAME
    file.write('Exception in thread ')
    file.write(str(name) if name is not _NO_NAME else str(_get_ident()))
    file.write(':\n')
    import traceback  # only here: see the module's docstring
    traceback.print_exception(exc_type, exc_value, exc_traceback, file=file)
    file.flush()


_excepthook.__module__ = '_thread'


@patch('_thread')  # both added: GraalPy has neither
def _patch_thread(_thread, services):
    _thread._excepthook = _excepthook
    _thread._ExceptHookArgs = _ExceptHookArgs


@patch('threading', 'excepthook', '__excepthook__', 'ExceptHookArgs')
def _patch_threading(threading, services):
    if threading.excepthook is threading.__excepthook__:
        # Imported before _thread had these (a warm context preloads it), with its fallback: Threads made from
        # now on take these. Imported after, it has them already.
        threading.excepthook = threading.__excepthook__ = _excepthook
        threading.ExceptHookArgs = _ExceptHookArgs
