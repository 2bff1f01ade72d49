"""subprocess children (real OS processes) with CPython 3.12's results: Popen.pid is the OS pid, any signal
reaches the child, its pipes stay readable after a signal (what it writes in its handler or at exit), exit
statuses of a handled and an unhandled signal, and ESRCH once it is reaped. Runs unchanged under CPython 3.12."""

import os
import signal
import subprocess
import sys
import time
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

    def test_a_new_session_and_its_process_group(self):
        p = subprocess.Popen(['bash', '-c', 'sleep 30 & echo $!; wait'], stdout=subprocess.PIPE,
                             start_new_session=True)
        grandchild = int(p.stdout.readline())
        stat = open(f'/proc/{p.pid}/stat').read().rsplit(')', 1)[1].split()
        self.assertEqual((int(stat[2]), int(stat[3])), (p.pid, p.pid))  # its own group and session
        os.killpg(p.pid, signal.SIGTERM)  # the child and its grandchild
        self.assertEqual(p.wait(timeout=30), -signal.SIGTERM)
        p.stdout.close()
        for _ in range(300):
            if not os.path.exists(f'/proc/{grandchild}') or open(f'/proc/{grandchild}/stat').read().split()[2] == 'Z':
                break
            time.sleep(0.1)
        else:
            self.fail('the grandchild outlived killpg')

    def test_process_group(self):
        if sys.implementation.name == 'graalpy':  # Java cannot set an OS child's group: refused, never ignored
            with self.assertRaises(OSError) as caught:
                subprocess.Popen(['true'], process_group=0)
            self.assertIn('process_group', str(caught.exception))
            return
        p = subprocess.Popen(['sleep', '30'], process_group=0)
        self.assertEqual(os.getpgid(p.pid), p.pid)
        p.kill()
        p.wait()


if __name__ == '__main__':
    unittest.main()
