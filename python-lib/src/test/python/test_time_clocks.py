"""Clocks as CPython 3.12 on Linux: time.time's resolution, the clock_* functions and constants, and CPU time
per process (graalpy-mp's time_clocks overlay: in one JVM, process_time must count only this process's
threads; RUSAGE_CHILDREN the children it waited for). Runs unchanged under CPython 3.12."""

import errno
import multiprocessing
import os
import resource
import threading
import time
import unittest


def burn(seconds):
    """Uses `seconds` of this thread's CPU time."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


class WallClockTest(unittest.TestCase):

    def test_time_has_sub_millisecond_resolution(self):
        values = [time.time() for _ in range(2000)]
        self.assertEqual(values, sorted(values))
        self.assertGreater(len(set(values)), 100)  # millisecond steps would give a handful
        self.assertTrue(any((v * 1000) % 1 for v in values))

    def test_clock_info_tells_clock_gettime(self):
        for name, clock in (('time', 'CLOCK_REALTIME'), ('monotonic', 'CLOCK_MONOTONIC'),
                            ('perf_counter', 'CLOCK_MONOTONIC'), ('process_time', 'CLOCK_PROCESS_CPUTIME_ID'),
                            ('thread_time', 'CLOCK_THREAD_CPUTIME_ID')):
            info = time.get_clock_info(name)
            self.assertEqual(info.implementation, f'clock_gettime({clock})')
            self.assertEqual(info.resolution, 1e-09)
            self.assertEqual(info.adjustable, name == 'time')
        with self.assertRaises(ValueError):
            time.get_clock_info('nonexistent')

    def test_clock_gettime_of_each_clock(self):
        self.assertAlmostEqual(time.clock_gettime(time.CLOCK_REALTIME), time.time(), delta=0.5)
        self.assertAlmostEqual(time.clock_gettime(time.CLOCK_MONOTONIC), time.monotonic(), delta=0.5)
        self.assertAlmostEqual(time.perf_counter(), time.monotonic(), delta=0.5)
        self.assertIsInstance(time.clock_gettime_ns(time.CLOCK_MONOTONIC), int)
        first = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        self.assertLessEqual(first, time.clock_gettime_ns(time.CLOCK_MONOTONIC))
        for clock in (time.CLOCK_REALTIME, time.CLOCK_MONOTONIC, time.CLOCK_PROCESS_CPUTIME_ID,
                      time.CLOCK_THREAD_CPUTIME_ID):
            self.assertEqual(time.clock_getres(clock), 1e-09)
        self.assertEqual((time.CLOCK_REALTIME, time.CLOCK_MONOTONIC, time.CLOCK_PROCESS_CPUTIME_ID,
                          time.CLOCK_THREAD_CPUTIME_ID), (0, 1, 2, 3))

    def test_bad_clocks(self):
        for call in (lambda: time.clock_gettime(99), lambda: time.clock_getres(99),
                     lambda: time.clock_settime(time.CLOCK_MONOTONIC, 0)):
            with self.assertRaises(OSError) as caught:
                call()
            self.assertEqual(caught.exception.errno, errno.EINVAL)
        with self.assertRaises(TypeError):
            time.clock_gettime('0')

    @unittest.skipIf(os.getuid() == 0, 'root may set the clock')
    def test_clock_settime_is_refused_to_a_user(self):
        with self.assertRaises(PermissionError):
            time.clock_settime(time.CLOCK_REALTIME, time.time())

    def test_thread_cpu_clock(self):
        clock = time.pthread_getcpuclockid(threading.get_ident())
        self.assertIsInstance(clock, int)
        self.assertNotEqual(clock, time.CLOCK_THREAD_CPUTIME_ID)
        first = time.clock_gettime(clock)
        burn(0.01)
        self.assertLess(first, time.clock_gettime(clock))


class ChildrenCpuTimeTest(unittest.TestCase):
    """First of the module (unittest sorts classes by name): its os.fork() child re-executes the tests before
    it, and a multiprocessing child's finalizers run at times a replay does not repeat."""

    def test_rusage_children_after_waitpid(self):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        times_before = os.times()
        pid = os.fork()
        if pid == 0:
            burn(0.4)
            os._exit(0)
        self.assertEqual(os.waitpid(pid, 0)[1], 0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        self.assertGreater(used, 0.3)
        times_after = os.times()
        self.assertGreater(times_after.children_user + times_after.children_system
                           - times_before.children_user - times_before.children_system, 0.3)
        self.assertGreaterEqual(times_after.elapsed, times_before.elapsed)


class CpuTimeTest(unittest.TestCase):

    def test_another_threads_cpu_is_the_processs_not_this_threads(self):
        thread_before, process_before = time.thread_time(), time.process_time()
        worker = threading.Thread(target=burn, args=(0.3,))
        worker.start()
        worker.join()
        self.assertLess(time.thread_time() - thread_before, 0.2)
        self.assertGreater(time.process_time() - process_before, 0.25)

    def test_a_busy_child_is_not_an_idle_parents(self):
        before = time.process_time()
        child = multiprocessing.get_context('fork').Process(target=burn, args=(1.5,))
        child.start()
        child.join()
        self.assertEqual(child.exitcode, 0)
        self.assertLess(time.process_time() - before, 0.75)  # what starting the child costs, not its 1.5 s

    def test_rusage_self_and_thread(self):
        own = resource.getrusage(resource.RUSAGE_SELF)
        self.assertGreater(own.ru_utime + own.ru_stime, 0)
        self.assertAlmostEqual(own.ru_utime + own.ru_stime, time.process_time(), delta=0.2)
        thread = resource.getrusage(resource.RUSAGE_THREAD)
        self.assertLessEqual(thread.ru_utime + thread.ru_stime, own.ru_utime + own.ru_stime + 0.05)
        with self.assertRaises(ValueError):
            resource.getrusage(5)

    def test_times_result(self):
        result = os.times()
        self.assertEqual(len(result), 5)
        self.assertTrue(repr(result).startswith('posix.times_result(user='))
        self.assertEqual(result.user, result[0])
        self.assertTrue(all(isinstance(value, float) for value in result))


if __name__ == '__main__':
    unittest.main()
