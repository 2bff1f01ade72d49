"""What graalpy-mp's os.fork cannot emulate fails loudly (it re-executes the program to make the child).
graalpy-mp only: under CPython these programs simply work. (A diverging re-execution is tested from Java:
host ForkReplayTest.)"""

import os
import sys
import threading
import unittest

GRAALPY = sys.implementation.name == 'graalpy'


@unittest.skipUnless(GRAALPY, 'limits of the re-execution fork of graalpy-mp')
class ForkLimitsTest(unittest.TestCase):

    def test_fork_while_threads_run_is_refused(self):
        stop = threading.Event()
        worker = threading.Thread(target=stop.wait)
        worker.start()
        try:
            with self.assertRaises(RuntimeError) as caught:
                os.fork()
            self.assertIn('other threads are running', str(caught.exception))
        finally:
            stop.set()
            worker.join()

    def test_fork_after_the_record_limit_is_refused(self):
        from graalpy_mp import replay
        saved = list(replay._history), replay._recorded, replay._overflow, replay.RECORD_LIMIT
        replay.RECORD_LIMIT = replay._recorded + 100_000
        try:
            r, w = os.pipe()
            for _ in range(4):
                os.write(w, bytes(40_000))
                os.read(r, 40_000)
            os.close(r)
            os.close(w)
            with self.assertRaises(RuntimeError) as caught:
                os.fork()
            self.assertIn('passed 0 MiB at call #', str(caught.exception))
        finally:
            replay._history[:], replay._recorded, replay._overflow, replay.RECORD_LIMIT = saved


if __name__ == '__main__':
    unittest.main()
