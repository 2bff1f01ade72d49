"""signal.signal/getsignal as CPython 3.12: dispositions reported and undone (SIG_IGN of SIGTERM too, which
the JVM alone could never undo: LauncherIT checks the real signal), and CPython's argument errors. Runs
unchanged on CPython."""

import signal
import threading
import unittest

from test_threading_primitives import in_thread  # runs fn in a threading.Thread, returns or raises


class DispositionTest(unittest.TestCase):

    def test_ignore_then_default_then_handler_for_shutdown_signals(self):
        def handler(signum, frame):
            pass
        for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGUSR1):
            original = signal.signal(signum, signal.SIG_IGN)
            try:
                self.assertIs(signal.SIG_IGN, signal.getsignal(signum))
                self.assertIs(signal.SIG_IGN, signal.signal(signum, signal.SIG_IGN))
                self.assertIs(signal.SIG_IGN, signal.signal(signum, signal.SIG_DFL))
                self.assertIs(signal.SIG_DFL, signal.getsignal(signum))
                self.assertIs(signal.SIG_DFL, signal.signal(signum, handler))
                self.assertIs(handler, signal.getsignal(signum))
                self.assertIs(handler, signal.signal(signum, signal.SIG_IGN))
                self.assertIs(signal.SIG_IGN, signal.signal(signum, signal.SIG_DFL))
            finally:
                signal.signal(signum, original)

    def test_bad_signal_numbers(self):
        for signum in (0, -1, signal.NSIG, 1000):
            with self.assertRaisesRegex(ValueError, '^signal number out of range$'):
                signal.signal(signum, signal.SIG_DFL)
            with self.assertRaisesRegex(ValueError, '^signal number out of range$'):
                signal.getsignal(signum)
        with self.assertRaisesRegex(OverflowError, '^Python int too large to convert to C int$'):
            signal.getsignal(2 ** 31)
        with self.assertRaises(TypeError):
            signal.getsignal('2')

    def test_bad_handlers_and_uncatchable_signals(self):
        for handler in (5, None, 'SIG_IGN'):
            with self.assertRaisesRegex(TypeError, '^signal handler must be signal.SIG_IGN, signal.SIG_DFL, or '
                                                   'a callable object$'):
                signal.signal(signal.SIGUSR1, handler)
        for signum in (signal.SIGKILL, signal.SIGSTOP):
            with self.assertRaises(OSError) as raised:
                signal.signal(signum, signal.SIG_IGN)
            self.assertEqual(22, raised.exception.errno)

    def test_only_the_main_thread_sets_handlers(self):
        with self.assertRaisesRegex(ValueError, '^signal only works in main thread of the main interpreter$'):
            in_thread(signal.signal, signal.SIGUSR1, signal.SIG_IGN)
        self.assertIs(signal.SIG_DFL, in_thread(signal.getsignal, signal.SIGUSR1))  # reading is allowed
        self.assertIs(threading.main_thread(), threading.current_thread())



if __name__ == '__main__':
    unittest.main()
