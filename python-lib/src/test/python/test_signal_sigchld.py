"""SIGCHLD set to SIG_IGN, as on Linux: children are reaped as they end (no zombies), os.wait() blocks until
none is left and then fails with ChildProcessError (ECHILD). Runs unchanged under CPython 3.12."""

import multiprocessing
import os
import signal
import time
import unittest


def _sleep(seconds):
    time.sleep(seconds)


class SigchldIgnoredTest(unittest.TestCase):

    def setUp(self):
        self.context = multiprocessing.get_context('fork')
        self.addCleanup(signal.signal, signal.SIGCHLD, signal.SIG_DFL)

    def start(self, seconds):
        process = self.context.Process(target=_sleep, args=(seconds,))
        process.start()
        return process

    def test_wait_blocks_until_every_child_has_ended_then_fails(self):
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        started = time.monotonic()
        processes = [self.start(0.2), self.start(0.6)]
        with self.assertRaises(ChildProcessError) as cm:
            os.wait()
        self.assertEqual('[Errno 10] No child processes', str(cm.exception))
        self.assertGreaterEqual(time.monotonic() - started, 0.5)
        for process in processes:
            self.assertFalse(process.is_alive() and process.exitcode is not None)

    def test_a_running_child_can_be_polled_and_is_gone_once_ended(self):
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        process = self.start(0.3)
        self.assertEqual((0, 0), os.waitpid(process.pid, os.WNOHANG))
        process.join()  # its waitpid fails: multiprocessing reports no exit code, as on CPython
        self.assertIsNone(process.exitcode)
        with self.assertRaises(ChildProcessError):
            os.waitpid(process.pid, os.WNOHANG)

    def test_the_default_disposition_makes_zombies_again(self):
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        process = self.start(0.1)
        pid, status = os.waitpid(process.pid, 0)
        self.assertEqual((process.pid, 0), (pid, os.waitstatus_to_exitcode(status)))


if __name__ == '__main__':
    unittest.main()
