"""`_multiprocessing.SemLock` on kernel semaphores: CPython's semantics (Modules/_multiprocessing/semaphore.c)
for ownership, recursion, timeouts and errors; the count itself lives in the kernel, shared by every process
that holds the same handle.
"""

import _thread
import math
import weakref

from graalpy_mp import gateway

RECURSIVE_MUTEX, SEMAPHORE = 0, 1
SEM_VALUE_MAX = 2147483647  # INT_MAX: Linux's SEM_VALUE_MAX, as CPython reports it


_semaphores = None


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
        # The kernel semaphore's methods for this process, bound once: an uncontended acquire or a release is
        # one host call (reading a member of a host object per call costs more than the call, in the interpreter).
        use = gateway.call(_calls().use, handle)
        self._try_acquire, self._wait_acquire, self._post, self._value = (
            use.tryAcquire, use.acquire, use.release, use.value)
        self._kind = kind
        self._maxvalue = maxvalue
        self._name = name
        self._acquired = 0   # acquisitions by this process not yet released (recursion depth for a mutex)
        self._last_tid = 0   # the thread that acquired last
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

    def _ismine(self):
        return self._acquired > 0 and self._last_tid == _thread.get_ident()

    def acquire(self, block=True, timeout=None):
        """Acquire the semaphore/lock."""
        if self._kind == RECURSIVE_MUTEX and self._ismine():
            self._acquired += 1
            return True
        seconds = -1.0
        if block and timeout is not None:  # checked first, free or not, as CPython does
            seconds = float(timeout)
            if math.isnan(seconds) or seconds < 0.0:
                seconds = 0.0
        if not self._try_acquire():  # neither it nor _post fails with an errno: no gateway.call needed
            if not block or not gateway.call(self._wait_acquire, seconds):
                return False
        self._acquired += 1
        self._last_tid = _thread.get_ident()
        return True

    def release(self):
        """Release the semaphore/lock."""
        limit = SEM_VALUE_MAX
        if self._kind == RECURSIVE_MUTEX:
            if not self._ismine():
                raise AssertionError('attempt to release recursive lock not owned by thread')
            if self._acquired > 1:
                self._acquired -= 1
                return
        else:
            limit = self._maxvalue
        if not self._post(limit):
            raise ValueError('semaphore or lock released too many times')
        self._acquired -= 1

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        return self.release()

    def _count(self):
        """Num of `acquire()`s minus num of `release()`s for this process."""
        return self._acquired

    def _is_mine(self):
        """Whether the lock is owned by this thread."""
        return self._ismine()

    def _get_value(self):
        """Get the value of the semaphore."""
        return gateway.call(self._value)

    def _is_zero(self):
        """Return whether semaphore has value zero."""
        return self._get_value() == 0

    def _after_fork(self):
        """Rezero the net acquisition count after fork()."""
        self._acquired = 0


SemLock.__module__ = '_multiprocessing'


def _release_reference(handle):
    try:
        _calls().close(handle)
    except BaseException:  # the process is ending, or the semaphore is gone already
        pass


def sem_unlink(name):
    gateway.call(_calls().unlink, name)
