"""Overlay of threading's `_start_new_thread` (with `_thread._set_sentinel` and `_thread._count`): a finished
`threading.Thread`'s host thread waits for the next Thread instead of ending.

Why: GraalPy makes a new host thread for every Python thread and attaches it to the context, which costs
0.45-0.9 ms per thread with the JIT warm, against CPython's 0.06 ms (1000 x `Thread(...).start(); join()`:
7x CPython). Handing a Thread to a waiting host thread is a lock release.

A reused host thread must not carry anything over from the Thread before it, which CPython would have started
on a fresh thread state:
- `threading.local` values: GraalPy keeps them per host thread, so a host thread that made a dict for a
  local still alive ends instead of being reused (thread_local.py reports those dicts to `note_local`);
- the contextvars context: each Thread runs in a new, empty `contextvars.Context`;
- trace and profile functions, reset after each Thread;
- the Thread's sentinel lock (`Thread.join` waits for it), released here when `Thread._bootstrap` has
  returned, where GraalPy would release it when the host thread ends;
- the signal mask: each Thread starts with its creator's, as a new thread on Linux (signal_masks).
The host thread calls each Thread's `_bootstrap` from builtins only (deque <- starmap <- Context.run), so that
the Thread's first frame has no caller, as on CPython; the bookkeeping between Threads runs in a generator.
As on CPython, a finished thread's ident may be given to a later thread, but each Thread gets a native id of
its own, which the kernel takes from the pid space as Linux does for tids (the main thread's is the pid). At
most MAX_IDLE host threads wait, each for at most IDLE_SECONDS; waiting ones end with the process like daemon
threads.

`_thread.start_new_thread` itself keeps a new host thread per call (its callers may raise out of the function,
which GraalPy reports as CPython does); it only gains CPython's argument checks, which GraalPy lacks.
"""

import _thread
import collections
import contextvars
import itertools
import sys
import weakref

from graalpy_mp.overlays import patch, signal_masks, thread_module, thread_trace
from graalpy_mp.overlays.thread_locks import lock as _lock, _native_lock

_native_start = _thread.start_new_thread
_native_count = _thread._count
_native_sentinel = _thread._set_sentinel
_get_ident = _thread.get_ident
_native_get_native_id = _thread.get_native_id
_new_context = contextvars.Context
_run_in_context = contextvars.Context.run

MAX_IDLE = 16
IDLE_SECONDS = 30.0

_idle = []  # workers waiting for a Thread to run; the most recently used last (its code is warm)
_running = {}  # ident -> the worker running a Thread on that host thread
_syscalls = None
_services = None


class _Worker:
    """One host thread of the pool and the Thread it runs now."""

    __slots__ = ('ident', 'wake', 'job', 'locals', 'sentinel', 'native_id', 'sigmask')

    def __init__(self, job):
        self.ident = None
        self.job = job
        self.wake = _native_lock()
        self.wake.acquire()
        self.locals = {}  # id -> weakref of each local this host thread has a dict for
        self.sentinel = None
        self.native_id = None
        self.sigmask = 0  # the signal mask of the Thread's creator, which it inherits


def start_new_thread(*args):
    """`_thread.start_new_thread(function, args[, kwargs])` with CPython 3.12's argument checks."""
    if not 2 <= len(args) <= 3:
        kind = 'at least 2' if len(args) < 2 else 'at most 3'
        raise TypeError(f'start_new_thread expected {kind} arguments, got {len(args)}')
    if not callable(args[0]):
        raise TypeError('first arg must be callable')
    if not isinstance(args[1], tuple):
        raise TypeError('2nd arg must be a tuple')
    if len(args) == 3 and not isinstance(args[2], dict):
        raise TypeError('optional 3rd arg must be a dictionary')
    thread_module.refuse_at_shutdown('create new thread')
    return _native_start(*args)


def start_thread(function, args, kwargs=None):
    """threading's `_start_new_thread(self._bootstrap, ())`: on an idle host thread when there is one."""
    if args or kwargs:
        return start_new_thread(function, args, kwargs or {})
    if thread_module.finalizing:
        thread_module.refuse_at_shutdown('create new thread')
    if _idle:
        worker = _idle.pop()
        worker.job = function
        worker.sigmask = signal_masks.current_mask()
        worker.wake.release()
        return worker.ident
    worker = _Worker(function)
    worker.sigmask = signal_masks.current_mask()
    worker.ident = _native_start(collections.deque, (itertools.starmap(_run_in_context, _jobs(worker)), 0))
    return worker.ident


def _jobs(worker):
    """The host thread's life: yields (a new context, the next Thread's `_bootstrap`) while it is reused."""
    ident = _get_ident()
    try:
        while True:
            _running[ident] = worker
            job, worker.job = worker.job, None
            worker.native_id = None
            _services.threadStarted()  # its CPU time is the process's (and thread_time starts from 0)
            signal_masks.thread_started(worker.sigmask)
            yield _new_context(), job
            signal_masks.thread_ended()
            _services.threadEnded()
            job = None
            thread_trace.forget(ident)
            _stop_tracing()
            sentinel = _sentinel_of(worker)
            reusable = _reusable(worker)
            if reusable:
                _idle.append(worker)  # before the joiner wakes: the next Thread it starts reuses this one
            _release(sentinel)
            sentinel = worker.sentinel = None
            del _running[ident]  # only now: await_ended_threads sees this Thread until its sentinel is free
            if not reusable:
                return
            if not worker.wake.acquire(True, IDLE_SECONDS):
                try:
                    _idle.remove(worker)
                    return
                except ValueError:  # a starter took this worker as its wait timed out: its release follows
                    worker.wake.acquire()
    finally:
        # Reached early only if `_bootstrap` raised (GraalPy reports it): the Thread's join must not hang.
        if _running.get(ident) is worker:
            del _running[ident]
            _release(_take_sentinel(worker))


def _sentinel_of(worker):
    """The sentinel lock of the Thread the worker runs (held weakly), or None."""
    return worker.sentinel() if worker.sentinel is not None else None


def _take_sentinel(worker):
    sentinel = _sentinel_of(worker)
    worker.sentinel = None
    return sentinel


def _release(sentinel):
    if sentinel is not None and sentinel.locked():
        sentinel.release()


def _stop_tracing():
    """Trace and profile functions are per thread on CPython: the next Thread starts without them."""
    if sys.gettrace() is not None:
        sys.settrace(None)
    if sys.getprofile() is not None:
        sys.setprofile(None)


def _reusable(worker):
    if len(_idle) >= MAX_IDLE:
        return False
    for ref in worker.locals.values():
        if ref() is not None:
            return False  # the next Thread would see this one's values
    worker.locals.clear()
    return True


def note_local(local):
    """Called by thread_local when this host thread makes a dict for `local`."""
    worker = _running.get(_get_ident())
    if worker is not None:
        worker.locals[id(local)] = weakref.ref(local)


def await_ended_threads():
    """Waits until every Thread that has left threading's table (its `_bootstrap` returning) has released its
    sentinel, so that `is_alive()` is False for it: os.fork() in a child that re-executes the program, where
    CPython's child has no other thread left."""
    me = _get_ident()
    for ident, worker in list(_running.items()):
        sentinel = _sentinel_of(worker)
        if ident != me and sentinel is not None:
            sentinel.acquire()
            sentinel.release()


def _set_sentinel():
    worker = _running.get(_get_ident())
    if worker is None:
        return _native_sentinel()  # a host thread of GraalPy's own: it releases the lock when the thread ends
    sentinel = _lock()
    worker.sentinel = weakref.ref(sentinel)
    return sentinel


def get_native_id():
    """`_thread.get_native_id()`: the pid on the main thread; each Thread's own number from the kernel."""
    ident = _get_ident()
    if ident == thread_module.main_ident:
        return _syscalls.getpid()  # not os.getpid(): unrecorded, so an os.fork() child replays the same calls
    worker = _running.get(ident)
    if worker is None:
        return _native_get_native_id()  # a host thread of GraalPy's own: its Java thread id
    if worker.native_id is None:
        worker.native_id = _syscalls.newThreadId()
    return worker.native_id


def _count():
    """Python threads running: GraalPy's count of host threads, less the idle ones."""
    return _native_count() - len(_idle)


for _function in (start_new_thread, get_native_id, _set_sentinel, _count):
    _function.__module__ = '_thread'


@patch('_thread', 'start_new_thread', 'start_new', '_set_sentinel', '_count', 'get_native_id')
def _patch_thread(_thread, services):
    global _syscalls, _services
    _syscalls = services.syscalls()
    _services = services
    _thread.get_native_id = get_native_id
    _thread.start_new_thread = start_new_thread
    _thread.start_new = start_new_thread
    _thread._set_sentinel = _set_sentinel
    _thread._count = _count


@patch('threading', '_start_new_thread', '_set_sentinel', 'get_native_id', '_main_thread._native_id',
       '_main_thread.ident')
def _patch_threading(threading, services):
    threading._start_new_thread = start_thread
    threading._set_sentinel = _set_sentinel
    threading.get_native_id = get_native_id
    main = threading._main_thread
    # threading made its main Thread (native id: GraalPy's Java thread id) on the process's main thread: the pid
    if main.ident == thread_module.main_ident == _get_ident():
        main._native_id = get_native_id()
