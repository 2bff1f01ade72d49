"""multiprocessing with the fork start method (graalpy-mp: state transfer between contexts): processes, their
exit codes, pipes, queues and locks across processes, with CPython 3.12's results and errors. Runs unchanged
under CPython 3.12."""

import multiprocessing
import os
import signal
import sys
import time
import traceback
import unittest
import weakref

COUNTER = 10  # a module-level global the children see as the parent had it at start()


def send_pid_and_global(conn):
    conn.send((os.getpid(), os.getppid(), COUNTER, multiprocessing.current_process().name,
               multiprocessing.parent_process().pid))
    conn.close()


def exit_with(code):
    sys.exit(code)


def fail():
    raise ValueError('boom in the child')


def sleep_long():
    time.sleep(60)


def release_twice(sem):
    sem.release()
    sem.release()


def fork_a_grandchild(conn):
    """os.fork() inside a multiprocessing child: the grandchild writes through a pipe made before the fork."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.write(w, f'grandchild of {os.getppid()}'.encode())
        os._exit(7)
    os.close(w)
    conn.send((os.read(r, 100) == f'grandchild of {os.getpid()}'.encode(),
               os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])))
    conn.close()


def echo_queue(inbox, outbox):
    for item in iter(inbox.get, None):
        outbox.put(item * 2)


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def norm1(self):
        return abs(self.x) + abs(self.y)


class ProcessTest(unittest.TestCase):

    def test_start_methods_are_cpythons_on_linux(self):
        self.assertEqual(multiprocessing.get_all_start_methods(), ['fork', 'spawn', 'forkserver'])
        self.assertEqual(multiprocessing.get_start_method(), 'fork')

    def test_child_sees_globals_pid_and_names(self):
        global COUNTER
        COUNTER = 42
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.Process(target=send_pid_and_global, args=(writer,))
        child.start()
        writer.close()
        pid, ppid, counter, name, parent_pid = reader.recv()
        child.join()
        self.assertEqual(pid, child.pid)
        self.assertEqual(ppid, os.getpid())
        self.assertEqual(parent_pid, os.getpid())
        self.assertEqual(counter, 42)
        self.assertEqual(name, child.name)
        self.assertEqual(child.exitcode, 0)

    def test_os_fork_inside_a_child_of_each_start_method(self):
        for method in ('fork', 'spawn', 'forkserver'):
            with self.subTest(method=method):
                reader, writer = multiprocessing.Pipe(duplex=False)
                child = multiprocessing.get_context(method).Process(target=fork_a_grandchild, args=(writer,))
                child.start()
                writer.close()
                self.assertEqual(reader.recv(), (True, 7))
                child.join(60)
                self.assertEqual(child.exitcode, 0)
                reader.close()

    def test_lambda_and_closure_targets(self):
        reader, writer = multiprocessing.Pipe()
        offset = 5
        child = multiprocessing.Process(target=lambda c: c.send(Point(3, -4).norm1() + offset), args=(writer,))
        child.start()
        self.assertEqual(reader.recv(), 12)
        child.join()
        self.assertEqual(child.exitcode, 0)

    def test_exit_codes(self):
        for target, args, expected in ((exit_with, (3,), 3), (exit_with, (None,), 0), (fail, (), 1)):
            child = multiprocessing.Process(target=target, args=args)
            if target is fail:
                stderr, sys.stderr = sys.stderr, open(os.devnull, 'w')  # the child's traceback is expected
            child.start()
            child.join()
            if target is fail:
                sys.stderr.close()
                sys.stderr = stderr
            self.assertEqual(child.exitcode, expected, target.__name__)

    def test_terminate_and_kill_a_sleeping_child(self):
        for method, code in (('terminate', -signal.SIGTERM), ('kill', -signal.SIGKILL)):
            child = multiprocessing.Process(target=sleep_long, daemon=True)
            child.start()
            self.assertTrue(child.is_alive())
            getattr(child, method)()
            child.join(5)
            self.assertEqual(child.exitcode, code)
            self.assertFalse(child.is_alive())

    def test_join_timeout_returns_with_child_alive(self):
        child = multiprocessing.Process(target=sleep_long, daemon=True)
        child.start()
        start = time.monotonic()
        child.join(0.2)
        self.assertGreaterEqual(time.monotonic() - start, 0.19)
        self.assertIsNone(child.exitcode)
        child.terminate()
        child.join()

    def test_semaphore_released_by_a_child(self):
        sem = multiprocessing.Semaphore(0)
        child = multiprocessing.Process(target=release_twice, args=(sem,))
        child.start()
        child.join()
        self.assertTrue(sem.acquire(timeout=5))
        self.assertTrue(sem.acquire(False))
        self.assertFalse(sem.acquire(False))

    def test_queue_round_trip(self):
        inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
        child = multiprocessing.Process(target=echo_queue, args=(inbox, outbox))
        child.start()
        for item in range(5):
            inbox.put(item)
        inbox.put(None)
        self.assertEqual([outbox.get(timeout=10) for _ in range(5)], [0, 2, 4, 6, 8])
        child.join()
        self.assertEqual(child.exitcode, 0)


def square(x):
    return x * x


def die_at_once():
    os._exit(3)


class _Node:
    pass


_ROOT = _Node()
_WEAK = weakref.ref(_ROOT)
_WEAK_VALUES = weakref.WeakValueDictionary({'root': _ROOT})
_WEAK_SET = weakref.WeakSet([_ROOT])


class _HoldsAWeakReference:
    def __init__(self, target):
        self.ref = weakref.ref(target)


_HOLDER = _HoldsAWeakReference(_ROOT)


def report_weak_references(queue):
    queue.put((_WEAK() is _ROOT, _WEAK_VALUES['root'] is _ROOT, _ROOT in _WEAK_SET, _HOLDER.ref() is _ROOT))


class WeakReferencesTest(unittest.TestCase):

    def test_globals_holding_weak_references_are_copied_as_a_fork_copies_them(self):
        queue = multiprocessing.get_context('fork').SimpleQueue()
        p = multiprocessing.get_context('fork').Process(target=report_weak_references, args=(queue,))
        p.start()
        self.assertEqual((True, True, True, True), queue.get())
        p.join(60)
        self.assertEqual(0, p.exitcode)


def _attach(pid):
    if os.getpid() != pid:
        raise FileNotFoundError(2, 'No such file or directory', f'/resource_of_{pid}')
    return _OnlyHere()


class _OnlyHere:
    """Rebuilt from a pickle only in the process that made it (as a ShareableList whose memory is unlinked)."""

    def __reduce__(self):
        return _attach, (os.getpid(),)


_ONLY_HERE = _OnlyHere()
_HOLDS_IT = [_ONLY_HERE, 5]


def report_globals_around_one_not_rebuilt(queue):
    queue.put((type(_HOLDS_IT).__name__, _HOLDS_IT[1], _HOLDS_IT[0] is _ONLY_HERE, square(4)))


def fail_in_child(queue):
    try:
        raise ValueError('in the child')
    except ValueError as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        queue.put((frame.filename, frame.name, frame.line))


class ForkedGlobalsTest(unittest.TestCase):

    def run_child(self, target):
        context = multiprocessing.get_context('fork')
        queue = context.SimpleQueue()
        p = context.Process(target=target, args=(queue,))
        p.start()
        result = queue.get()
        p.join(60)
        self.assertEqual(0, p.exitcode)
        return result

    def test_a_global_that_cannot_be_rebuilt_leaves_the_others(self):
        # A fork copies memory; a transfer rebuilds objects, which may fail: the child still runs.
        self.assertEqual(('list', 5, True, 16), self.run_child(report_globals_around_one_not_rebuilt))

    def test_the_childs_tracebacks_name_the_file_and_line(self):
        self.assertEqual((os.path.abspath(__file__), 'fail_in_child', "raise ValueError('in the child')"),
                         self.run_child(fail_in_child))


class ProcessPoolExecutorTest(unittest.TestCase):

    def test_map_submit_and_a_dying_worker(self):
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool
        self.assertEqual(os.sysconf('SC_SEM_NSEMS_MAX'), -1)
        with ProcessPoolExecutor(max_workers=2) as executor:
            self.assertEqual(list(executor.map(square, range(8), chunksize=3)), [x * x for x in range(8)])
            futures = [executor.submit(square, x) for x in range(4)]
            self.assertEqual(sorted(f.result() for f in as_completed(futures)), [0, 1, 4, 9])
        with ProcessPoolExecutor(max_workers=1) as executor:
            with self.assertRaises(BrokenProcessPool):
                executor.submit(die_at_once).result(timeout=60)


class LockErrorsTest(unittest.TestCase):

    def test_lock_release_unlocked(self):
        with self.assertRaises(ValueError) as caught:
            multiprocessing.Lock().release()
        self.assertEqual(str(caught.exception), 'semaphore or lock released too many times')

    def test_rlock_release_not_owned(self):
        with self.assertRaises(AssertionError) as caught:
            multiprocessing.RLock().release()
        self.assertEqual(str(caught.exception), 'attempt to release recursive lock not owned by thread')

    def test_bounded_semaphore_over_release(self):
        sem = multiprocessing.BoundedSemaphore(1)
        with self.assertRaises(ValueError):
            sem.release()

    def test_acquire_timeout_and_recursion(self):
        lock = multiprocessing.Lock()
        self.assertTrue(lock.acquire())
        start = time.monotonic()
        self.assertFalse(lock.acquire(timeout=0.1))
        self.assertGreaterEqual(time.monotonic() - start, 0.09)
        self.assertFalse(lock.acquire(False))
        lock.release()
        rlock = multiprocessing.RLock()
        with rlock:
            with rlock:
                self.assertTrue(rlock._semlock._is_mine())
                self.assertEqual(rlock._semlock._count(), 2)
        self.assertEqual(rlock._semlock._count(), 0)

    def test_repr_and_value(self):
        sem = multiprocessing.Semaphore(3)
        self.assertEqual(sem.get_value(), 3)
        self.assertRegex(repr(sem), r'<Semaphore\(value=3\)>')
        self.assertRegex(repr(multiprocessing.Lock()), r'<Lock\(owner=None\)>')


if __name__ == '__main__':
    unittest.main()
