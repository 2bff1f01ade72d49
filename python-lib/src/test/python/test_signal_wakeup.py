"""signal.set_wakeup_fd as CPython 3.12 on Linux: its checks and messages, the signal's byte written when a
signal with a Python handler arrives (before the handler runs), write errors reported, and asyncio's
add_signal_handler, which relies on it. Runs unchanged under CPython 3.12."""

import asyncio
import contextlib
import io
import os
import select
import signal
import threading
import time
import unittest


class WakeupFdTestCase(unittest.TestCase):

    def setUp(self):
        self.r, self.w = os.pipe()
        os.set_blocking(self.w, False)
        self.addCleanup(os.close, self.r)
        self.addCleanup(os.close, self.w)
        self.addCleanup(signal.set_wakeup_fd, -1)
        for signum in (signal.SIGUSR1, signal.SIGUSR2):
            self.addCleanup(signal.signal, signum, signal.getsignal(signum))

    def written(self):
        os.set_blocking(self.r, False)
        try:
            return os.read(self.r, 100)
        except BlockingIOError:
            return b''
        finally:
            os.set_blocking(self.r, True)


class SetWakeupFdTest(WakeupFdTestCase):

    def test_returns_the_previous_fd(self):
        self.assertEqual(-1, signal.set_wakeup_fd(self.w))
        r2, w2 = os.pipe()
        self.addCleanup(os.close, r2)
        self.addCleanup(os.close, w2)
        os.set_blocking(w2, False)
        self.assertEqual(self.w, signal.set_wakeup_fd(w2, warn_on_full_buffer=False))
        self.assertEqual(w2, signal.set_wakeup_fd(-1))
        self.assertEqual(-1, signal.set_wakeup_fd(-1))

    def test_a_blocking_fd_is_refused(self):
        os.set_blocking(self.w, True)
        with self.assertRaises(ValueError) as cm:
            signal.set_wakeup_fd(self.w)
        self.assertEqual(f'the fd {self.w} must be in non-blocking mode', str(cm.exception))

    def test_bad_fds_and_arguments(self):
        for fd in (12345, -5):
            with self.assertRaises(OSError) as cm:
                signal.set_wakeup_fd(fd)
            self.assertEqual('[Errno 9] Bad file descriptor', str(cm.exception))
        cases = [((2 ** 31,), {}, OverflowError, 'signed integer is greater than maximum'),
                 ((2 ** 63,), {}, OverflowError, 'Python int too large to convert to C long'),
                 (('x',), {}, TypeError, "'str' object cannot be interpreted as an integer"),
                 ((), {}, TypeError, 'set_wakeup_fd() takes exactly 1 positional argument (0 given)'),
                 ((), {'fd': -1}, TypeError, 'set_wakeup_fd() takes exactly 1 positional argument (0 given)'),
                 ((-1, True), {}, TypeError, 'set_wakeup_fd() takes at most 1 positional argument (2 given)'),
                 ((-1,), {'foo': 1}, TypeError, "'foo' is an invalid keyword argument for set_wakeup_fd()")]
        for args, kwargs, error, message in cases:
            with self.assertRaises(error) as cm:
                signal.set_wakeup_fd(*args, **kwargs)
            self.assertEqual(message, str(cm.exception))

    def test_only_the_main_thread(self):
        errors = []

        def other():
            try:
                signal.set_wakeup_fd(-1)
            except ValueError as exc:
                errors.append(str(exc))
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        self.assertEqual(['set_wakeup_fd only works in main thread of the main interpreter'], errors)


class WakeupByteTest(WakeupFdTestCase):

    def test_each_signal_with_a_handler_writes_its_number_before_the_handler_runs(self):
        seen = []
        signal.signal(signal.SIGUSR1, lambda signum, frame: seen.append(self.written()))
        signal.set_wakeup_fd(self.w)
        os.kill(os.getpid(), signal.SIGUSR1)
        signal.raise_signal(signal.SIGUSR1)
        self.assertEqual([bytes([signal.SIGUSR1])] * 2, seen)

    def test_no_byte_for_an_ignored_or_default_signal(self):
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        signal.set_wakeup_fd(self.w)
        os.kill(os.getpid(), signal.SIGUSR1)
        os.kill(os.getpid(), signal.SIGWINCH)  # default: nothing
        self.assertEqual(b'', self.written())

    def test_keyboard_interrupt_writes_sigint(self):
        signal.set_wakeup_fd(self.w)
        with self.assertRaises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
        self.assertEqual(bytes([signal.SIGINT]), self.written())

    def test_a_blocked_signal_writes_when_unblocked(self):
        seen = []
        signal.signal(signal.SIGUSR1, lambda signum, frame: seen.append(signum))
        signal.set_wakeup_fd(self.w)
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
        try:
            os.kill(os.getpid(), signal.SIGUSR1)
            self.assertEqual(b'', self.written())
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1])
        self.assertEqual([signal.SIGUSR1], seen)
        self.assertEqual(bytes([signal.SIGUSR1]), self.written())

    def test_a_signal_from_another_thread_wakes_a_select_on_the_read_end(self):
        seen = []
        signal.signal(signal.SIGUSR2, lambda signum, frame: seen.append(signum))
        signal.set_wakeup_fd(self.w)
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGUSR2)).start()
        ready, _, _ = select.select([self.r], [], [], 10)
        self.assertEqual([self.r], ready)
        self.assertEqual(bytes([signal.SIGUSR2]), os.read(self.r, 10))
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual([signal.SIGUSR2], seen)


class WakeupErrorTest(WakeupFdTestCase):

    def raise_with_stderr(self, signum):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            signal.raise_signal(signum)
        return err.getvalue()

    def test_a_full_fd_warns_unless_told_not_to(self):
        signal.signal(signal.SIGUSR1, lambda signum, frame: None)
        with contextlib.suppress(BlockingIOError):
            while True:
                os.write(self.w, b'x' * 4096)
        with contextlib.suppress(BlockingIOError):
            while True:
                os.write(self.w, b'x')
        signal.set_wakeup_fd(self.w)
        err = self.raise_with_stderr(signal.SIGUSR1)
        self.assertIn('Exception ignored when trying to write to the signal wakeup fd:', err)
        self.assertIn('BlockingIOError: [Errno 11] Resource temporarily unavailable', err)
        signal.set_wakeup_fd(self.w, warn_on_full_buffer=False)
        self.assertEqual('', self.raise_with_stderr(signal.SIGUSR1))

    def test_a_failing_write_is_reported_and_the_handler_runs(self):
        seen = []
        signal.signal(signal.SIGUSR1, lambda signum, frame: seen.append(signum))
        os.set_blocking(self.r, False)
        signal.set_wakeup_fd(self.r, warn_on_full_buffer=False)  # the read end: EBADF, reported anyway
        err = self.raise_with_stderr(signal.SIGUSR1)
        self.assertIn('Exception ignored when trying to write to the signal wakeup fd:', err)
        self.assertIn('OSError: [Errno 9] Bad file descriptor', err)
        self.assertEqual([signal.SIGUSR1], seen)


class AsyncioSignalHandlerTest(unittest.TestCase):

    def test_add_signal_handler(self):
        async def main():
            loop = asyncio.get_running_loop()
            results = []
            for signum, send in ((signal.SIGUSR1, lambda: os.kill(os.getpid(), signal.SIGUSR1)),
                                 (signal.SIGUSR2, lambda: threading.Timer(
                                     0.2, os.kill, (os.getpid(), signal.SIGUSR2)).start())):
                got = loop.create_future()
                loop.add_signal_handler(signum, got.set_result, signum)
                send()
                results.append(await asyncio.wait_for(got, 10))
                loop.remove_signal_handler(signum)
            return results
        self.assertEqual([signal.SIGUSR1, signal.SIGUSR2], asyncio.run(main()))
        self.assertEqual(-1, signal.set_wakeup_fd(-1))


if __name__ == '__main__':
    unittest.main()
