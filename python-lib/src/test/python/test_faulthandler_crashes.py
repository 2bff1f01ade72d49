"""faulthandler's crash helpers end a process by the fault's signal, as CPython 3.12's do.
Runs unchanged under CPython 3.12 and, through the host, under graalpy-mp."""

import faulthandler
import multiprocessing
import os
import signal
import unittest


def segfault():
    faulthandler._sigsegv()


class CrashTest(unittest.TestCase):

    def test_a_pool_worker_style_crash_is_minus_sigsegv(self):
        process = multiprocessing.get_context('fork').Process(target=segfault)
        process.start()
        process.join()
        self.assertEqual(-signal.SIGSEGV, process.exitcode)

    def test_a_forked_child_dies_by_sigabrt(self):
        pid = os.fork()
        if pid == 0:
            faulthandler._sigabrt()
            os._exit(0)
        status = os.waitpid(pid, 0)[1]
        self.assertTrue(os.WIFSIGNALED(status))
        self.assertEqual(signal.SIGABRT, os.WTERMSIG(status))


if __name__ == '__main__':
    unittest.main()
