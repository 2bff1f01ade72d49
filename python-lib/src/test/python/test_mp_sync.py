"""multiprocessing's synchronization primitives across processes (Lock, RLock, Semaphore, BoundedSemaphore,
Condition, Event, Barrier), each used by a child and the parent, with CPython 3.12's results, exception types
and messages. Runs unchanged under CPython 3.12."""

import multiprocessing
import queue
import threading
import time
import unittest

try:
    import polyglot  # GraalPy's: whether calls into Java keep the GIL
except ImportError:
    polyglot = None

from mp_test_support import *  # noqa: F401,F403 - the children's functions and MPTestCase


class SynchronizationTest(MPTestCase):

    def test_lock_held_by_a_child(self):
        lock = multiprocessing.Lock()
        held, release = multiprocessing.Event(), multiprocessing.Event()
        child = start(hold_until, lock, held, release)
        self.assertTrue(held.wait(30))
        self.assertFalse(lock.acquire(False))
        self.assertFalse(lock.acquire(timeout=0.1))
        self.assertFalse(lock.acquire(True, 0))
        self.assertEqual(repr(lock), '<Lock(owner=SomeOtherProcess)>')
        release.set()
        self.assertTrue(lock.acquire(timeout=30))
        self.assertEqual(repr(lock), '<Lock(owner=MainProcess)>')
        lock.release()
        self.assertEqual(repr(lock), '<Lock(owner=None)>')
        self.assertRaisesMessage(ValueError, 'semaphore or lock released too many times', lock.release)
        self.join_ok(child)

    def test_rlock_held_twice_by_a_child(self):
        rlock = multiprocessing.RLock()
        held, release = multiprocessing.Event(), multiprocessing.Event()
        child = start(hold_until, rlock, held, release, 2)
        self.assertTrue(held.wait(30))
        self.assertFalse(rlock.acquire(timeout=0.1))
        self.assertEqual(repr(rlock), '<RLock(SomeOtherProcess, nonzero)>')
        self.assertRaisesMessage(AssertionError, 'attempt to release recursive lock not owned by thread',
                                 rlock.release)
        release.set()
        self.assertTrue(rlock.acquire(timeout=30))
        self.assertTrue(rlock.acquire(False))
        self.assertEqual(repr(rlock), '<RLock(MainProcess, 2)>')
        rlock.release()
        rlock.release()
        self.assertEqual(repr(rlock), '<RLock(None, 0)>')
        self.join_ok(child)

    def test_semaphore_taken_and_given_by_children(self):
        sem = multiprocessing.Semaphore(3)
        done = multiprocessing.Event()
        taker = start(acquire_n, sem, 3, done)
        self.assertTrue(done.wait(30))
        self.join_ok(taker)
        self.assertEqual(sem.get_value(), 0)
        self.assertEqual(repr(sem), '<Semaphore(value=0)>')
        self.assertFalse(sem.acquire(timeout=0.1))
        reader, writer = multiprocessing.Pipe(duplex=False)
        giver = start(release_n, sem, 2, writer)
        self.assertEqual(reader.recv(), [None, None])
        self.join_ok(giver)
        self.assertTrue(sem.acquire(timeout=30))
        self.assertTrue(sem.acquire(False))
        self.assertFalse(sem.acquire(False))

    def test_bounded_semaphore_over_released_by_a_child(self):
        sem = multiprocessing.BoundedSemaphore(2)
        self.assertTrue(sem.acquire())
        self.assertEqual(repr(sem), '<BoundedSemaphore(value=1, maxvalue=2)>')
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = start(release_n, sem, 2, writer)
        self.assertEqual(reader.recv(), [None, 'semaphore or lock released too many times'])
        self.join_ok(child)
        self.assertEqual(sem.get_value(), 2)
        self.assertRaisesMessage(ValueError, 'semaphore or lock released too many times', sem.release)

    def test_condition_notify_and_notify_all(self):
        cond = multiprocessing.Condition()
        ready, results = multiprocessing.Semaphore(0), multiprocessing.Queue()
        children = [start(wait_on_condition, cond, ready, results) for _ in range(2)]
        for _ in children:
            self.assertTrue(ready.acquire(timeout=30))
        with cond:  # both children are waiting now
            cond.notify()
        self.assertIs(results.get(timeout=30), True)
        self.assertRaises(queue.Empty, results.get, timeout=0.2)  # notify() woke one child only
        with cond:
            cond.notify_all()
        self.assertIs(results.get(timeout=30), True)
        self.join_ok(*children)
        results.close()

    def test_condition_wait_for_a_child(self):
        cond = multiprocessing.Condition(multiprocessing.Lock())
        value = multiprocessing.Value('i', 0)
        with cond:
            child = start(set_and_notify, cond, value)  # blocks on the lock until this process waits
            self.assertTrue(cond.wait_for(lambda: value.value == 1, timeout=30))
        self.join_ok(child)
        with cond:
            self.assertFalse(cond.wait(timeout=0.1))
            self.assertFalse(cond.wait_for(lambda: False, timeout=0.1))
            self.assertEqual(cond.wait_for(lambda: 7), 7)

    def test_condition_errors_on_a_lock_not_owned(self):
        cond = multiprocessing.Condition()
        self.assertRaisesMessage(AssertionError, 'must acquire() condition before using wait()', cond.wait, 0)
        self.assertRaisesMessage(AssertionError, 'lock is not owned', cond.notify)
        self.assertRaisesMessage(AssertionError, 'lock is not owned', cond.notify_all)
        held, release = multiprocessing.Event(), multiprocessing.Event()
        child = start(hold_until, cond, held, release)
        self.assertTrue(held.wait(30))
        self.assertRaisesMessage(AssertionError, 'lock is not owned', cond.notify)
        self.assertFalse(cond.acquire(timeout=0.1))
        release.set()
        self.join_ok(child)

    def test_event_set_and_cleared_across_processes(self):
        event = multiprocessing.Event()
        self.assertFalse(event.is_set())
        self.assertIs(event.wait(0.1), False)
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = start(report_event_wait, event, writer)
        event.set()
        self.assertIs(reader.recv(), True)
        self.join_ok(child)
        self.assertIs(event.wait(), True)
        self.join_ok(start(clear_event, event))
        self.assertFalse(event.is_set())
        self.assertIs(event.wait(timeout=0.05), False)

    def test_barrier_with_two_children(self):
        barrier = multiprocessing.Barrier(3)
        self.assertEqual((barrier.parties, barrier.n_waiting, barrier.broken), (3, 0, False))
        results = multiprocessing.Queue()
        children = [start(wait_at_barrier, barrier, results) for _ in range(2)]
        self.assertTrue(wait_until(lambda: barrier.n_waiting == 2))
        indices = [barrier.wait(30), results.get(timeout=30), results.get(timeout=30)]
        self.assertEqual(sorted(indices), [0, 1, 2])
        self.join_ok(*children)
        self.assertEqual(barrier.n_waiting, 0)
        results.close()

    def test_barrier_abort_and_timeout(self):
        barrier = multiprocessing.Barrier(2)
        results = multiprocessing.Queue()
        child = start(wait_at_barrier, barrier, results)
        self.assertTrue(wait_until(lambda: barrier.n_waiting == 1))
        barrier.abort()
        self.assertEqual(results.get(timeout=30), 'broken')
        self.join_ok(child)
        self.assertTrue(barrier.broken)
        self.assertRaises(threading.BrokenBarrierError, barrier.wait)
        barrier.reset()
        self.assertFalse(barrier.broken)
        self.assertRaises(threading.BrokenBarrierError, barrier.wait, 0.1)  # nobody else comes
        self.assertTrue(barrier.broken)
        child = start(wait_at_barrier, barrier, results)  # a child sees it broken too
        self.assertEqual(results.get(timeout=30), 'broken')
        self.join_ok(child)
        results.close()


class ThreadsOfOneProcessTest(unittest.TestCase):
    """A SemLock's calls that cannot block keep the GIL (as CPython's sem_trywait and sem_post do); one that waits
    must give it to the process's other threads."""

    def test_a_waiting_acquire_lets_the_other_threads_run(self):
        for lock in (multiprocessing.Lock(), multiprocessing.Semaphore(1)):
            with self.subTest(lock=lock):
                lock.acquire()
                released = []

                def release_later():
                    time.sleep(0.2)
                    released.append(sum(range(10000)))  # Python code: it needs the GIL the waiter must give up
                    lock.release()

                thread = threading.Thread(target=release_later)
                thread.start()
                self.assertTrue(lock.acquire(timeout=60))
                self.assertEqual(released, [49995000])
                lock.release()
                thread.join()

    @unittest.skipIf(polyglot is None, 'GraalPy only')
    def test_the_threads_gil_setting_is_put_back(self):
        keep = polyglot.__set_gil_locked_during_foreign_calls__
        lock, bounded = multiprocessing.RLock(), multiprocessing.BoundedSemaphore(1)
        for setting in (False, True):
            with self.subTest(setting=setting):
                keep(setting)
                try:
                    self.assertTrue(lock.acquire())
                    self.assertTrue(lock.acquire(False))
                    lock.release()
                    lock.release()
                    with self.assertRaises(AssertionError):
                        lock.release()
                    with self.assertRaises(ValueError):
                        bounded.release()
                    self.assertTrue(bounded.acquire(timeout=0.01))
                    self.assertFalse(bounded.acquire(timeout=0.01))
                    bounded.release()
                finally:
                    self.assertIs(keep(False), setting)


if __name__ == '__main__':
    unittest.main()
