"""setitimer/getitimer: the real timer on the wall clock, the virtual and profiling timers on the process's own CPU
time; CPython's argument errors. Runs under CPython 3.12 and graalpy-mp alike."""

import multiprocessing
import signal
import time
import unittest

CPU_TIMERS = ((signal.ITIMER_VIRTUAL, signal.SIGVTALRM), (signal.ITIMER_PROF, signal.SIGPROF))


def busy_until(condition, limit=30.0):
    end = time.monotonic() + limit
    while not condition() and time.monotonic() < end:
        pow(12345, 67890, 10000019)


class ArgumentErrors(unittest.TestCase):

    def test_errors_as_cpython(self):
        cases = [((0, '1'), TypeError, "'str' object cannot be interpreted as an integer"),
                 ((0, 1.5, 'x'), TypeError, "'str' object cannot be interpreted as an integer"),
                 ((1.0, 1), TypeError, "'float' object cannot be interpreted as an integer"),
                 ((0, float('nan')), ValueError, 'Invalid value NaN (not a number)'),
                 ((0, 1e30), OverflowError, 'timestamp out of range for platform time_t'),
                 ((0, 2 ** 70), OverflowError, 'timestamp too large to convert to C _PyTime_t'),
                 ((2 ** 40, 1), OverflowError, 'Python int too large to convert to C int'),
                 ((0, -1), signal.ItimerError, '[Errno 22] Invalid argument'),
                 ((0, 1, -1), signal.ItimerError, '[Errno 22] Invalid argument'),
                 ((5, 1), signal.ItimerError, '[Errno 22] Invalid argument')]
        for args, error, message in cases:
            with self.subTest(args=args), self.assertRaises(error) as caught:
                signal.setitimer(*args)
            self.assertEqual(message, str(caught.exception))
        with self.assertRaises(signal.ItimerError):
            signal.getitimer(-1)
        self.assertEqual((0.0, 0.0), signal.getitimer(signal.ITIMER_REAL))

    def test_itimer_error_names_itself_as_cpython(self):
        self.assertTrue(issubclass(signal.ItimerError, OSError))
        self.assertEqual('signal.itimer_error', f'{signal.ItimerError.__module__}.{signal.ItimerError.__name__}')


class CpuTimeTimers(unittest.TestCase):

    def tearDown(self):
        for which, signum in CPU_TIMERS:
            signal.setitimer(which, 0)
            signal.signal(signum, signal.SIG_DFL)

    def test_fire_on_cpu_time_until_disarmed(self):
        for which, signum in CPU_TIMERS:
            with self.subTest(which=which):
                calls = []

                def handler(number, frame):
                    calls.append(number)
                    if len(calls) == 3:
                        signal.setitimer(which, 0)
                signal.signal(signum, handler)
                self.assertEqual((0.0, 0.0), signal.setitimer(which, 0.05, 0.02))
                left, interval = signal.getitimer(which)
                self.assertTrue(0 < left <= 0.06, left)
                self.assertAlmostEqual(0.02, interval, places=2)
                busy_until(lambda: signal.getitimer(which) == (0.0, 0.0))
                self.assertEqual([signum] * 3, calls)

    def test_virtual_time_stands_still_while_asleep(self):
        fired = []
        signal.signal(signal.SIGVTALRM, lambda *args: fired.append(1))
        signal.setitimer(signal.ITIMER_VIRTUAL, 0.2)
        time.sleep(0.5)
        self.assertEqual([], fired)
        self.assertGreater(signal.getitimer(signal.ITIMER_VIRTUAL)[0], 0.1)

    def test_setitimer_returns_the_previous_timer(self):
        signal.setitimer(signal.ITIMER_PROF, 100, 5)
        left, interval = signal.setitimer(signal.ITIMER_PROF, 0)
        self.assertTrue(99 < left <= 100.01, left)  # Linux rounds a CPU timer up to its tick
        self.assertEqual(5.0, interval)
        self.assertEqual((0.0, 0.0), signal.getitimer(signal.ITIMER_PROF))


def expire_by_default(which):
    signal.setitimer(which, 0.05)
    busy_until(lambda: False, limit=20)


def report_timer(queue):
    queue.put(signal.getitimer(signal.ITIMER_PROF))


class TimersAndChildren(unittest.TestCase):

    def test_default_action_ends_the_process_by_the_signal(self):
        for which, signum in CPU_TIMERS:
            with self.subTest(which=which):
                child = multiprocessing.get_context('fork').Process(target=expire_by_default, args=(which,))
                child.start()
                child.join(60)
                self.assertEqual(-signum, child.exitcode)

    def test_a_fork_child_does_not_inherit_a_timer(self):
        signal.setitimer(signal.ITIMER_PROF, 100)
        try:
            context = multiprocessing.get_context('fork')
            queue = context.Queue()
            child = context.Process(target=report_timer, args=(queue,))
            child.start()
            self.assertEqual((0.0, 0.0), queue.get(timeout=60))
            child.join(60)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)


if __name__ == '__main__':
    unittest.main()
