"""time.sleep as CPython 3.12 has it: its argument's conversion and errors, whole-second ints that take their
time and no more, sleep(0) as a yield, signal handlers during a sleep (PEP 475). Runs unchanged under CPython 3.12."""

import decimal
import fractions
import os
import signal
import threading
import time
import unittest


class SleepArgumentTest(unittest.TestCase):

    def assert_refused(self, argument, error, message):
        with self.assertRaises(error) as caught:
            time.sleep(argument)
        self.assertEqual(str(caught.exception), message)

    def test_numbers_of_other_kinds_are_refused(self):
        self.assert_refused(fractions.Fraction(1, 100), TypeError,
                            "'Fraction' object cannot be interpreted as an integer")
        with self.assertRaises(TypeError):  # its message names the type as the runtime's Decimal does
            time.sleep(decimal.Decimal('0.01'))
        self.assert_refused('1', TypeError, "'str' object cannot be interpreted as an integer")
        self.assert_refused(None, TypeError, "'NoneType' object cannot be interpreted as an integer")

    def test_out_of_range(self):
        self.assert_refused(float('nan'), ValueError, 'Invalid value NaN (not a number)')
        self.assert_refused(-1, ValueError, 'sleep length must be non-negative')
        self.assert_refused(-0.5, ValueError, 'sleep length must be non-negative')
        self.assert_refused(10 ** 30, OverflowError, 'timestamp too large to convert to C _PyTime_t')
        self.assert_refused(1e300, OverflowError, 'timestamp out of range for platform time_t')
        self.assert_refused(float('inf'), OverflowError, 'timestamp out of range for platform time_t')

    def test_an_index_and_a_bool_are_whole_seconds(self):
        class Zero:
            def __index__(self):
                return 0
        time.sleep(Zero())
        time.sleep(False)

    def test_it_is_a_builtin(self):
        self.assertEqual(repr(time.sleep), '<built-in function sleep>')
        self.assertIn('Delay execution', time.sleep.__doc__)


class SleepDurationTest(unittest.TestCase):

    def timed(self, argument):
        start = time.monotonic()
        time.sleep(argument)
        return time.monotonic() - start

    def test_an_int_takes_its_seconds_not_up_to_one_more(self):
        # GraalPy 25.0.3's own sleep(1) waits for the wall clock's next whole second after the deadline: 1-2 s.
        self.assertTrue(1.0 <= self.timed(1) < 1.5)

    def test_zero_returns_at_once(self):
        self.assertLess(sum(self.timed(0) for _ in range(5)), 0.5)  # GraalPy's: up to 1 s each

    def test_a_float_takes_at_least_its_time(self):
        for seconds in (0.0001, 0.01, 0.05):
            self.assertGreaterEqual(self.timed(seconds), seconds)

    def test_zero_lets_another_thread_run(self):
        ran = []
        worker = threading.Thread(target=ran.append, args=(1,))
        worker.start()
        deadline = time.monotonic() + 10
        while not ran and time.monotonic() < deadline:
            time.sleep(0)
        worker.join()
        self.assertEqual(ran, [1])


class SleepSignalTest(unittest.TestCase):

    def setUp(self):
        self.addCleanup(signal.setitimer, signal.ITIMER_REAL, 0)
        self.addCleanup(signal.signal, signal.SIGALRM, signal.getsignal(signal.SIGALRM))

    def test_a_handler_runs_and_the_sleep_goes_on(self):
        handled = []
        signal.signal(signal.SIGALRM, lambda signum, frame: handled.append(signum))
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        start = time.monotonic()
        time.sleep(0.4)
        self.assertGreaterEqual(time.monotonic() - start, 0.4)
        self.assertEqual(handled, [signal.SIGALRM])

    def test_a_handler_that_raises_ends_the_sleep(self):
        def interrupt(signum, frame):
            raise InterruptedError('from the handler')
        signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        start = time.monotonic()
        with self.assertRaisesRegex(InterruptedError, 'from the handler'):
            time.sleep(30)
        self.assertLess(time.monotonic() - start, 10)

    def test_a_signal_from_another_thread(self):
        handled = []
        signal.signal(signal.SIGALRM, lambda signum, frame: handled.append(signum))
        sender = threading.Timer(0.1, os.kill, (os.getpid(), signal.SIGALRM))
        sender.start()
        time.sleep(0.5)
        sender.join()
        self.assertEqual(handled, [signal.SIGALRM])


if __name__ == '__main__':
    unittest.main()
