"""`_multiprocessing.SemLock` on kernel semaphores: CPython's semantics (Modules/_multiprocessing/semaphore.c)
for ownership, recursion, timeouts and errors; the count itself lives in the kernel, shared by every process
that holds the same handle.
"""

import errno
import math
import weakref

import polyglot

from graalpy_mp import gateway

RECURSIVE_MUTEX, SEMAPHORE = 0, 1
SEM_VALUE_MAX = 2147483647  # INT_MAX: Linux's SEM_VALUE_MAX, as CPython reports it
_NOT_OWNED = 1  # the kernel's SemaphoreUse.release() result for a recursive lock of another thread


_semaphores = None
# GraalPy releases the GIL around every call into Java, and its GIL is fair: a thread waiting for it (a busy one, a
# Queue's feeder) takes it at each call, for up to its switch interval, where CPython's sem_trywait and sem_post keep
# the GIL. So the calls that cannot block are made with the GIL kept (a per-thread setting, put back after).
_keep_gil = polyglot.__set_gil_locked_during_foreign_calls__


def _calls():
    global _semaphores  # one facade per process (this module is per context): a host call saved per use
    if _semaphores is None:
        _semaphores = gateway.HostMembers(gateway.kernel.semaphores())
    return _semaphores


class SemLock:
    """Semaphore/Mutex type"""

    SEM_VALUE_MAX = SEM_VALUE_MAX

    def __init__(self, kind, value, maxvalue, name, unlink):
        if kind != RECURSIVE_MUTEX and kind != SEMAPHORE:
            raise ValueError('unrecognized kind')
        handle = gateway.call(_calls().create, name, value)
        if unlink:
            gateway.call(_calls().unlink, name)
            name = None  # CPython keeps no name for a semaphore unlinked at once
        self._setup(handle, kind, maxvalue, name)

    def _setup(self, handle, kind, maxvalue, name):
        self._handle = handle
        # The kernel's SemLock object of this process: it keeps the count of acquisitions and the owning thread,
        # so that an acquire or a release (recursive or not) is one host call, bound once here (reading a member
        # of a host object per call costs more than the call, in the interpreter).
        self._use = gateway.call(_calls().use, handle, kind, maxvalue)
        self._acquire, self._release = self._use.acquire, self._use.release
        self._kind = kind
        self._maxvalue = maxvalue
        self._name = name
        # Not at exit: children may still use the semaphore when this process's atexit handlers run.
        weakref.finalize(self, _release_reference, handle).atexit = False

    @classmethod
    def _rebuild(cls, handle, kind, maxvalue, name):
        """The same kernel semaphore in another process (after a pickle round trip)."""
        self = cls.__new__(cls)
        if name is not None:
            handle = gateway.call(_calls().open, name)
        else:
            gateway.call(_calls().retain, handle)
        self._setup(handle, kind, maxvalue, name)
        return self

    def __reduce__(self):
        # Travels (fork by state transfer) as the same kernel semaphore, one more reference to it.
        return SemLock._rebuild, (self._handle, self._kind, self._maxvalue, self._name)

    handle = property(lambda self: self._handle)
    kind = property(lambda self: self._kind)
    maxvalue = property(lambda self: self._maxvalue)
    name = property(lambda self: self._name)

    def acquire(self, block=True, timeout=None):
        """Acquire the semaphore/lock."""
        # The fewest Python operations: a child's code runs in GraalPy's interpreter for its first seconds.
        if timeout is None or not block:
            seconds = -1.0 if block else 0.0
        else:
            seconds = self._seconds(timeout)  # converted before the first try, as CPython does
        kept = _keep_gil(True)
        try:
            if self._acquire(0.0):  # 0: the kernel tries once, as CPython's sem_trywait with the GIL held
                return True
        finally:
            _keep_gil(kept)
        if seconds == 0.0:
            return False
        try:
            return self._acquire(seconds)
        except BaseException as exc:  # a wait's EINTR; host exceptions are not Exception subclasses
            gateway.raise_os_error(exc)
            raise

    __enter__ = acquire

    def _seconds(self, timeout):
        if self._kind == RECURSIVE_MUTEX and self._use.isMine():
            return -1.0  # CPython takes a lock its thread holds before it looks at the timeout
        if math.isnan(timeout):  # math converts as CPython does (TypeError 'must be real number')
            raise gateway.error(errno.EINVAL)  # sem_timedwait's, for the deadline NaN makes
        seconds = float(timeout)
        return 0.0 if seconds < 0.0 else seconds

    def release(self):
        """Release the semaphore/lock."""
        kept = _keep_gil(True)  # a release never blocks
        try:
            status = self._release()
        finally:
            _keep_gil(kept)
        if status:
            _release_failed(status)

    def __exit__(self, *args):
        kept = _keep_gil(True)  # release()'s body: one Python call fewer
        try:
            status = self._release()
        finally:
            _keep_gil(kept)
        if status:
            _release_failed(status)

    def _count(self):
        """Num of `acquire()`s minus num of `release()`s for this process."""
        return self._use.count()

    def _is_mine(self):
        """Whether the lock is owned by this thread."""
        return self._use.isMine()

    def _get_value(self):
        """Get the value of the semaphore."""
        return self._use.value()

    def _is_zero(self):
        """Return whether semaphore has value zero."""
        return self._get_value() == 0

    def _after_fork(self):
        """Rezero the net acquisition count after fork()."""
        self._use.afterFork()


SemLock.__module__ = '_multiprocessing'


def _release_failed(status):
    if status == _NOT_OWNED:
        raise AssertionError('attempt to release recursive lock not owned by thread')
    raise ValueError('semaphore or lock released too many times')


def _release_reference(handle):
    try:
        _calls().close(handle)
    except BaseException:  # the process is ending, or the semaphore is gone already
        pass


def sem_unlink(name):
    gateway.call(_calls().unlink, name)
