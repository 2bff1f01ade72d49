"""Signals sent to processes, as CPython 3.12 on Linux delivers them: a handler runs in the receiving process's
main thread, an ignored signal is dropped, and an unhandled one has Linux's default action (the process dies by
it: exit code -N for multiprocessing, WTERMSIG N for waitpid; SIGCHLD/SIGWINCH/SIGURG do nothing). Runs
unchanged under CPython 3.12."""

import multiprocessing
import os
import signal
import sys
import threading
import time
import unittest
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError('timed out')
        time.sleep(0.01)


def _handle_usr1_then_exit(ready, done):
    got = []
    signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
    ready.set()
    _wait_for(lambda: got)
    done.put(('handled', got[0], multiprocessing.current_process().name))


def _exit_from_sigterm_handler(ready):
    def on_term(signum, frame):
        sys.exit(7)
    signal.signal(signal.SIGTERM, on_term)
    ready.set()
    while True:
        time.sleep(0.05)


def _ignore_sigterm(ready):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.set()
    while True:
        time.sleep(0.05)


def _report_dispositions(queue):
    queue.put([signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM, signal.SIGUSR1)])
    os.kill(os.getpid(), signal.SIGUSR1)
    queue.put('after SIGUSR1')


def _on_usr1(signum, frame):
    print('inherited handler ran', flush=True)


def _kill_self(signum):
    os.kill(os.getpid(), signum)
    time.sleep(30)


def _sleep_forever(ready):
    ready.set()
    while True:
        time.sleep(0.05)


def _pid(_=None):
    return os.getpid()


class BetweenProcessesTest(unittest.TestCase):

    def test_the_parent_sends_sigusr1_and_the_childs_handler_runs(self):
        ready, done = multiprocessing.Event(), multiprocessing.SimpleQueue()
        p = multiprocessing.Process(target=_handle_usr1_then_exit, args=(ready, done), name='worker')
        p.start()
        self.assertTrue(ready.wait(60))
        os.kill(p.pid, signal.SIGUSR1)
        self.assertEqual(('handled', signal.SIGUSR1, 'worker'), done.get())
        p.join(60)
        self.assertEqual(0, p.exitcode)

    def test_terminate_runs_the_childs_sigterm_handler(self):
        ready = multiprocessing.Event()
        p = multiprocessing.Process(target=_exit_from_sigterm_handler, args=(ready,))
        p.start()
        self.assertTrue(ready.wait(60))
        p.terminate()
        p.join(60)
        self.assertEqual(7, p.exitcode)

    def test_an_ignored_sigterm_leaves_the_child_running_and_kill_ends_it(self):
        ready = multiprocessing.Event()
        p = multiprocessing.Process(target=_ignore_sigterm, args=(ready,))
        p.start()
        self.assertTrue(ready.wait(60))
        p.terminate()
        p.join(0.5)
        self.assertTrue(p.is_alive())
        p.kill()
        p.join(60)
        self.assertEqual(-signal.SIGKILL, p.exitcode)

    def test_a_fork_child_inherits_the_parents_dispositions(self):
        previous = [signal.signal(signal.SIGINT, signal.SIG_IGN), signal.signal(signal.SIGUSR1, _on_usr1)]
        try:
            queue = multiprocessing.SimpleQueue()
            p = multiprocessing.Process(target=_report_dispositions, args=(queue,))
            p.start()
            self.assertEqual([signal.SIG_IGN, signal.SIG_DFL, _on_usr1], queue.get())
            self.assertEqual('after SIGUSR1', queue.get())
            p.join(60)
            self.assertEqual(0, p.exitcode)
        finally:
            signal.signal(signal.SIGINT, previous[0])
            signal.signal(signal.SIGUSR1, previous[1])

    def test_default_actions_end_the_process_by_the_signal(self):
        for signum in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP, signal.SIGALRM, signal.SIGINT + 0):
            if signum == signal.SIGINT:
                continue  # a child's SIGINT is KeyboardInterrupt (its default_int_handler), not a default death
            with self.subTest(signal=signal.Signals(signum).name):
                p = multiprocessing.Process(target=_kill_self, args=(signum,))
                p.start()
                p.join(60)
                self.assertEqual(-signum, p.exitcode)

    def test_signals_whose_default_is_to_do_nothing(self):
        ready = multiprocessing.Event()
        p = multiprocessing.Process(target=_sleep_forever, args=(ready,))
        p.start()
        self.assertTrue(ready.wait(60))
        for signum in (signal.SIGCHLD, signal.SIGWINCH, signal.SIGURG, signal.SIGCONT):
            os.kill(p.pid, signum)
        p.join(0.3)
        self.assertTrue(p.is_alive())
        p.terminate()
        p.join(60)
        self.assertEqual(-signal.SIGTERM, p.exitcode)

    def test_a_childs_end_sends_sigchld_to_its_parent(self):
        got = []
        previous = signal.signal(signal.SIGCHLD, lambda signum, frame: got.append(signum))
        try:
            p = multiprocessing.Process(target=_pid)
            p.start()
            p.join(60)
            _wait_for(lambda: got)
            self.assertEqual(signal.SIGCHLD, got[0])
        finally:
            signal.signal(signal.SIGCHLD, previous)

    def test_sighup_to_a_worker_breaks_the_process_pool(self):
        with ProcessPoolExecutor(2) as pool:
            pids = set(pool.map(_pid, range(8)))
            os.kill(next(iter(pids)), signal.SIGHUP)
            with self.assertRaises(BrokenProcessPool):
                for _ in range(50):
                    pool.submit(_pid).result(timeout=60)
                    time.sleep(0.05)


class WithinAProcessTest(unittest.TestCase):

    def test_kill_of_itself_runs_the_handler_before_kill_returns(self):
        got = []
        previous = signal.signal(signal.SIGUSR1, lambda signum, frame: got.append(signum))
        try:
            os.kill(os.getpid(), signal.SIGUSR1)
            self.assertEqual([signal.SIGUSR1], got)
        finally:
            signal.signal(signal.SIGUSR1, previous)

    def test_an_ignored_signal_sent_to_itself_is_dropped(self):
        previous = signal.signal(signal.SIGUSR2, signal.SIG_IGN)
        got = []
        try:
            self.assertIsNone(os.kill(os.getpid(), signal.SIGUSR2))
            self.assertIsNone(signal.raise_signal(signal.SIGUSR2))
            self.assertIs(signal.SIG_IGN, signal.getsignal(signal.SIGUSR2))
            # Dropped, not kept pending: a handler installed afterwards never sees them.
            signal.signal(signal.SIGUSR2, lambda signum, frame: got.append(signum))
            time.sleep(0.2)
        finally:
            signal.signal(signal.SIGUSR2, previous)
        self.assertEqual([], got)

    def _with_alarm_handler(self, handler, delay=0.3):
        previous = signal.signal(signal.SIGALRM, handler)
        self.addCleanup(signal.signal, signal.SIGALRM, previous)
        self.addCleanup(signal.setitimer, signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_REAL, delay)

    def test_a_handler_that_raises_ends_a_blocked_call(self):
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)

        def on_alarm(signum, frame):
            raise TimeoutError('alarm')
        self._with_alarm_handler(on_alarm)
        with self.assertRaisesRegex(TimeoutError, 'alarm'):
            os.read(r, 10)
        self._with_alarm_handler(on_alarm)
        with self.assertRaisesRegex(TimeoutError, 'alarm'):
            multiprocessing.Queue().get()
        lock = multiprocessing.Lock()
        lock.acquire()
        self._with_alarm_handler(on_alarm)
        with self.assertRaisesRegex(TimeoutError, 'alarm'):
            lock.acquire(timeout=30)

    def test_a_blocked_call_goes_on_after_a_handler_that_returns(self):  # PEP 475
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        got = []
        self._with_alarm_handler(lambda signum, frame: got.append(signum), delay=0.2)
        writer = threading.Timer(0.8, os.write, (w, b'late'))
        writer.start()
        self.assertEqual(b'late', os.read(r, 10))
        self.assertEqual([signal.SIGALRM], got)
        writer.join()

    def test_pause_returns_once_a_handler_has_run(self):
        got = []
        self._with_alarm_handler(lambda signum, frame: got.append(signum), delay=0.2)
        signal.pause()
        self.assertEqual([signal.SIGALRM], got)

    def test_sigpipe_and_sigxfsz_start_ignored(self):
        self.assertIs(signal.SIG_IGN, signal.getsignal(signal.SIGPIPE))
        self.assertIs(signal.SIG_IGN, signal.getsignal(signal.SIGXFSZ))
        self.assertIs(signal.SIG_DFL, signal.getsignal(signal.SIGCHLD))

    def test_alarm_interrupts_sleep_through_its_handler(self):
        def on_alarm(signum, frame):
            raise TimeoutError
        previous = signal.signal(signal.SIGALRM, on_alarm)
        try:
            start = time.monotonic()
            signal.alarm(1)
            with self.assertRaises(TimeoutError):
                time.sleep(20)
            self.assertLess(time.monotonic() - start, 10)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


if __name__ == '__main__':
    multiprocessing.set_start_method('fork')
    unittest.main()
