"""threading.Condition over every kind of lock, and Semaphore.acquire without waiting: CPython 3.12's semantics,
return values, exception types and messages. Runs unchanged under CPython 3.12 (the reference) and under
graalpy-mp, where a Condition over threading's own Lock or RLock takes a shorter path than over other locks."""

import re
import threading
import time
import unittest


class UserLock:
    """A lock of the program's own: Condition must go through its methods."""

    def __init__(self):
        self.inner = threading.Lock()
        self.calls = 0

    def acquire(self, blocking=True, timeout=-1):
        self.calls += 1
        return self.inner.acquire(blocking, timeout)

    def release(self):
        self.calls += 1
        self.inner.release()

    __enter__ = acquire

    def __exit__(self, *args):
        self.release()


class SubRLock(threading.RLock().__class__):
    pass


class CountingCondition(threading.Condition):
    """A subclass whose hook must be used by wait."""

    owned_checks = 0

    def _is_owned(self):
        CountingCondition.owned_checks += 1
        return super()._is_owned()


LOCKS = {'Lock': threading.Lock, 'RLock': threading.RLock, 'UserLock': UserLock, 'SubRLock': SubRLock}


def wait_for_waiters(cond, n):
    while True:
        with cond:
            if len(cond._waiters) >= n:
                return
        time.sleep(0.001)


class ConditionKindsTest(unittest.TestCase):

    def each_condition(self):
        for name, make in LOCKS.items():
            with self.subTest(lock=name):
                yield threading.Condition(make())

    def test_wait_timeout_notify_and_notify_all(self):
        for cond in self.each_condition():
            with cond:
                self.assertIs(cond.wait(0.01), False)
                self.assertIs(cond.wait(0), False)
                self.assertIs(cond.wait(-1), False)
                self.assertIs(cond.wait(float('nan')), False)
                self.assertEqual(len(cond._waiters), 0)
            woken = []

            def waiter():
                with cond:
                    woken.append(cond.wait(10))

            threads = [threading.Thread(target=waiter) for _ in range(3)]
            for t in threads:
                t.start()
            wait_for_waiters(cond, 3)
            with cond:
                cond.notify(2)
                self.assertEqual(len(cond._waiters), 1)
            wait_for_waiters(cond, 1)
            with cond:
                cond.notify_all()
                cond.notify()  # no waiter left: nothing happens
            for t in threads:
                t.join()
            self.assertEqual(woken, [True, True, True])

    def test_wait_for(self):
        for cond in self.each_condition():
            box = []
            threading.Timer(0.02, lambda: (cond.acquire(), box.append(1), cond.notify(), cond.release())).start()
            with cond:
                self.assertIs(cond.wait_for(lambda: box, timeout=10), box)
                self.assertIs(cond.wait_for(lambda: False, timeout=0.01), False)

    def test_bad_timeouts_keep_the_lock_and_leave_no_waiter(self):
        cases = [('x', TypeError, "'>' not supported between instances of 'str' and 'int'"),
                 (1e20, OverflowError, 'timestamp out of range for platform time_t'),
                 (10 ** 20, OverflowError, 'timestamp too large to convert to C _PyTime_t')]
        for cond in self.each_condition():
            with cond:
                for timeout, exc_type, message in cases:
                    with self.assertRaises(exc_type) as cm:
                        cond.wait(timeout)
                    self.assertEqual(str(cm.exception), message)
                    self.assertEqual(len(cond._waiters), 0)
                    self.assertIs(cond._is_owned(), True)

    def test_unowned(self):
        for cond in self.each_condition():
            for call, message in ((cond.wait, 'cannot wait on un-acquired lock'),
                                  (cond.notify, 'cannot notify on un-acquired lock'),
                                  (cond.notify_all, 'cannot notify on un-acquired lock')):
                with self.assertRaises(RuntimeError) as cm:
                    call()
                self.assertEqual(str(cm.exception), message)

    def test_lock_held_by_another_thread_counts_as_owned(self):
        # CPython's test for a lock without _is_owned: "someone holds it"
        lock = threading.Lock()
        cond = threading.Condition(lock)
        held, done = threading.Event(), threading.Event()

        def holder():
            with lock:
                held.set()
                done.wait(10)

        t = threading.Thread(target=holder)
        t.start()
        held.wait(10)
        cond.notify()
        self.assertIs(cond._is_owned(), True)
        done.set()
        t.join()
        rcond = threading.Condition(threading.RLock())
        rcond.acquire()
        self.assertIs(in_other_thread(rcond._is_owned), False)
        rcond.release()

    def test_exit_after_releasing_inside_with(self):
        expected = {'Lock': 'release unlocked lock', 'RLock': 'cannot release un-acquired lock',
                    'SubRLock': 'cannot release un-acquired lock'}
        for name, message in expected.items():
            cond = threading.Condition(LOCKS[name]())
            with self.assertRaises(RuntimeError) as cm:
                with cond:
                    cond.release()
            self.assertEqual(str(cm.exception), message)

    def test_rlock_recursion_restored_after_wait(self):
        lock = threading.RLock()
        cond = threading.Condition(lock)
        with cond, cond, cond:
            self.assertIs(cond.wait(0.01), False)
            self.assertEqual(lock._recursion_count(), 3)
            self.assertEqual(in_other_thread(lambda: lock.acquire(False)), False)
        self.assertEqual(lock._recursion_count(), 0)
        with self.assertRaises(RuntimeError):
            lock.release()

    def test_user_lock_methods_and_subclass_hooks_are_used(self):
        lock = UserLock()
        cond = threading.Condition(lock)
        with cond:
            cond.wait(0.001)
        self.assertEqual(lock.calls, 5)  # enter, ownership probe, release, re-acquire, exit
        cond = CountingCondition(threading.Lock())  # an RLock would shadow the hook with its own, as on CPython
        with cond:
            cond.wait(0.001)
            cond.notify()
        self.assertEqual(CountingCondition.owned_checks, 2)

    def test_notify_skips_a_waiter_already_released(self):
        # gh-92530: a notify interrupted between releasing a waiter and removing it leaves it at the head
        cond = threading.Condition()
        woken = []
        t = threading.Thread(target=lambda: cond.acquire() and (woken.append(cond.wait(10)), cond.release()))
        t.start()
        wait_for_waiters(cond, 1)
        with cond:
            cond._waiters.appendleft(threading.Lock())  # an unlocked waiter: released before
            cond.notify()
            self.assertEqual(len(cond._waiters), 0)
        t.join()
        self.assertEqual(woken, [True])

    def test_repr_and_fork_reinit(self):
        lock = threading.Lock()
        cond = threading.Condition(lock)
        self.assertRegex(repr(cond), r'^<Condition\(<unlocked _thread\.lock object at 0x[0-9a-f]+>, 0\)>$')
        cond.acquire()
        self.assertTrue(re.match(r'^<Condition\(<locked _thread\.lock', repr(cond)))
        cond._at_fork_reinit()
        self.assertFalse(lock.locked())
        with cond:
            self.assertIs(cond.wait(0.001), False)
        self.assertFalse(lock.locked())

    def test_api(self):
        self.assertEqual(threading.Condition.__module__, 'threading')
        self.assertEqual(threading.Condition.wait.__qualname__, 'Condition.wait')
        self.assertIn('Wait until notified or until a timeout occurs.', threading.Condition.wait.__doc__)
        cond = threading.Condition()
        self.assertIs(type(cond._lock), type(threading.RLock()))


class SemaphoreWithoutWaitingTest(unittest.TestCase):

    def test_zero_and_negative_timeouts(self):
        for make in (threading.Semaphore, threading.BoundedSemaphore):
            sem = make(1)
            self.assertIs(sem.acquire(timeout=0), True)
            self.assertIs(sem.acquire(timeout=0), False)
            self.assertIs(sem.acquire(True, -5), False)
            self.assertIs(sem.acquire(timeout=0.0), False)
            self.assertIs(sem.acquire(blocking=False), False)
            sem.release()
            self.assertIs(sem.acquire(timeout=-1.5), True)
            sem.release()

    def test_odd_timeouts(self):
        sem = threading.Semaphore(1)
        self.assertIs(sem.acquire(timeout='x'), True)  # a permit is there: the timeout is never looked at
        with self.assertRaises(TypeError) as cm:
            sem.acquire(timeout='x')
        self.assertEqual(str(cm.exception), "unsupported operand type(s) for +: 'float' and 'str'")
        with self.assertRaises(ValueError) as cm:
            sem.acquire(False, 0)
        self.assertEqual(str(cm.exception), "can't specify timeout for non-blocking acquire")
        self.assertIs(sem.acquire(timeout=False), False)  # False is 0 seconds

    def test_permit_released_by_another_thread(self):
        sem = threading.Semaphore(0)
        threading.Timer(0.02, sem.release).start()
        self.assertIs(sem.acquire(timeout=10), True)
        self.assertIs(sem.acquire(timeout=0), False)


def in_other_thread(fn):
    box = []
    t = threading.Thread(target=lambda: box.append(fn()))
    t.start()
    t.join()
    return box[0]


if __name__ == '__main__':
    unittest.main()
