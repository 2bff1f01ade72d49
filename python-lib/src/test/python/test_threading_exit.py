"""How a process ends with threads still around or finished: non-daemon threads are waited for, a blocked
daemon thread and finished threads (whose host threads graalpy-mp keeps for reuse) do not hold the exit.
Runs child interpreters through sys.executable, unchanged under CPython 3.12, `bin/graalpy-mp FILE` and the host's
PythonLevelTest (there sys.executable is the launcher on the test class path, see host's TestLauncher)."""

import subprocess
import sys
import threading
import time
import unittest

# Child programs: how a process ends with threads still around (or finished).
NON_DAEMON = '''
import atexit, threading, time
atexit.register(lambda: print("atexit", flush=True))
def work():
    time.sleep(0.5)
    print("worker done", flush=True)
threading.Thread(target=work).start()
print("main done", flush=True)
'''
BLOCKED_DAEMON = '''
import _thread, threading
threading.Thread(target=threading.Event().wait, daemon=True).start()
_thread.start_new_thread(threading.Event().wait, ())  # bare threads do not hold the exit either
print("main done", flush=True)
'''
MANY_JOINED = '''
import _thread, threading
done, finished = [], threading.Semaphore(0)
for i in range(20):
    t = threading.Thread(target=done.append, args=(i,))
    t.start()
    t.join()
for i in range(5):
    _thread.start_new_thread(finished.release, ())
for i in range(5):
    finished.acquire()
print(len(done), "done", flush=True)
'''

AT_SHUTDOWN = '''
import _thread, atexit, os, threading
def report(what, start):
    try:
        start()
    except RuntimeError as exc:
        print(what, exc, flush=True)
atexit.register(report, "fork:", os.fork)
atexit.register(report, "thread:", threading.Thread(target=print, args=("thread ran",)).start)
atexit.register(report, "start_new_thread:", lambda: _thread.start_new_thread(print, ("bare thread ran",)))
atexit.register(lambda: 1 / 0)  # reported as unraisable; the others still run and the status stays 0
'''


class Child:
    """A `sys.executable -c code` process; a watcher notes when each output line came and when it ended."""

    def __init__(self, code):
        self.lines, self.exit_time = [], None
        self.process = subprocess.Popen([sys.executable, '-c', code], stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.watcher = threading.Thread(target=self._watch, daemon=True)
        self.watcher.start()

    def _watch(self):
        for line in self.process.stdout:
            self.lines.append((line.rstrip('\n'), time.monotonic()))
        self.process.wait()
        self.exit_time = time.monotonic()

    def finish(self, testcase):
        """Waits for the end (a child that hangs is killed and fails the test); returns (code, lines, seconds
        from the last line to the exit)."""
        self.watcher.join(180)
        if self.watcher.is_alive():
            self.process.kill()
            self.watcher.join()
            testcase.fail(f'child did not exit; output: {[text for text, _ in self.lines]}')
        gap = self.exit_time - self.lines[-1][1] if self.lines else None
        return self.process.returncode, [text for text, _ in self.lines], gap


class ProcessExitTest(unittest.TestCase):
    """The children run at once (a graalpy-mp child takes seconds to start)."""

    @classmethod
    def setUpClass(cls):
        cls.children = {name: Child(code) for name, code in
                        (('non_daemon', NON_DAEMON), ('daemon', BLOCKED_DAEMON), ('many', MANY_JOINED),
                         ('at_shutdown', AT_SHUTDOWN))}

    @classmethod
    def tearDownClass(cls):
        for child in cls.children.values():
            if child.process.poll() is None:
                child.process.kill()
            child.watcher.join()
            child.process.stdout.close()

    def test_waits_for_non_daemon_thread(self):
        code, lines, _ = self.children['non_daemon'].finish(self)
        self.assertEqual((0, ['main done', 'worker done', 'atexit']), (code, lines))

    def test_blocked_daemon_thread_does_not_hold_exit(self):
        code, lines, gap = self.children['daemon'].finish(self)
        self.assertEqual((0, ['main done']), (code, lines))
        self.assertLess(gap, 5.0)

    def test_exits_promptly_after_joined_threads(self):
        code, lines, gap = self.children['many'].finish(self)
        self.assertEqual((0, ['20 done']), (code, lines))
        self.assertLess(gap, 5.0)  # idle host threads kept for reuse must not delay the exit

    def test_no_thread_or_fork_from_atexit_handlers(self):
        code, lines, _ = self.children['at_shutdown'].finish(self)
        self.assertEqual(0, code)
        self.assertIn('Exception ignored in atexit callback: <function <lambda> at ', lines[0])
        self.assertEqual('ZeroDivisionError: division by zero', lines[-4])
        self.assertEqual(["start_new_thread: can't create new thread at interpreter shutdown",
                          "thread: can't create new thread at interpreter shutdown",
                          "fork: can't fork at interpreter shutdown"], lines[-3:])


if __name__ == '__main__':
    unittest.main()
