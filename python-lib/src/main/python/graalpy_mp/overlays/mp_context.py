"""Overlay of multiprocessing at CPython's seams, applied when multiprocessing is first imported:

- start methods as CPython 3.12 on Linux: `fork` (the default), `spawn`, `forkserver`; GraalPy's own
  `graalpy` method (threads in one context) is not offered;
- the `fork` start method's Popen makes the child by state transfer (graalpy_mp.mp.transfer);
- `_multiprocessing.SemLock`/`sem_unlink` on kernel semaphores (graalpy_mp.mp.semlock), so that locks,
  semaphores, conditions, events and queues work across processes;
- GraalPy's branches for its `graalpy` method stay off, so connections use os.pipe/os.read/os.write, which the
  os overlay serves from the kernel; a duplex Pipe() is a kernel socket pair.
"""

import os
import sys
import types

from graalpy_mp.overlays import os_process
from graalpy_mp.overlays.after_import import when_imported

START_METHODS = ['fork', 'spawn', 'forkserver']


def install(services):
    when_imported('multiprocessing.context', _patch_context)
    when_imported('multiprocessing.connection', _patch_connection)


def _patch_context(context):
    from graalpy_mp.mp import semlock
    native = sys.modules.get('_multiprocessing')
    if native is None:
        try:
            import _multiprocessing as native
        except ImportError:
            native = sys.modules['_multiprocessing'] = types.ModuleType('_multiprocessing')
    native.SemLock = semlock.SemLock
    native.sem_unlink = semlock.sem_unlink
    native.flags = getattr(native, 'flags', {'HAVE_SEM_OPEN': 1, 'HAVE_SEM_TIMEDWAIT': 1})

    context.BaseContext._is_graalpy = lambda self: False
    context.ForkProcess._Popen = staticmethod(_popen_fork)
    context.ForkContext._check_available = lambda self: None
    context._concrete_contexts.pop('graalpy', None)
    context.DefaultContext.get_all_start_methods = lambda self: list(START_METHODS)
    context._default_context._default_context = context._concrete_contexts['fork']


def _patch_connection(connection):
    def Pipe(duplex=True):
        """CPython's Pipe on Unix, with the socket pair of a duplex pipe made in the kernel (a GraalPy
        socket would stay in this process's context)."""
        if duplex:
            fd1, fd2 = os_process.socketpair()
            return connection.Connection(fd1), connection.Connection(fd2)
        fd1, fd2 = os.pipe()
        return connection.Connection(fd1, writable=False), connection.Connection(fd2, readable=False)
    Pipe.__module__ = connection.__name__
    connection.Pipe = Pipe
    # GraalPy closes a connection's fd from a weakref.finalize where CPython has __del__; a finalize also runs
    # at exit, before multiprocessing's own exit handler still writes to the pool's queues: not at exit.
    connection.weakref = types.SimpleNamespace(finalize=_finalize_not_at_exit)


def _finalize_not_at_exit(obj, func, *args, **kwargs):
    import weakref
    finalizer = weakref.finalize(obj, func, *args, **kwargs)
    finalizer.atexit = False
    return finalizer


def _popen_fork(process_obj):
    from graalpy_mp.mp.popen_transfer import Popen
    return Popen(process_obj)
