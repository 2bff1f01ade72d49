"""os-level processes and pipes (os.fork, pipe, read, write, waitpid, kill...): behaviour and errors as in
CPython 3.12 on Linux. Runs unchanged under CPython 3.12 and, through the host, under graalpy-mp."""

import errno
import os
import signal
import time
import unittest

# What CPython on Linux says (glibc's strerror).
GLIBC_MESSAGES = {errno.EBADF: 'Bad file descriptor', errno.EPIPE: 'Broken pipe',
                  errno.EAGAIN: 'Resource temporarily unavailable'}


class PipeTest(unittest.TestCase):

    def setUp(self):
        self.r, self.w = os.pipe()

    def tearDown(self):
        for fd in (self.r, self.w):
            try:
                os.close(fd)
            except OSError:
                pass

    def assertOSError(self, exc_type, err, fn, *args):
        with self.assertRaises(exc_type) as caught:
            fn(*args)
        self.assertEqual(err, caught.exception.errno)
        self.assertEqual(GLIBC_MESSAGES[err], caught.exception.strerror)
        return caught.exception

    def test_round_trip_and_eof(self):
        self.assertEqual(5, os.write(self.w, b'hello'))
        self.assertEqual(b'hel', os.read(self.r, 3))
        self.assertEqual(b'lo', os.read(self.r, 10))
        os.close(self.w)
        self.assertEqual(b'', os.read(self.r, 10))

    def test_pipe_fds_are_distinct_non_inheritable_and_blocking(self):
        self.assertNotEqual(self.r, self.w)
        self.assertFalse(os.get_inheritable(self.r))
        self.assertTrue(os.get_blocking(self.w))
        os.set_inheritable(self.r, True)
        self.assertTrue(os.get_inheritable(self.r))

    def test_closed_fd_is_ebadf(self):
        os.close(self.w)
        exc = self.assertOSError(OSError, errno.EBADF, os.write, self.w, b'x')
        self.assertEqual('[Errno 9] Bad file descriptor', str(exc))
        self.assertOSError(OSError, errno.EBADF, os.close, self.w)
        self.assertOSError(OSError, errno.EBADF, os.read, self.w, 1)

    def test_never_opened_fd_is_ebadf(self):
        self.assertOSError(OSError, errno.EBADF, os.read, 987, 1)
        self.assertOSError(OSError, errno.EBADF, os.write, 987, b'x')
        self.assertOSError(OSError, errno.EBADF, os.close, 987)

    def test_wrong_end_is_ebadf(self):
        self.assertOSError(OSError, errno.EBADF, os.write, self.r, b'x')
        self.assertOSError(OSError, errno.EBADF, os.read, self.w, 1)

    def test_write_without_readers_is_broken_pipe(self):
        os.close(self.r)
        self.assertOSError(BrokenPipeError, errno.EPIPE, os.write, self.w, b'x')

    def test_non_blocking_read_of_empty_pipe(self):
        os.set_blocking(self.r, False)
        self.assertFalse(os.get_blocking(self.r))
        self.assertOSError(BlockingIOError, errno.EAGAIN, os.read, self.r, 1)

    def test_dup_and_dup2_share_the_pipe(self):
        copy = os.dup(self.w)
        self.assertNotIn(copy, (self.r, self.w))
        os.close(self.w)
        os.write(copy, b'a')
        self.assertEqual(b'a', os.read(self.r, 1))
        target = os.dup2(copy, self.w)
        self.assertEqual(self.w, target)
        os.close(copy)
        os.write(self.w, b'b')
        self.assertEqual(b'b', os.read(self.r, 1))

    def test_fd_numbers_past_1024_up_to_the_process_limit(self):
        # The limit is the process's RLIMIT_NOFILE, not Linux's default 1024; reaching it is EMFILE, no file name.
        pipes = []
        try:
            for _ in range(600):
                try:
                    pipes.append(os.pipe())
                except OSError as exc:
                    self.assertEqual(exc.errno, errno.EMFILE)
                    self.assertEqual(str(exc), '[Errno 24] Too many open files')
                    break
            r, w = pipes[-1]
            self.assertEqual(os.write(w, b'x'), 1)
            self.assertEqual(os.read(r, 1), b'x')
        finally:
            for r, w in pipes:
                os.close(r)
                os.close(w)

    def test_fstat_of_a_pipe(self):
        import stat
        self.assertTrue(stat.S_ISFIFO(os.fstat(self.r).st_mode))


class ProcessTest(unittest.TestCase):

    def test_waitpid_without_children(self):
        with self.assertRaises(ChildProcessError) as caught:
            os.waitpid(-1, os.WNOHANG)
        self.assertEqual('[Errno 10] No child processes', str(caught.exception))
        self.assertRaises(ChildProcessError, os.wait)

    def test_waitpid_of_a_pid_that_is_not_a_child(self):
        self.assertRaises(ChildProcessError, os.waitpid, os.getpid(), 0)

    def test_kill_unknown_pid(self):
        with self.assertRaises(ProcessLookupError) as caught:
            os.kill(4194999, signal.SIGTERM)
        self.assertEqual('[Errno 3] No such process', str(caught.exception))

    def test_waitstatus_encoding(self):
        self.assertEqual(1, os.waitstatus_to_exitcode(256))
        self.assertEqual(-15, os.waitstatus_to_exitcode(15))
        self.assertTrue(os.WIFEXITED(7 << 8))
        self.assertEqual(7, os.WEXITSTATUS(7 << 8))
        self.assertTrue(os.WIFSIGNALED(9))
        self.assertEqual(9, os.WTERMSIG(9))
        with self.assertRaises(ValueError):
            os.waitstatus_to_exitcode(0x7f)

    def test_fork_exit_status_and_pids(self):
        parent = os.getpid()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            os.write(w, f'{os.getpid()} {os.getppid()}'.encode())
            os._exit(7)
        os.close(w)
        child_pid, child_parent = map(int, os.read(r, 100).split())
        os.close(r)
        self.assertEqual((pid, parent), (child_pid, child_parent))
        self.assertNotEqual(parent, pid)
        waited, status = os.waitpid(pid, 0)
        self.assertEqual(pid, waited)
        self.assertEqual(7, os.waitstatus_to_exitcode(status))

    def test_wnohang_sees_a_running_child_then_its_exit(self):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(w)
            os.read(r, 1)  # until the parent closes its end
            os._exit(0)
        os.close(r)
        self.assertEqual((0, 0), os.waitpid(pid, os.WNOHANG))
        os.close(w)
        self.assertEqual((pid, 0), os.waitpid(pid, 0))

    def test_eof_only_when_every_writer_is_closed(self):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            time.sleep(0.3)
            os.write(w, b'late')
            os._exit(0)  # closes the child's write end
        os.close(w)  # the child's copy still keeps the pipe open
        self.assertEqual(b'late', os.read(r, 10))
        self.assertEqual(b'', os.read(r, 10))
        os.close(r)
        os.waitpid(pid, 0)

    def test_child_killed_while_blocked_in_read(self):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.read(r, 1)  # blocks forever: the parent never writes
            os._exit(0)
        time.sleep(0.2)
        os.kill(pid, signal.SIGTERM)
        _, status = os.waitpid(pid, 0)
        self.assertTrue(os.WIFSIGNALED(status))
        self.assertEqual(signal.SIGTERM, os.WTERMSIG(status))
        self.assertEqual(-15, os.waitstatus_to_exitcode(status))
        os.close(r)
        os.close(w)

    def test_child_killed_while_sleeping(self):
        pid = os.fork()
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(-9, os.waitstatus_to_exitcode(status))

    def test_fork_hooks_and_random_reseeded_in_child(self):
        import random
        calls = []
        os.register_at_fork(before=lambda: calls.append('before'),
                            after_in_parent=lambda: calls.append('parent'),
                            after_in_child=lambda: calls.append('child'))
        r, w = os.pipe()
        drawn_before = (random.random(), random.Random().random())
        pid = os.fork()
        value = random.random()
        if pid == 0:
            os.write(w, f'{calls[-2:]} {drawn_before[0]} {drawn_before[1]} {value}'.encode())
            os._exit(0)
        os.close(w)
        child_calls, before0, before1, child_value = os.read(r, 300).decode().rsplit(' ', 3)
        os.close(r)
        os.waitpid(pid, 0)
        self.assertEqual(['before', 'parent'], calls[-2:])
        self.assertEqual("['before', 'child']", child_calls)
        self.assertEqual(drawn_before, (float(before0), float(before1)))  # the child is a copy of its parent
        self.assertNotEqual(value, float(child_value))  # random re-seeds in the child
        self.assertRaises(TypeError, os.register_at_fork)

    def test_file_changes_before_fork_are_made_once(self):
        import tempfile
        with tempfile.TemporaryDirectory() as work:
            log_path = os.path.join(work, 'log.txt')
            with open(log_path, 'a') as log:
                log.write('before\n')
            os.mkdir(os.path.join(work, 'made'))
            with open(os.path.join(work, 'made', 'exclusive'), 'x') as exclusive:
                exclusive.write('once')
            pid = os.fork()
            if pid == 0:
                with open(log_path, 'a') as log:
                    log.write('child\n')
                os._exit(0)
            self.assertEqual(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), 0)
            with open(log_path) as log:
                self.assertEqual(log.read(), 'before\nchild\n')
            with open(os.path.join(work, 'made', 'exclusive')) as exclusive:
                self.assertEqual(exclusive.read(), 'once')

    def test_nested_fork(self):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            grandchild = os.fork()
            if grandchild == 0:
                os.write(w, b'grandchild')
                os._exit(3)
            _, status = os.waitpid(grandchild, 0)
            os._exit(os.waitstatus_to_exitcode(status) + 10)
        os.close(w)
        self.assertEqual(b'grandchild', os.read(r, 100))
        _, status = os.waitpid(pid, 0)
        self.assertEqual(13, os.waitstatus_to_exitcode(status))
        os.close(r)

    def test_thread_that_ended_before_the_fork_is_not_alive_in_the_child(self):
        # CPython's test_threading test_is_alive_after_fork: a Thread out of threading's table (its function
        # returned) may not have released its join lock yet; in the child it must not be alive (CPython's child
        # has no other thread). graalpy-mp's re-executing child runs that thread again up to the fork.
        import threading
        for _ in range(20):
            thread = threading.Thread(target=lambda: None)
            thread.start()
            while threading.active_count() > 1:
                pass
            pid = os.fork()
            if pid == 0:
                os._exit(11 if thread.is_alive() else 10)
            thread.join()
            _, status = os.waitpid(pid, 0)
            self.assertEqual(10, os.waitstatus_to_exitcode(status))



class SubprocessTest(unittest.TestCase):
    """Real OS children keep working next to kernel pipes: subprocess's pipes are the OS's."""

    def test_capture_and_input(self):
        import subprocess
        self.assertEqual(subprocess.run(['echo', 'hi'], capture_output=True).stdout, b'hi\n')
        self.assertEqual(subprocess.check_output(['cat'], input=b'data'), b'data')

    def test_return_codes_signals_and_reaping(self):
        import subprocess
        self.assertEqual(subprocess.run(['sh', '-c', 'exit 3']).returncode, 3)
        with self.assertRaises(subprocess.CalledProcessError) as caught:
            subprocess.check_call(['false'])
        self.assertEqual(caught.exception.returncode, 1)
        child = subprocess.Popen(['sleep', '30'])
        self.assertIsNone(child.poll())
        child.terminate()
        self.assertEqual(child.wait(timeout=10), -signal.SIGTERM)
        with self.assertRaises(ChildProcessError):
            os.waitpid(child.pid, 0)  # reaped already


if __name__ == '__main__':
    unittest.main()
