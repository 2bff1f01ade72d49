"""Overlay of `threading.Condition` (methods patched on CPython's own class) and `threading.Semaphore.acquire`:
CPython's semantics with far fewer interpreted Python frames on their hot paths.

Why: GraalPy's interpreter spends 1-3 us on each Python-level call until the JIT has compiled the code, and
short programs (a ThreadPoolExecutor running 1000 small tasks) run mostly there. On top of CPython's pure-Python
Condition, the Python lock classes of thread_locks doubled the frames: one `executor.submit` + `result` took 47
calls, 20 of them inside the lock classes. Here a Condition over one of thread_locks' own locks (the default
RLock, or the Lock of Event, Semaphore and Barrier) works on the GraalPy lock inside it directly, and its
waiters are plain GraalPy locks that never leave the Condition. Any other lock (a user's class, a subclass,
multiprocessing's) and any subclass of Condition (it may override the hooks) take CPython's code unchanged.

`Semaphore.acquire` with a timeout <= 0 and no permit returns False at once: CPython would first wait zero
seconds on its Condition, which cannot be notified without another thread taking the lock in that instant
(ThreadPoolExecutor does this on every submit while all its workers are busy).
"""

from collections import deque

from graalpy_mp.overlays import patch
from graalpy_mp.overlays.thread_locks import RLock, lock as Lock, _native_lock, acquire_timed, block

_GENERAL, _LOCK, _RLOCK = 0, 1, 2  # Condition._kind: how its lock is reached


# Condition's hooks and waiters, and Semaphore's condition and value, are instance attributes CPython's methods
# use: test_overlay_targets checks those names in their code.
@patch('threading', 'Condition', 'RLock', 'Semaphore', 'Condition.__enter__', 'Condition.__exit__', 'Condition.wait',
       'Condition.notify', 'Condition.notify_all', 'Condition._at_fork_reinit', 'Semaphore.acquire')
def _patch(threading, services):
    condition = threading.Condition
    stock_rlock = threading.RLock  # the factory function Condition() calls; a user may replace it
    cpython = {name: getattr(condition, name) for name in ('__enter__', '__exit__', 'wait', 'notify')}

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock() if threading.RLock is stock_rlock else threading.RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        kind = type(lock)
        if kind is RLock:
            self._release_save = lock._release_save
            self._acquire_restore = lock._acquire_restore
            self._is_owned = lock._is_owned
        else:
            for hook in ('_release_save', '_acquire_restore', '_is_owned'):
                try:
                    setattr(self, hook, getattr(lock, hook))
                except AttributeError:
                    pass
        self._waiters = deque()
        if type(self) is condition:
            self._kind = _RLOCK if kind is RLock else _LOCK if kind is Lock else _GENERAL

    def __enter__(self):
        if self._kind:
            native = self._lock._native
            return native.acquire(False) or block(native)  # GIL kept when free, as thread_locks
        return cpython['__enter__'](self)

    def __exit__(self, *args):
        kind = self._kind
        if kind == _RLOCK:
            try:
                self._lock._native.release()
            except RuntimeError:
                raise RuntimeError('cannot release un-acquired lock') from None
        elif kind == _LOCK:
            native = self._lock._native
            if not native.locked():
                raise RuntimeError('release unlocked lock')
            native.release()
        else:
            return cpython['__exit__'](self, *args)

    def wait(self, timeout=None):
        kind = self._kind
        if not kind:
            return cpython['wait'](self, timeout)
        native = self._lock._native
        if not _owned(native, kind):
            raise RuntimeError('cannot wait on un-acquired lock')
        waiter = _native_lock()
        waiter.acquire(False)
        self._waiters.append(waiter)
        saved = native._release_save() if kind == _RLOCK else native.release()
        got_it = False
        try:
            if timeout is None:
                got_it = waiter.acquire(False) or block(waiter)
            elif timeout > 0:
                got_it = acquire_timed(waiter, True, timeout)
            else:
                got_it = waiter.acquire(False)
            return got_it
        finally:
            if kind == _RLOCK:
                native._acquire_restore(saved)  # GraalPy's tries without releasing the GIL first
            else:
                native.acquire(False) or native.acquire()
            if not got_it:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def notify(self, n=1):
        kind = self._kind
        if not kind:
            return cpython['notify'](self, n)
        if not _owned(self._lock._native, kind):
            raise RuntimeError('cannot notify on un-acquired lock')
        waiters = self._waiters
        while waiters and n > 0:
            waiter = waiters[0]
            # GraalPy's release of an unlocked lock does not raise: a waiter a previous notify already
            # released (and was interrupted before removing) is skipped, as CPython's RuntimeError does.
            if waiter.locked():
                waiter.release()
                n -= 1
            try:
                waiters.remove(waiter)
            except ValueError:
                pass

    condition._kind = _GENERAL  # Conditions made before this patch (threading's own) keep CPython's code
    for function in (__init__, __enter__, __exit__, wait, notify):
        function.__qualname__ = f'Condition.{function.__name__}'
        function.__module__ = 'threading'
        function.__doc__ = getattr(condition, function.__name__).__doc__
        setattr(condition, function.__name__, function)
    _patch_semaphore(threading.Semaphore)


def _owned(native, kind):
    """Condition._is_owned of CPython for thread_locks' RLock (owner check) and Lock (held by anyone)."""
    if kind == _RLOCK:
        return native._is_owned()
    if native.acquire(False):
        native.release()
        return False
    return True


def _patch_semaphore(semaphore):
    cpython_acquire = semaphore.acquire

    def acquire(self, blocking=True, timeout=None):
        if blocking and type(timeout) in (int, float) and timeout <= 0:  # cannot wait: a permit or False
            with self._cond:
                if self._value:
                    self._value -= 1
                    return True
                return False
        return cpython_acquire(self, blocking, timeout)

    acquire.__qualname__ = 'Semaphore.acquire'
    acquire.__module__ = 'threading'
    acquire.__doc__ = cpython_acquire.__doc__
    semaphore.acquire = acquire
