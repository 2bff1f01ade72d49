"""A signal's default action as the parent's os.waitpid sees it, for a child of os.fork() (which re-executes this
program up to the fork: so this file forks once, first). Runs unchanged under CPython 3.12."""

import os
import signal
import time
import unittest


class ForkedChildTest(unittest.TestCase):

    def test_waitpid_reports_the_signal_that_ended_the_child(self):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            os.write(w, b'x')
            while True:
                time.sleep(0.05)
        os.close(w)
        self.assertEqual(b'x', os.read(r, 1))
        os.close(r)
        os.kill(pid, signal.SIGUSR2)
        _, status = os.waitpid(pid, 0)
        self.assertTrue(os.WIFSIGNALED(status))
        self.assertEqual(signal.SIGUSR2, os.WTERMSIG(status))
        self.assertEqual(-signal.SIGUSR2, os.waitstatus_to_exitcode(status))


if __name__ == '__main__':
    unittest.main()
