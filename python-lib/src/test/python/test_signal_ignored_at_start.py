"""Signals a program's OS process starts with ignored stay ignored, as in CPython: `nohup` leaves SIGHUP ignored,
a shell's background job SIGINT; getsignal answers SIG_IGN, SIGINT brings no KeyboardInterrupt, a fork child keeps
them, and a handler the program sets still works. Runs under CPython 3.12 too (child interpreters started by sh)."""

import subprocess
import sys
import unittest

PROGRAM = r'''
import os, signal
print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN, signal.getsignal(signal.SIGHUP) == signal.SIG_IGN,
      signal.getsignal(signal.SIGTERM) == signal.SIG_DFL)
try:
    os.kill(os.getpid(), signal.SIGINT)
    print('no KeyboardInterrupt')
except KeyboardInterrupt:
    print('KeyboardInterrupt')
pid = os.fork()
if pid == 0:
    print('child', signal.getsignal(signal.SIGHUP) == signal.SIG_IGN, flush=True)
    os._exit(0)
os.waitpid(pid, 0)
signal.signal(signal.SIGINT, lambda signum, frame: print('handler', signum))
os.kill(os.getpid(), signal.SIGINT)
'''


def run_with_shell_traps(traps):
    """The program as `sh -c "trap '' SIGNALS; exec python -c PROGRAM"` runs it."""
    script = f"trap '' {traps}; " if traps else ''
    return subprocess.run(['sh', '-c', script + 'exec "$0" -c "$1"', sys.executable, PROGRAM],
                          capture_output=True, text=True, timeout=120)


class IgnoredAtStart(unittest.TestCase):

    def test_sigint_and_sighup_ignored_by_the_parent(self):
        result = run_with_shell_traps('INT HUP')
        self.assertEqual('', result.stderr)
        self.assertEqual(['True True True', 'no KeyboardInterrupt', 'child True', 'handler 2'],
                         result.stdout.splitlines())

    def test_nothing_ignored(self):
        result = run_with_shell_traps('')
        self.assertEqual(['False False True', 'KeyboardInterrupt', 'child False', 'handler 2'],
                         result.stdout.splitlines(), result.stderr)


if __name__ == '__main__':
    unittest.main()
