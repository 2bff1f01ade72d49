"""subprocess children (real OS processes) with CPython 3.12's results: Popen.pid is the OS pid, any signal
reaches the child, its pipes stay readable after a signal (what it writes in its handler or at exit), exit
statuses of a handled and an unhandled signal, and ESRCH once it is reaped. Runs unchanged under CPython 3.12."""

import os
import signal
import subprocess
import unittest

TRAPS = ('trap "echo term-handled >&2; exit 3" TERM; trap "echo usr1-handled; exit 4" USR1; '
         'echo $$; sleep 30 >/dev/null 2>&1 & wait')


def start():
    p = subprocess.Popen(['bash', '-c', TRAPS], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert int(p.stdout.readline()) == p.pid, 'Popen.pid is not the OS pid'
    return p


class SubprocessSignalTest(unittest.TestCase):

    def test_pid_is_the_os_pid(self):
        p = subprocess.Popen(['bash', '-c', 'echo $$'], stdout=subprocess.PIPE)
        out, _ = p.communicate(timeout=30)
        self.assertEqual(int(out), p.pid)
        self.assertEqual(p.returncode, 0)

    def test_terminate_leaves_the_pipes_readable(self):
        p = start()
        p.terminate()
        out, err = p.communicate(timeout=30)
        self.assertEqual((p.returncode, out, err), (3, b'', b'term-handled\n'))

    def test_any_signal_reaches_the_child(self):
        p = start()
        p.send_signal(signal.SIGUSR1)
        out, err = p.communicate(timeout=30)
        self.assertEqual((p.returncode, out, err), (4, b'usr1-handled\n', b''))

    def test_kill_signal_zero_and_a_reaped_child(self):
        p = subprocess.Popen(['sleep', '30'])
        os.kill(p.pid, 0)  # alive: nothing happens
        p.kill()
        self.assertEqual(p.wait(timeout=30), -signal.SIGKILL)
        p.send_signal(signal.SIGTERM)  # reaped: Popen sends nothing
        self.assertRaises(ChildProcessError, os.waitpid, p.pid, 0)


if __name__ == '__main__':
    unittest.main()
