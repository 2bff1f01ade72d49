"""Blocked and pending signals: signal.pthread_sigmask, sigpending, sigwait, sigwaitinfo, sigtimedwait,
pthread_kill and strsignal, as CPython 3.12 has them on Linux. Runs unchanged under CPython 3.12."""

import multiprocessing
import os
import signal
import threading
import unittest

USR1, USR2 = signal.SIGUSR1, signal.SIGUSR2


def report_mask(conn):
    conn.send((signal.pthread_sigmask(signal.SIG_BLOCK, []), signal.sigpending()))


class SignalMaskTest(unittest.TestCase):

    def setUp(self):
        self.received = []
        for signum in (USR1, USR2):
            self.addCleanup(signal.signal, signum, signal.signal(signum, self.handler))
        self.addCleanup(self.restore)

    def restore(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, [USR1, USR2])
        while signal.sigtimedwait([USR1, USR2], 0) is not None:
            pass
        signal.pthread_sigmask(signal.SIG_SETMASK, [])

    def handler(self, signum, frame):
        self.received.append(signum)

    def test_a_blocked_signal_waits_pending_until_unblocked(self):
        self.assertEqual(set(), signal.pthread_sigmask(signal.SIG_BLOCK, [USR1]))
        os.kill(os.getpid(), USR1)
        os.kill(os.getpid(), USR1)
        self.assertEqual([], self.received)
        self.assertEqual({USR1}, signal.sigpending())
        self.assertIsInstance(next(iter(signal.sigpending())), signal.Signals)
        self.assertEqual({USR1}, signal.pthread_sigmask(signal.SIG_UNBLOCK, [USR1]))
        self.assertEqual([USR1], self.received)  # once, before pthread_sigmask returned
        self.assertEqual(set(), signal.sigpending())

    def test_setmask_replaces_the_mask(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, [USR1])
        self.assertEqual({USR1}, signal.pthread_sigmask(signal.SIG_SETMASK, [USR2]))
        self.assertEqual({USR2}, signal.pthread_sigmask(signal.SIG_BLOCK, []))
        self.assertIsInstance(signal.SIG_BLOCK, signal.Sigmasks)

    def test_sigwait_in_a_thread_takes_a_blocked_signal(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, [USR1])
        got = []
        waiter = threading.Thread(target=lambda: got.append(signal.sigwait([USR1])))
        waiter.start()
        os.kill(os.getpid(), USR1)
        waiter.join(20)
        self.assertEqual([USR1], got)
        self.assertIsInstance(got[0], signal.Signals)
        self.assertEqual([], self.received)

    def test_sigtimedwait_times_out_or_returns_the_siginfo(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, [USR2])
        self.assertIsNone(signal.sigtimedwait([USR2], 0.05))
        os.kill(os.getpid(), USR2)
        info = signal.sigtimedwait([USR1, USR2], 5)
        self.assertIsInstance(info, signal.struct_siginfo)
        self.assertEqual((USR2, 0, 0, os.getpid(), os.getuid()), (info.si_signo, info.si_code, info.si_errno,
                                                                 info.si_pid, info.si_uid))
        self.assertTrue(repr(info).startswith(f'signal.struct_siginfo(si_signo={int(USR2)}, si_code=0,'))
        os.kill(os.getpid(), USR2)
        self.assertEqual(USR2, signal.sigwaitinfo([USR2]).si_signo)

    def test_a_fork_child_inherits_the_mask_but_not_pending_signals(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, [USR1])
        os.kill(os.getpid(), USR1)
        theirs, mine = multiprocessing.Pipe()
        child = multiprocessing.get_context('fork').Process(target=report_mask, args=(mine,))
        child.start()
        self.assertEqual(({USR1}, set()), theirs.recv())
        child.join()

    def test_each_thread_has_its_own_mask(self):
        signal.pthread_sigmask(signal.SIG_BLOCK, [USR1])
        seen, go_on, done = [], threading.Event(), threading.Event()

        def worker():
            seen.append(signal.pthread_sigmask(signal.SIG_SETMASK, signal.valid_signals()))  # inherited
            go_on.set()
            done.wait(20)

        thread = threading.Thread(target=worker)
        thread.start()
        go_on.wait(20)
        self.assertEqual([{USR1}], seen)
        self.assertEqual({USR1}, signal.pthread_sigmask(signal.SIG_SETMASK, []))  # the worker's is not ours
        os.kill(os.getpid(), USR1)  # the main thread takes it, the worker blocking everything
        self.assertEqual([USR1], self.received)
        done.set()
        thread.join(20)

    def test_a_thread_that_blocked_every_signal_and_ended_blocks_none(self):
        # multiprocessing's resource sharer thread does this: afterwards a child's signal still reaches the
        # handler while the main thread waits in join()
        thread = threading.Thread(target=signal.pthread_sigmask, args=(signal.SIG_BLOCK, signal.valid_signals()))
        thread.start()
        thread.join(20)
        child = multiprocessing.get_context('fork').Process(target=os.kill, args=(os.getpid(), USR1))
        child.start()
        child.join(20)
        self.assertEqual(0, child.exitcode)
        for _ in range(200):  # CPython runs the handler at the main thread's next bytecode
            if self.received:
                break
            threading.Event().wait(0.01)
        self.assertEqual([USR1], self.received)
        self.assertEqual(set(), signal.sigpending())

    def test_pthread_kill_of_the_main_thread_runs_the_handler(self):
        signal.pthread_kill(threading.get_ident(), USR1)
        self.assertEqual([USR1], self.received)
        signal.pthread_kill(threading.get_ident(), 0)

    def test_errors(self):
        with self.assertRaises(OSError) as caught:
            signal.pthread_sigmask(42, [])
        self.assertEqual(22, caught.exception.errno)
        with self.assertRaisesRegex(ValueError, r'signal number 0 out of range \[1; 64\]'):
            signal.pthread_sigmask(signal.SIG_BLOCK, [0])
        with self.assertRaisesRegex(ValueError, r'signal number 65 out of range'):
            signal.sigwait([65])
        with self.assertRaisesRegex(ValueError, 'timeout must be non-negative'):
            signal.sigtimedwait([USR1], -1)

    def test_strsignal(self):
        self.assertEqual('Interrupt', signal.strsignal(signal.SIGINT))
        self.assertEqual('User defined signal 1', signal.strsignal(USR1))
        self.assertEqual('Real-time signal 0', signal.strsignal(34))
        self.assertIsNone(signal.strsignal(32))
        with self.assertRaisesRegex(ValueError, 'signal number out of range'):
            signal.strsignal(65)


if __name__ == '__main__':
    unittest.main()
