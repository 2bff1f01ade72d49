"""signal.siginterrupt as CPython 3.12 on Linux: CPython's argument checks, and SA_RESTART: with
siginterrupt(sig, False) a handler of sig that arrives during a blocking read of a pipe runs only once the read
has returned (Linux restarts the read); by default, and after the next signal.signal(), it interrupts the read.
Runs unchanged under CPython 3.12."""

import os
import signal
import threading
import time
import unittest


class _Interrupted(Exception):
    pass


class SiginterruptTest(unittest.TestCase):

    def setUp(self):
        self.addCleanup(signal.signal, signal.SIGALRM, signal.SIG_DFL)
        self.addCleanup(signal.setitimer, signal.ITIMER_REAL, 0)

    def test_arguments(self):
        cases = [((0, True), ValueError, 'signal number out of range'),
                 ((signal.NSIG, True), ValueError, 'signal number out of range'),
                 ((signal.SIGKILL, False), OSError, '[Errno 22] Invalid argument'),
                 ((signal.SIGUSR1, 'x'), TypeError, "'str' object cannot be interpreted as an integer"),
                 ((2 ** 31, 1), OverflowError, 'Python int too large to convert to C int'),
                 ((signal.SIGUSR1,), TypeError, 'siginterrupt expected 2 arguments, got 1')]
        for args, error, message in cases:
            with self.assertRaises(error) as cm:
                signal.siginterrupt(*args)
            self.assertEqual(message, str(cm.exception))
        self.assertIsNone(signal.siginterrupt(signal.SIGUSR1, True))

    def read_with_alarm(self, restart, reset=False):
        """When the SIGALRM handler (timer: 0.2 s) ran, the read's data arriving at 0.8 s: 'during' the read
        (interrupting it: the handler raises) or 'after' it returned."""
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        ran = []
        started = time.monotonic()

        def handler(signum, frame):
            ran.append('during' if time.monotonic() - started < 0.6 else 'after')
            if ran[-1] == 'during':
                raise _Interrupted
        signal.signal(signal.SIGALRM, handler)
        signal.siginterrupt(signal.SIGALRM, not restart)
        if reset:
            signal.signal(signal.SIGALRM, handler)
        writer = threading.Timer(0.8, os.write, (w, b'x'))
        writer.start()
        self.addCleanup(writer.join)
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        try:
            self.assertEqual(b'x', os.read(r, 1))
            deadline = time.monotonic() + 5
            while not ran and time.monotonic() < deadline:
                time.sleep(0.01)
        except _Interrupted:
            pass
        return ran

    def test_a_handler_interrupts_a_read_by_default(self):
        self.assertEqual(['during'], self.read_with_alarm(restart=False))

    def test_sa_restart_lets_the_read_finish_first(self):
        self.assertEqual(['after'], self.read_with_alarm(restart=True))

    def test_signal_drops_sa_restart(self):
        self.assertEqual(['during'], self.read_with_alarm(restart=True, reset=True))


if __name__ == '__main__':
    unittest.main()
