"""SIGINT as CPython's main program has it: default_int_handler, KeyboardInterrupt in the main thread from
raise_signal and from _thread.interrupt_main(), and the program's own handler or SIG_IGN honoured. Runs under
CPython 3.12 too."""

import _thread
import signal
import threading
import time
import unittest


class SigintTest(unittest.TestCase):

    def tearDown(self):
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def test_default_disposition_is_default_int_handler(self):
        self.assertIs(signal.default_int_handler, signal.getsignal(signal.SIGINT))

    def test_raise_signal_raises_keyboard_interrupt_at_once(self):
        with self.assertRaises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
            time.sleep(5)  # CPython raises before this line runs

    def test_interrupt_main_from_a_thread_interrupts_the_main_loop(self):
        threading.Timer(0.2, _thread.interrupt_main).start()
        deadline = time.monotonic() + 20
        with self.assertRaises(KeyboardInterrupt):
            while time.monotonic() < deadline:
                time.sleep(0.01)  # CPython raises it between two sleeps (a sleep itself is not cut short)
        self.assertLess(time.monotonic(), deadline)

    def test_the_programs_handler_runs_in_the_main_thread(self):
        calls = []
        previous = signal.signal(signal.SIGINT, lambda n, f: calls.append((n, threading.current_thread().name)))
        self.assertIs(signal.default_int_handler, previous)
        signal.raise_signal(signal.SIGINT)
        self.assertEqual([(signal.SIGINT, 'MainThread')], calls)

    def test_ignored_sigint_does_nothing(self):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.assertIs(signal.SIG_IGN, signal.getsignal(signal.SIGINT))
        signal.raise_signal(signal.SIGINT)
        _thread.interrupt_main()  # SIG_IGN: CPython does nothing either


if __name__ == '__main__':
    unittest.main()
