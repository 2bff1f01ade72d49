"""Overlay of `_thread._local` (`threading.local`): GraalPy's per-host-thread storage, with what it lacks.

- A subclass's `__init__` runs once in the thread that creates the local, as on CPython (GraalPy runs it twice
  there: looking up `__init__` on the new object makes the thread's dict, which runs `__init__` first).
- Each time a host thread makes its dict for a local, thread_reuse is told (`note_local`): a host thread that
  holds values of a local still alive is not reused for another Python thread, which would see them.
  The hook is `__init__`, which GraalPy runs whenever it makes a thread's dict; a subclass's own `__init__`
  is wrapped when the subclass is made (`__init_subclass__`).
"""

import _thread
import functools

from graalpy_mp.overlays import patch
from graalpy_mp.overlays.thread_reuse import note_local

_native_local = _thread._local
_thread_dict = _native_local.__dict__['__dict__'].__get__
_creating = None  # the local whose creating thread's dict __new__ is making: its __init__ runs later, once


class _local(_native_local):
    """`_thread._local`."""

    def __new__(cls, /, *args, **kwargs):
        if (args or kwargs) and cls.__init__ is _local.__init__:
            raise TypeError('Initialization arguments are not supported')
        self = _native_local.__new__(cls, *args, **kwargs)
        global _creating
        _creating = self
        try:
            _thread_dict(self)
        finally:
            _creating = None
        note_local(self)
        return self

    def __init__(self, /, *args, **kwargs):
        if self is not _creating:
            note_local(self)

    def __init_subclass__(cls, /, **kwargs):
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get('__init__')
        if init is not None and not hasattr(init, '__graalpy_mp_noted__'):
            cls.__init__ = _noting(init)


def _noting(init):
    @functools.wraps(init)
    def __init__(self, /, *args, **kwargs):
        if self is _creating:
            return
        note_local(self)
        init(self, *args, **kwargs)

    __init__.__graalpy_mp_noted__ = True
    return __init__


_local.__module__ = '_thread'
_local.__qualname__ = '_local'
_local.__name__ = '_thread._local'  # what CPython's messages call it: "'_thread._local' object has no attribute"


@patch('_thread', "_local.__dict__['__dict__']")
def _patch_thread(_thread, services):
    _thread._local = _local


@patch('threading', 'local')
def _patch_threading(threading, services):
    threading.local = _local  # imported before the patch above, it took GraalPy's
