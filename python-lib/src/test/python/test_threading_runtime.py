"""What CPython's threading takes from the runtime beyond locks and threads: native thread ids,
`threading.settrace_all_threads`/`setprofile_all_threads`, `_thread.interrupt_main`. Runs unchanged on CPython."""

import _thread
import os
import signal
import sys
import threading
import time
import unittest

from test_threading_primitives import in_thread  # runs fn in a threading.Thread, returns or raises


class NativeIdTest(unittest.TestCase):

    def test_native_ids_are_never_reused_and_the_main_threads_is_the_pid(self):
        # CPython's test_various_ops: ten threads, at most three alive at once, eleven native ids (Linux tids).
        ids = []
        for _ in range(10):
            in_thread(lambda: ids.append((threading.get_native_id(), threading.current_thread().native_id)))
        self.assertEqual(10, len({a for a, b in ids} | {b for a, b in ids}))
        self.assertTrue(all(a == b for a, b in ids))
        self.assertNotIn(threading.get_native_id(), {a for a, b in ids})
        self.assertEqual(os.getpid(), threading.get_native_id())
        self.assertEqual(os.getpid(), threading.main_thread().native_id)


class AllThreadsTraceTest(unittest.TestCase):

    def test_settrace_and_setprofile_all_threads_reach_a_waiting_thread(self):
        def fn(*args):
            pass
        for set_all, get in ((threading.settrace_all_threads, sys.gettrace),
                             (threading.setprofile_all_threads, sys.getprofile)):
            first, second, seen = threading.Event(), threading.Event(), []

            def checker():
                seen.append(get())
                first.set()
                second.wait()
                seen.append(get())
            t = threading.Thread(target=checker)
            t.start()
            first.wait()
            try:
                set_all(fn)
                self.assertIs(fn, get())
                second.set()
                t.join()
                self.assertEqual([None, fn], seen)
                self.assertIs(fn, in_thread(get))  # a thread started later: threading's hook
            finally:
                set_all(None)
            self.assertIsNone(get())


class InterruptMainTest(unittest.TestCase):

    def test_signal_numbers_out_of_range_and_bad_types(self):
        for signum in (-1, 0, signal.NSIG, 1000000):
            with self.assertRaisesRegex(ValueError, '^signal number out of range$'):
                _thread.interrupt_main(signum)
        for signum, message in ((2 ** 31, 'signed integer is greater than maximum'),
                                (-2 ** 31 - 1, 'signed integer is less than minimum'),
                                (2 ** 63, 'Python int too large to convert to C long')):
            with self.assertRaisesRegex(OverflowError, f'^{message}$'):
                _thread.interrupt_main(signum)
        with self.assertRaises(TypeError):
            _thread.interrupt_main(2.0)

    def test_a_python_handler_runs_in_the_main_thread(self):
        def handler(signum, frame):
            raise ZeroDivisionError(signum)
        old = signal.signal(signal.SIGUSR1, handler)
        try:
            with self.assertRaises(ZeroDivisionError) as raised:
                _thread.interrupt_main(signal.SIGUSR1)
            self.assertEqual((signal.SIGUSR1,), raised.exception.args)
        finally:
            signal.signal(signal.SIGUSR1, old)

    def test_from_another_thread_the_handler_runs_in_the_main_thread(self):
        seen = []
        old = signal.signal(signal.SIGUSR1, lambda signum, frame: seen.append((signum, threading.get_ident())))
        try:
            in_thread(_thread.interrupt_main, signal.SIGUSR1)
            deadline = time.monotonic() + 10
            while not seen and time.monotonic() < deadline:
                time.sleep(0.01)
        finally:
            signal.signal(signal.SIGUSR1, old)
        self.assertEqual([(signal.SIGUSR1, threading.get_ident())], seen)

    def test_ignored_and_default_dispositions_do_nothing(self):
        got = []
        old = signal.signal(signal.SIGUSR1, signal.SIG_IGN)
        try:
            for disposition in (signal.SIG_IGN, signal.SIG_DFL):  # SIG_DFL would end the process if raised
                signal.signal(signal.SIGUSR1, disposition)
                self.assertIsNone(_thread.interrupt_main(signal.SIGUSR1))
                self.assertIs(disposition, signal.getsignal(signal.SIGUSR1))
            # Nothing was left pending either: a handler installed afterwards is not run.
            signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
            time.sleep(0.2)
        finally:
            signal.signal(signal.SIGUSR1, old)
        self.assertEqual([], got)


if __name__ == '__main__':
    unittest.main()
