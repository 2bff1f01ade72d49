"""threading's locks and the primitives built on them: CPython 3.12's semantics, return values, exception
types and messages. Runs unchanged under CPython 3.12 (the reference) and under graalpy-mp."""

import _thread
import pickle
import threading
import time
import unittest


def in_thread(fn, *args):
    """Runs fn in another thread; returns its result or raises its exception."""
    box = {}

    def run():
        try:
            box['result'] = fn(*args)
        except BaseException as exc:  # handed back to the caller
            box['error'] = exc

    t = threading.Thread(target=run)
    t.start()
    t.join()
    if 'error' in box:
        raise box['error']
    return box['result']


class LockTest(unittest.TestCase):

    def test_acquire_release_locked(self):
        lock = threading.Lock()
        self.assertFalse(lock.locked())
        self.assertIs(lock.acquire(), True)
        self.assertTrue(lock.locked())
        self.assertIs(lock.acquire(False), False)
        self.assertIs(lock.acquire(blocking=False), False)
        self.assertIs(lock.acquire(timeout=0), False)
        self.assertIsNone(lock.release())
        self.assertFalse(lock.locked())

    def test_types(self):
        self.assertIsInstance(threading.Lock(), _thread.LockType)
        self.assertIs(type(threading.Lock()), type(_thread.allocate_lock()))
        self.assertEqual(type(threading.Lock()).__module__, '_thread')
        self.assertEqual(type(threading.RLock()).__module__, '_thread')
        self.assertEqual(type(threading.RLock()).__name__, 'RLock')
        self.assertTrue(repr(threading.Lock()).startswith('<unlocked _thread.lock object at 0x'))

    def test_release_unlocked(self):
        lock = threading.Lock()
        with self.assertRaises(RuntimeError) as cm:
            lock.release()
        self.assertEqual(str(cm.exception), 'release unlocked lock')
        self.assertFalse(lock.locked())
        self.assertTrue(lock.acquire(False))
        self.assertFalse(lock.acquire(False))  # the bad release did not add a permit

    def test_release_by_other_thread(self):
        lock = threading.Lock()
        lock.acquire()
        in_thread(lock.release)
        self.assertFalse(lock.locked())

    def test_bad_arguments(self):
        lock = threading.Lock()
        cases = [((False, 1), ValueError, "can't specify a timeout for a non-blocking call"),
                 ((True, -2), ValueError, 'timeout value must be positive'),
                 ((True, -0.5), ValueError, 'timeout value must be positive'),
                 ((True, float('nan')), ValueError, 'Invalid value NaN (not a number)'),
                 ((True, 1e20), OverflowError, 'timestamp out of range for platform time_t'),
                 ((True, 9223372036.854776), OverflowError, 'timestamp out of range for platform time_t'),
                 ((True, 9223372037), OverflowError, 'timestamp too large to convert to C _PyTime_t'),
                 ((False, -10 ** 20), OverflowError, 'timestamp too large to convert to C _PyTime_t'),
                 ((True, None), TypeError, "'NoneType' object cannot be interpreted as an integer"),
                 ((True, 'x'), TypeError, "'str' object cannot be interpreted as an integer")]
        for args, exc_type, message in cases:
            with self.subTest(args=args):
                with self.assertRaises(exc_type) as cm:
                    lock.acquire(*args)
                self.assertEqual(str(cm.exception), message)
                self.assertFalse(lock.locked())

    def test_timeouts(self):
        lock = threading.Lock()
        self.assertIs(lock.acquire(True, 0.01), True)
        t0 = time.monotonic()
        self.assertIs(lock.acquire(True, 0.05), False)
        self.assertGreaterEqual(time.monotonic() - t0, 0.05)
        self.assertIs(lock.acquire(False, -1), False)
        self.assertEqual(threading.TIMEOUT_MAX, _thread.TIMEOUT_MAX)
        lock.release()
        self.assertIs(lock.acquire(True, threading.TIMEOUT_MAX), True)
        lock.release()
        # TIMEOUT_MAX is rounded down to whole seconds: CPython takes up to 2**63 - 1 nanoseconds
        self.assertIs(lock.acquire(True, 9223372036.854774), True)
        self.assertIs(lock.acquire(False), False)
        lock.release()

    def test_blocking_acquire_waits_for_release(self):
        lock = threading.Lock()
        lock.acquire()
        timer = threading.Timer(0.05, lock.release)
        timer.start()
        self.assertIs(lock.acquire(), True)
        timer.join()
        lock.release()

    def test_context_manager(self):
        lock = threading.Lock()
        with lock as value:
            self.assertIs(value, True)
            self.assertTrue(lock.locked())
        self.assertFalse(lock.locked())
        with self.assertRaises(KeyError):
            with lock:
                raise KeyError('x')
        self.assertFalse(lock.locked())

    def test_not_subclassable(self):
        with self.assertRaises(TypeError):
            type('Sub', (type(threading.Lock()),), {})

    def test_pickled_by_name(self):
        # A SyncManager's registry holds threading.Lock, and a spawn or forkserver start pickles the registry:
        # graalpy-mp's threading.Lock is a class (CPython's a builtin function), pickled as `_thread.lock`.
        for obj in (threading.Lock, _thread.allocate_lock, threading.RLock, _thread.RLock):
            with self.subTest(obj=obj):
                self.assertIs(pickle.loads(pickle.dumps(obj)), obj)

    def test_aliases(self):
        lock = _thread.allocate_lock()
        self.assertTrue(lock.acquire_lock())
        self.assertTrue(lock.locked_lock())
        lock.release_lock()
        self.assertFalse(lock.locked())


class RLockTest(unittest.TestCase):

    def test_reentrant(self):
        lock = threading.RLock()
        self.assertTrue(lock.acquire())
        self.assertTrue(lock.acquire(False))
        self.assertTrue(lock._is_owned())
        self.assertEqual(lock._recursion_count(), 2)
        self.assertFalse(in_thread(lock.acquire, False))
        self.assertFalse(in_thread(lock._is_owned))
        self.assertEqual(in_thread(lock._recursion_count), 0)
        lock.release()
        lock.release()
        self.assertFalse(lock._is_owned())
        self.assertTrue(in_thread(lock.acquire, False))  # now held by a finished thread
        self.assertFalse(lock.acquire(timeout=0.01))

    def test_release_unowned(self):
        lock = threading.RLock()
        with self.assertRaises(RuntimeError) as cm:
            lock.release()
        self.assertEqual(str(cm.exception), 'cannot release un-acquired lock')
        lock.acquire()
        with self.assertRaises(RuntimeError) as cm:
            in_thread(lock.release)
        self.assertEqual(str(cm.exception), 'cannot release un-acquired lock')
        lock.release()

    def test_bad_arguments(self):
        lock = threading.RLock()
        with self.assertRaises(ValueError) as cm:
            lock.acquire(False, 1)
        self.assertEqual(str(cm.exception), "can't specify a timeout for a non-blocking call")
        with self.assertRaises(ValueError) as cm:
            lock.acquire(True, -2)
        self.assertEqual(str(cm.exception), 'timeout value must be positive')

    def test_repr_and_context_manager(self):
        lock = threading.RLock()
        self.assertRegex(repr(lock), r'^<unlocked _thread\.RLock object owner=0 count=0 at 0x[0-9a-f]+>$')
        with lock, lock:
            self.assertRegex(repr(lock), rf'^<locked _thread\.RLock object owner={threading.get_ident()} '
                                         r'count=2 at 0x[0-9a-f]+>$')
        self.assertFalse(lock._is_owned())

    def test_subclassable(self):
        class Sub(type(threading.RLock())):
            pass
        lock = Sub()
        with lock:
            self.assertTrue(lock._is_owned())  # a working lock, not just a class that can be derived from
        self.assertFalse(lock._is_owned())


class ConditionTest(unittest.TestCase):

    def test_wait_timeout_and_notify(self):
        for lock in (threading.Lock(), threading.RLock()):
            cond = threading.Condition(lock)
            with cond:
                self.assertIs(cond.wait(0.01), False)
                threading.Timer(0.02, self._notify, (cond,)).start()
                self.assertIs(cond.wait(10), True)

    @staticmethod
    def _notify(cond):
        with cond:
            cond.notify()

    def test_wait_unowned(self):
        cond = threading.Condition()
        with self.assertRaises(RuntimeError) as cm:
            cond.wait()
        self.assertEqual(str(cm.exception), 'cannot wait on un-acquired lock')
        with self.assertRaises(RuntimeError) as cm:
            cond.notify()
        self.assertEqual(str(cm.exception), 'cannot notify on un-acquired lock')

    def test_wait_for_and_notify_n(self):
        cond = threading.Condition()
        state = {'n': 0, 'woken': 0}

        def waiter():
            with cond:
                cond.wait_for(lambda: state['n'] > 0)
                state['woken'] += 1

        threads = [threading.Thread(target=waiter) for _ in range(3)]
        for t in threads:
            t.start()
        while True:
            with cond:
                if len(cond._waiters) == 3:
                    break
            time.sleep(0.001)
        with cond:
            state['n'] = 1
            cond.notify(2)
        time.sleep(0.05)
        with cond:
            self.assertEqual(state['woken'], 2)
            cond.notify_all()
        for t in threads:
            t.join()
        self.assertEqual(state['woken'], 3)
        with cond:
            self.assertIs(cond.wait_for(lambda: False, timeout=0.01), False)
            self.assertEqual(cond.wait_for(lambda: 42), 42)


class EventSemaphoreTest(unittest.TestCase):

    def test_event(self):
        event = threading.Event()
        self.assertFalse(event.is_set())
        self.assertIs(event.wait(0.01), False)
        threading.Timer(0.02, event.set).start()
        self.assertIs(event.wait(10), True)
        self.assertIs(event.wait(), True)
        event.clear()
        self.assertFalse(event.is_set())

    def test_semaphore(self):
        sem = threading.Semaphore(2)
        self.assertTrue(sem.acquire())
        self.assertTrue(sem.acquire(False))
        self.assertFalse(sem.acquire(False))
        self.assertFalse(sem.acquire(timeout=0.01))
        sem.release(2)
        with sem:
            pass
        with self.assertRaises(ValueError) as cm:
            threading.Semaphore(-1)
        self.assertEqual(str(cm.exception), 'semaphore initial value must be >= 0')
        with self.assertRaises(ValueError) as cm:
            sem.release(0)
        self.assertEqual(str(cm.exception), 'n must be one or more')
        with self.assertRaises(ValueError) as cm:
            sem.acquire(False, 1)
        self.assertEqual(str(cm.exception), "can't specify timeout for non-blocking acquire")

    def test_bounded_semaphore(self):
        sem = threading.BoundedSemaphore(1)
        sem.acquire()
        sem.release()
        with self.assertRaises(ValueError) as cm:
            sem.release()
        self.assertEqual(str(cm.exception), 'Semaphore released too many times')

    def test_counter_under_lock(self):
        lock = threading.Lock()
        box = [0]

        def work():
            for _ in range(20000):
                with lock:
                    box[0] += 1

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(box[0], 80000)


def _fail_and_keep_running(box, go):
    try:
        {}['missing']
    except KeyError as exc:
        box.append(exc)
    go.wait(10)  # this frame still runs while the other thread clears the traceback


class TracebackTest(unittest.TestCase):

    def test_clear_frames_of_an_exception_from_a_running_thread(self):
        import traceback
        for _ in range(3):  # GraalPy loses such frames from the second time on
            box, go = [], threading.Event()
            worker = threading.Thread(target=_fail_and_keep_running, args=(box, go))
            worker.start()
            while not box:
                time.sleep(0.01)
            traceback.clear_frames(box[0].__traceback__)  # unittest's assertRaises does this
            go.set()
            worker.join()


if __name__ == '__main__':
    unittest.main()
