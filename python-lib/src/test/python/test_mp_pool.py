"""Process pools: multiprocessing.Pool, the thread-backed multiprocessing.dummy and
concurrent.futures.ProcessPoolExecutor (graalpy-mp: workers are pooled contexts made by state transfer or spawn),
with CPython 3.12's results, exception types and messages. Runs unchanged under CPython 3.12."""

import concurrent.futures
import logging
import multiprocessing
import multiprocessing.dummy
import multiprocessing.pool
import os
import pickle
import queue
import threading
import time
import unittest
import warnings
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

TIMEOUT = 60  # only a guard against hangs: every wait below returns long before it
WORKER_STATE = None  # set in the workers by an initializer
EVENT = None  # a multiprocessing.Event handed to the workers by an initializer


class TaskError(Exception):
    """An exception class of __main__ that travels back from the workers by reference."""


def square(x):
    return x * x


def add(a, b):
    return a + b


def worker_pid(_=None):
    return os.getpid()


def set_state(*values):
    global WORKER_STATE
    WORKER_STATE = values


def get_state(_=None):
    return WORKER_STATE


def remember_event(event):
    global EVENT
    EVENT = event


def wait_for_event(x):
    """Blocks until the parent sets the event: a task that is surely still running when the parent looks."""
    EVENT.wait(TIMEOUT)
    return x


def fail_with(kind, message):
    raise {'value': ValueError, 'key': KeyError, 'task': TaskError}[kind](message)


def fail_on_three(x):
    if x == 3:
        raise ZeroDivisionError('three is not welcome')
    return x


def return_unpicklable(_=None):
    return lambda: None


def die(_=None):
    os._exit(7)


def broken_initializer():
    # The worker logs 'Exception in initializer:' to stderr; keep the test's output clean.
    logging.getLogger('concurrent.futures').addHandler(logging.NullHandler())
    raise ValueError('initializer failed')


class PoolTest(unittest.TestCase):
    """The simple API on one shared pool of two workers."""

    @classmethod
    def setUpClass(cls):
        cls.pool = multiprocessing.Pool(2)

    @classmethod
    def tearDownClass(cls):
        cls.pool.close()
        cls.pool.join()

    def test_map(self):
        self.assertEqual(self.pool.map(square, range(10)), [x * x for x in range(10)])
        self.assertEqual(self.pool.map(square, []), [])

    def test_map_with_chunksize(self):
        self.assertEqual(self.pool.map(square, range(25), chunksize=4), [x * x for x in range(25)])
        self.assertEqual(self.pool.map(square, range(3), chunksize=100), [0, 1, 4])

    def test_map_async(self):
        result = self.pool.map_async(square, range(6))
        self.assertEqual(result.get(TIMEOUT), [0, 1, 4, 9, 16, 25])
        self.assertTrue(result.ready())
        self.assertTrue(result.successful())

    def test_imap_and_imap_unordered(self):
        self.assertEqual(list(self.pool.imap(square, range(8))), [x * x for x in range(8)])
        self.assertEqual(list(self.pool.imap(square, range(8), chunksize=3)), [x * x for x in range(8)])
        self.assertEqual(sorted(self.pool.imap_unordered(square, range(8))), [x * x for x in range(8)])
        self.assertEqual(sorted(self.pool.imap_unordered(square, range(8), 2)), [x * x for x in range(8)])
        iterator = self.pool.imap(square, [5])
        self.assertEqual(iterator.next(TIMEOUT), 25)
        with self.assertRaises(StopIteration):
            iterator.next(TIMEOUT)

    def test_apply_and_apply_async(self):
        self.assertEqual(self.pool.apply(add, (2, 3)), 5)
        self.assertEqual(self.pool.apply(add, (), {'a': 'x', 'b': 'y'}), 'xy')
        result = self.pool.apply_async(square, (7,))
        self.assertEqual(result.get(TIMEOUT), 49)

    def test_workers_are_other_processes(self):
        pids = set(self.pool.map(worker_pid, range(4)))
        self.assertNotIn(os.getpid(), pids)
        self.assertLessEqual(len(pids), 2)

    def test_callbacks(self):
        results, errors = [], []
        self.pool.apply_async(square, (4,), callback=results.append, error_callback=errors.append).get(TIMEOUT)
        self.assertEqual((results, errors), ([16], []))
        self.pool.map_async(square, range(3), callback=results.append).get(TIMEOUT)
        self.assertEqual(results, [16, [0, 1, 4]])
        failing = self.pool.apply_async(fail_with, ('value', 'bad'), callback=results.append,
                                        error_callback=errors.append)
        with self.assertRaises(ValueError):
            failing.get(TIMEOUT)
        self.assertEqual(results, [16, [0, 1, 4]])
        self.assertEqual([(type(e), str(e)) for e in errors], [(ValueError, 'bad')])

    def test_starmap_and_starmap_async(self):
        pairs = [(1, 2), (3, 4), ('a', 'b')]
        self.assertEqual(self.pool.starmap(add, pairs), [3, 7, 'ab'])
        self.assertEqual(self.pool.starmap(add, pairs, chunksize=2), [3, 7, 'ab'])
        self.assertEqual(self.pool.starmap_async(add, pairs).get(TIMEOUT), [3, 7, 'ab'])

    def test_task_exception_is_reraised_with_type_and_message(self):
        for kind, exc_type, text in (('value', ValueError, 'bad value'), ('key', KeyError, "'missing'"),
                                     ('task', TaskError, 'from __main__')):
            with self.assertRaises(exc_type) as caught:
                self.pool.apply(fail_with, (kind, text.strip("'")))
            self.assertIs(type(caught.exception), exc_type)
            self.assertEqual(str(caught.exception), text)
            self.assertIsInstance(caught.exception.__cause__, multiprocessing.pool.RemoteTraceback)
            self.assertIn('Traceback (most recent call last)', str(caught.exception.__cause__))

    def test_exception_in_map_and_imap(self):
        with self.assertRaises(ZeroDivisionError) as caught:
            self.pool.map(fail_on_three, range(6))
        self.assertEqual(str(caught.exception), 'three is not welcome')
        result = self.pool.map_async(fail_on_three, range(6))
        result.wait(TIMEOUT)
        self.assertTrue(result.ready())
        self.assertFalse(result.successful())
        iterator = self.pool.imap(fail_on_three, range(6))
        self.assertEqual([next(iterator) for _ in range(3)], [0, 1, 2])
        with self.assertRaises(ZeroDivisionError):
            next(iterator)
        self.assertEqual(next(iterator), 4)

    def test_unpicklable_result(self):
        with self.assertRaises(multiprocessing.pool.MaybeEncodingError) as caught:
            self.pool.apply(return_unpicklable)
        self.assertRegex(str(caught.exception), r"^Error sending result: '<function return_unpicklable\.<locals>"
                                                r"\.<lambda> at 0x[0-9a-f]+>'\. Reason: ")
        self.assertEqual(self.pool.apply(square, (3,)), 9)  # the pool still works

    def test_pool_cannot_be_pickled(self):
        with self.assertRaises(NotImplementedError) as caught:
            pickle.dumps(self.pool)
        self.assertEqual(str(caught.exception), 'pool objects cannot be passed between processes or pickled')


class PoolLifecycleTest(unittest.TestCase):

    def test_initializer_sets_worker_state(self):
        with multiprocessing.Pool(2, initializer=set_state, initargs=('ready', 42)) as pool:
            self.assertEqual(pool.map(get_state, range(4)), [('ready', 42)] * 4)
            self.assertIsNone(get_state())  # the parent's own global is untouched
        pool.join()

    def test_maxtasksperchild_replaces_workers(self):
        with warnings.catch_warnings():  # CPython warns that the pool's threads may deadlock a fork
            warnings.simplefilter('ignore', DeprecationWarning)
            pool = multiprocessing.Pool(1, maxtasksperchild=1)
            pids = [pool.apply(worker_pid) for _ in range(3)]
            pool.close()
            pool.join()
        self.assertEqual(len(set(pids)), 3)
        self.assertNotIn(os.getpid(), pids)

    def test_timeout_ready_and_successful(self):
        event = multiprocessing.Event()
        pool = multiprocessing.Pool(2, initializer=remember_event, initargs=(event,))
        try:
            result = pool.apply_async(wait_for_event, ('done',))
            self.assertFalse(result.ready())
            with self.assertRaises(ValueError) as caught:
                result.successful()
            self.assertRegex(str(caught.exception), r'^<multiprocessing\.pool\.ApplyResult object at 0x[0-9a-f]+> '
                                                    r'not ready$')
            with self.assertRaises(multiprocessing.TimeoutError):
                result.get(timeout=0.1)
            result.wait(0.05)
            self.assertFalse(result.ready())
            iterator = pool.imap(wait_for_event, ['later'])
            with self.assertRaises(multiprocessing.TimeoutError):
                iterator.next(timeout=0.1)
            event.set()
            self.assertEqual(result.get(TIMEOUT), 'done')
            self.assertEqual(iterator.next(TIMEOUT), 'later')
            self.assertTrue(result.ready())
            self.assertTrue(result.successful())
        finally:
            event.set()
            pool.close()
            pool.join()

    def test_timeout_error_is_its_own_class(self):
        self.assertTrue(issubclass(multiprocessing.TimeoutError, multiprocessing.ProcessError))
        self.assertFalse(issubclass(multiprocessing.TimeoutError, TimeoutError))

    def test_close_then_join_and_using_a_closed_pool(self):
        pool = multiprocessing.Pool(2)
        result = pool.map_async(square, range(5))
        with self.assertRaises(ValueError) as caught:
            pool.join()
        self.assertEqual(str(caught.exception), 'Pool is still running')
        pool.close()
        pool.join()
        self.assertEqual(result.get(TIMEOUT), [0, 1, 4, 9, 16])  # queued work finishes after close()
        for use in (lambda: pool.apply(square, (1,)), lambda: pool.map(square, [1]),
                    lambda: pool.apply_async(square, (1,)), lambda: pool.imap(square, [1])):
            with self.assertRaises(ValueError) as caught:
                use()
            self.assertEqual(str(caught.exception), 'Pool not running')

    def test_terminate_stops_running_tasks(self):
        event = multiprocessing.Event()
        pool = multiprocessing.Pool(2, initializer=remember_event, initargs=(event,))
        pool.apply(square, (2,))  # the workers are up
        blocked = pool.apply_async(wait_for_event, (1,))
        pool.terminate()
        pool.join()
        self.assertFalse(blocked.ready())
        with self.assertRaises(ValueError) as caught:
            pool.map(square, [1])
        self.assertEqual(str(caught.exception), 'Pool not running')

    def test_context_manager_terminates(self):
        with multiprocessing.Pool(2) as pool:
            self.assertEqual(pool.map(square, [1, 2]), [1, 4])
        with self.assertRaises(ValueError) as caught:
            pool.apply(square, (1,))
        self.assertEqual(str(caught.exception), 'Pool not running')
        pool.join()

    def test_bad_pool_sizes(self):
        for processes in (0, -1):
            with self.assertRaises(ValueError) as caught:
                multiprocessing.Pool(processes)
            self.assertEqual(str(caught.exception), 'Number of processes must be at least 1')
        with self.assertRaises(ValueError) as caught:
            multiprocessing.Pool(1, maxtasksperchild=0)
        self.assertEqual(str(caught.exception), 'maxtasksperchild must be a positive int or None')
        with self.assertRaises(TypeError) as caught:
            multiprocessing.Pool(1, initializer=3)
        self.assertEqual(str(caught.exception), 'initializer must be a callable')

    def test_default_size_is_cpu_count(self):
        with multiprocessing.Pool() as pool:
            self.assertEqual(pool._processes, os.cpu_count())
            self.assertEqual(pool.map(square, range(4)), [0, 1, 4, 9])
        pool.join()


class DummyTest(unittest.TestCase):
    """multiprocessing.dummy: the same API on threads of this process."""

    def test_pool_runs_in_this_process(self):
        with multiprocessing.dummy.Pool(2) as pool:
            self.assertEqual(pool.map(square, range(6)), [0, 1, 4, 9, 16, 25])
            self.assertEqual(pool.apply_async(add, (1, 2)).get(TIMEOUT), 3)
            self.assertEqual(list(pool.imap(square, range(4))), [0, 1, 4, 9])
            self.assertEqual(set(pool.map(worker_pid, range(4))), {os.getpid()})
            self.assertEqual(pool.apply(lambda: 'lambdas need no pickling'), 'lambdas need no pickling')
            with self.assertRaises(TaskError) as caught:
                pool.apply(fail_with, ('task', 'thread task failed'))
            self.assertEqual(str(caught.exception), 'thread task failed')
        pool.join()
        self.assertIsInstance(pool, multiprocessing.pool.ThreadPool)

    def test_process_shares_memory(self):
        seen = []
        child = multiprocessing.dummy.Process(target=seen.append, args=('from the thread',))
        self.assertIsNone(child.exitcode)
        child.start()
        child.join()
        self.assertEqual(seen, ['from the thread'])
        self.assertEqual(child.exitcode, 0)
        self.assertFalse(child.is_alive())
        self.assertIsInstance(child, threading.Thread)

    def test_queue_and_lock(self):
        self.assertIs(multiprocessing.dummy.Queue, queue.Queue)
        self.assertIs(multiprocessing.dummy.Lock, threading.Lock)
        inbox, lock, total = multiprocessing.dummy.Queue(), multiprocessing.dummy.Lock(), [0]

        def consume():
            for item in iter(inbox.get, None):
                with lock:
                    total[0] += item

        workers = [multiprocessing.dummy.Process(target=consume) for _ in range(2)]
        for worker in workers:
            worker.start()
        for item in range(100):
            inbox.put(item)
        for _ in workers:
            inbox.put(None)
        for worker in workers:
            worker.join()
        self.assertEqual(total[0], sum(range(100)))
        self.assertTrue(lock.acquire(False))
        self.assertFalse(lock.acquire(False))
        lock.release()


class ProcessPoolExecutorTest(unittest.TestCase):

    def test_submit_and_map(self):
        with ProcessPoolExecutor(max_workers=2) as executor:
            future = executor.submit(add, 20, b=22)
            self.assertEqual(future.result(TIMEOUT), 42)
            self.assertTrue(future.done())
            self.assertEqual(list(executor.map(square, range(10))), [x * x for x in range(10)])
            self.assertEqual(list(executor.map(square, range(10), chunksize=4, timeout=TIMEOUT)),
                             [x * x for x in range(10)])
            self.assertEqual(list(executor.map(add, [1, 2], [10, 20])), [11, 22])
            self.assertNotIn(os.getpid(), set(executor.map(worker_pid, range(4))))
            with self.assertRaises(ValueError) as caught:
                executor.map(square, [1], chunksize=0)
            self.assertEqual(str(caught.exception), 'chunksize must be >= 1.')

    def test_as_completed_and_wait(self):
        event = multiprocessing.Event()
        with ProcessPoolExecutor(max_workers=2, initializer=remember_event, initargs=(event,)) as executor:
            futures = [executor.submit(square, x) for x in range(5)]
            self.assertEqual(sorted(f.result() for f in concurrent.futures.as_completed(futures, TIMEOUT)),
                             [0, 1, 4, 9, 16])
            slow = executor.submit(wait_for_event, 'slow')
            fast = executor.submit(square, 3)
            done, not_done = concurrent.futures.wait([slow, fast], TIMEOUT, return_when=FIRST_COMPLETED)
            self.assertEqual((done, not_done), ({fast}, {slow}))
            self.assertTrue(slow.running())
            done, not_done = concurrent.futures.wait([slow], timeout=0.1)
            self.assertEqual((done, not_done), (set(), {slow}))
            event.set()
            done, not_done = concurrent.futures.wait([slow, fast], TIMEOUT, return_when=ALL_COMPLETED)
            self.assertEqual((done, not_done), ({slow, fast}, set()))
            self.assertEqual(slow.result(), 'slow')

    def test_map_timeout(self):
        event = multiprocessing.Event()
        with ProcessPoolExecutor(max_workers=1, initializer=remember_event, initargs=(event,)) as executor:
            results = executor.map(wait_for_event, ['late'], timeout=0.2)
            with self.assertRaises(TimeoutError):
                next(results)
            self.assertIs(concurrent.futures.TimeoutError, TimeoutError)
            event.set()

    def test_task_exceptions(self):
        with ProcessPoolExecutor(max_workers=2) as executor:
            for kind, exc_type, text in (('value', ValueError, 'bad value'), ('key', KeyError, "'missing'"),
                                         ('task', TaskError, 'from __main__')):
                future = executor.submit(fail_with, kind, text.strip("'"))
                with self.assertRaises(exc_type) as caught:
                    future.result(TIMEOUT)
                self.assertIs(type(caught.exception), exc_type)
                self.assertEqual(str(caught.exception), text)
                self.assertIs(type(future.exception()), exc_type)
                self.assertIsInstance(caught.exception.__cause__, concurrent.futures.process._RemoteTraceback)
            results = executor.map(fail_on_three, range(6))
            self.assertEqual([next(results) for _ in range(3)], [0, 1, 2])
            with self.assertRaises(ZeroDivisionError) as caught:
                next(results)
            self.assertEqual(str(caught.exception), 'three is not welcome')

    def test_shutdown_wait(self):
        executor = ProcessPoolExecutor(max_workers=2)
        futures = [executor.submit(square, x) for x in range(6)]
        executor.shutdown(wait=True)
        self.assertTrue(all(f.done() for f in futures))
        self.assertEqual([f.result() for f in futures], [0, 1, 4, 9, 16, 25])
        executor.shutdown()  # a second shutdown does nothing

    def test_shutdown_cancel_futures(self):
        event = multiprocessing.Event()
        executor = ProcessPoolExecutor(max_workers=1, initializer=remember_event, initargs=(event,))
        first = executor.submit(wait_for_event, 0)
        deadline = time.monotonic() + TIMEOUT
        while not first.running() and time.monotonic() < deadline:  # on its way to the worker: not cancelled
            time.sleep(0.01)
        futures = [first] + [executor.submit(wait_for_event, x) for x in range(1, 8)]
        executor.shutdown(wait=False, cancel_futures=True)
        event.set()
        self.assertEqual(first.result(TIMEOUT), 0)
        executor.shutdown(wait=True)
        # The worker holds the first and the call queue at most two more (CPython may leave those RUNNING).
        self.assertEqual([f.cancelled() for f in futures[3:]], [True] * 5)
        self.assertFalse(first.cancelled())
        with self.assertRaises(concurrent.futures.CancelledError):
            futures[-1].result()

    def test_submit_after_shutdown(self):
        executor = ProcessPoolExecutor(max_workers=1)
        executor.shutdown()
        with self.assertRaises(RuntimeError) as caught:
            executor.submit(square, 2)
        self.assertEqual(str(caught.exception), 'cannot schedule new futures after shutdown')

    def test_bad_arguments(self):
        for workers in (0, -2):
            with self.assertRaises(ValueError) as caught:
                ProcessPoolExecutor(max_workers=workers)
            self.assertEqual(str(caught.exception), 'max_workers must be greater than 0')
        with self.assertRaises(TypeError) as caught:
            ProcessPoolExecutor(max_workers=1, initializer='no')
        self.assertEqual(str(caught.exception), 'initializer must be a callable')
        with self.assertRaises(ValueError) as caught:
            ProcessPoolExecutor(max_workers=1, max_tasks_per_child=0,
                                mp_context=multiprocessing.get_context('spawn'))
        self.assertEqual(str(caught.exception), 'max_tasks_per_child must be >= 1')
        with self.assertRaises(ValueError) as caught:
            ProcessPoolExecutor(max_workers=1, max_tasks_per_child=1, mp_context=multiprocessing.get_context('fork'))
        self.assertEqual(str(caught.exception), "max_tasks_per_child is incompatible with the 'fork' "
                                                "multiprocessing start method; supply a different mp_context.")

    def test_initializer_and_initargs(self):
        with ProcessPoolExecutor(max_workers=2, initializer=set_state, initargs=('ready', 7)) as executor:
            self.assertEqual(list(executor.map(get_state, range(4))), [('ready', 7)] * 4)
        self.assertIsNone(get_state())

    def test_failing_initializer_breaks_the_pool(self):
        with ProcessPoolExecutor(max_workers=1, initializer=broken_initializer) as executor:
            future = executor.submit(square, 2)
            with self.assertRaises(BrokenProcessPool) as caught:
                future.result(TIMEOUT)
            self.assertEqual(str(caught.exception), 'A process in the process pool was terminated abruptly '
                                                    'while the future was running or pending.')
            with self.assertRaises(BrokenProcessPool) as caught:
                executor.submit(square, 3)
            self.assertEqual(str(caught.exception), 'A child process terminated abruptly, '
                                                    'the process pool is not usable anymore')

    def test_dying_worker_breaks_the_pool(self):
        with ProcessPoolExecutor(max_workers=2) as executor:
            self.assertEqual(executor.submit(square, 5).result(TIMEOUT), 25)
            future = executor.submit(die)
            with self.assertRaises(BrokenProcessPool) as caught:
                future.result(TIMEOUT)
            self.assertEqual(str(caught.exception), 'A process in the process pool was terminated abruptly '
                                                    'while the future was running or pending.')
            self.assertTrue(issubclass(BrokenProcessPool, concurrent.futures.BrokenExecutor))
            with self.assertRaises(BrokenProcessPool):
                executor.submit(square, 3)

    def test_spawn_context(self):
        context = multiprocessing.get_context('spawn')
        with ProcessPoolExecutor(max_workers=2, mp_context=context, initializer=set_state,
                                 initargs=('spawned',)) as executor:
            self.assertEqual(list(executor.map(square, range(6), chunksize=2)), [0, 1, 4, 9, 16, 25])
            self.assertEqual(executor.submit(get_state).result(TIMEOUT), ('spawned',))
            with self.assertRaises(TaskError) as caught:
                executor.submit(fail_with, 'task', 'spawned failure').result(TIMEOUT)
            self.assertEqual(str(caught.exception), 'spawned failure')

    def test_max_tasks_per_child_replaces_workers(self):
        executor = ProcessPoolExecutor(max_workers=1, max_tasks_per_child=2)
        self.assertEqual(executor._mp_context.get_start_method(), 'spawn')  # chosen because fork cannot do it
        try:
            pids = [executor.submit(worker_pid).result(TIMEOUT) for _ in range(4)]
        finally:
            executor.shutdown()
        self.assertEqual(pids[0], pids[1])
        self.assertEqual(pids[2], pids[3])
        self.assertNotEqual(pids[0], pids[2])
        self.assertNotIn(os.getpid(), pids)



class UnpicklableArgumentTest(unittest.TestCase):
    """An argument that cannot be pickled fails in the pool's task-handler thread of the parent; the error reaches
    the caller, whose assertRaises clears the traceback's frames (one of them still running in that thread)."""

    def test_unpicklable_argument(self):
        with multiprocessing.Pool(1) as pool:
            with self.assertRaises(AttributeError) as caught:
                pool.apply(square, (lambda: 1,))
            self.assertRegex(str(caught.exception), r"^Can't pickle local ")  # the rest is pickle's own wording
            self.assertEqual(pool.apply(square, (3,)), 9)  # the pool still works
        pool.join()


if __name__ == '__main__':
    unittest.main()
