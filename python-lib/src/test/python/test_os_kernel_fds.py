"""Pipes and socketpairs through every Python path that takes an fd, as CPython 3.12 on Linux: open/os.fdopen/
io.FileIO in each mode, the os functions that take an fd, fcntl, subprocess's stdin/stdout/stderr, in the
parent and in forked and multiprocessing children (graalpy-mp's os_fds, io_kernel_files, fcntl_kernel
overlays and os_bridge). Runs unchanged under CPython 3.12."""

import array
import errno
import fcntl
import hashlib
import io
import multiprocessing
import os
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

FIONREAD = 0x541B
# CPython 3.12's os functions on Linux whose first argument is an fd (besides os.supports_fd's, which take one
# for a path): under graalpy-mp each must reach the kernel for a kernel fd, never GraalPy's placeholder.
FD_FUNCTIONS = [
    'close', 'closerange', 'copy_file_range', 'device_encoding', 'dup', 'dup2', 'eventfd_read', 'eventfd_write',
    'fchdir', 'fchmod', 'fchown', 'fdatasync', 'fpathconf', 'fstat', 'fstatvfs', 'fsync', 'ftruncate',
    'get_blocking', 'get_inheritable', 'get_terminal_size', 'isatty', 'lockf', 'login_tty', 'lseek',
    'posix_fadvise', 'posix_fallocate', 'pread', 'preadv', 'pwrite', 'pwritev', 'read', 'readv', 'sendfile',
    'set_blocking', 'set_inheritable', 'splice', 'tcgetpgrp', 'tcsetpgrp', 'ttyname', 'write', 'writev',
]


def write_blocks(fd, count, block):
    with open(fd, 'wb') as out:
        for _ in range(count):
            out.write(block)


def write_text_lines(fd, lines):
    with os.fdopen(fd, 'w') as out:
        for line in lines:
            print(line, file=out)


class PipeTestCase(unittest.TestCase):

    def pipe(self):
        r, w = os.pipe()
        for fd in (r, w):
            self.addCleanup(self.close_quietly, fd)
        return r, w

    @staticmethod
    def close_quietly(fd):
        try:
            os.close(fd)
        except OSError:
            pass


class OpenTest(PipeTestCase):

    def test_fdopen_reads_what_was_written_before(self):
        r, w = self.pipe()
        os.write(w, b'hello')
        os.close(w)
        with os.fdopen(r, 'rb') as f:
            self.assertEqual(f.read(), b'hello')
            self.assertIsInstance(f.raw, io.FileIO)

    def test_text_mode_lines_and_iteration(self):
        r, w = self.pipe()
        with os.fdopen(w, 'w') as out:
            out.write('one\ntwo\nthree')
        with open(r) as inp:
            self.assertEqual(inp.mode, 'r')
            self.assertEqual(inp.readline(), 'one\n')
            self.assertEqual(list(inp), ['two\n', 'three'])

    def test_unbuffered_binary_is_a_fileio(self):
        r, w = self.pipe()
        reader, writer = open(r, 'rb', buffering=0), open(w, 'wb', buffering=0)
        self.assertIsInstance(reader, io.FileIO)
        self.assertEqual(repr(writer), f"<_io.FileIO name={w} mode='wb' closefd=True>")
        self.assertEqual(writer.write(b'abc'), 3)
        buffer = bytearray(5)
        self.assertEqual(reader.readinto(buffer), 3)
        self.assertEqual(bytes(buffer[:3]), b'abc')
        self.assertEqual((reader.name, reader.mode, reader.closefd), (r, 'rb', True))
        writer.close()
        self.assertEqual(reader.readall(), b'')
        reader.close()
        self.assertEqual(repr(reader), '<_io.FileIO [closed]>')
        with self.assertRaises(OSError) as caught:
            os.fstat(r)
        self.assertEqual(caught.exception.errno, errno.EBADF)

    def test_fileio_of_a_pipe(self):
        r, w = self.pipe()
        reader, writer = io.FileIO(r), io.FileIO(w, 'w')
        self.assertEqual((reader.readable(), reader.writable(), writer.writable()), (True, False, True))
        self.assertFalse(reader.seekable())
        self.assertFalse(reader.isatty())
        for call in (reader.tell, lambda: reader.seek(0)):
            with self.assertRaises(OSError) as caught:
                call()
            self.assertEqual((caught.exception.errno, caught.exception.strerror), (errno.ESPIPE, 'Illegal seek'))
        with self.assertRaises(io.UnsupportedOperation):
            writer.read()
        with self.assertRaises(io.UnsupportedOperation):
            reader.write(b'x')
        writer.close()
        reader.close()

    def test_closefd_false_leaves_the_fd_open(self):
        r, w = self.pipe()
        with open(w, 'wb', closefd=False) as f:
            f.write(b'still open')
        os.write(w, b'!')
        self.assertEqual(os.read(r, 100), b'still open!')

    def test_read_plus_mode_is_refused_and_closes_the_fd(self):
        r, _ = self.pipe()
        with self.assertRaises(io.UnsupportedOperation):
            open(r, 'r+b')
        with self.assertRaises(OSError) as caught:
            os.fstat(r)
        self.assertEqual(caught.exception.errno, errno.EBADF)

    def test_bad_mode_is_a_value_error(self):
        r, _ = self.pipe()
        with self.assertRaises(ValueError):
            open(r, 'rw')
        os.fstat(r)  # still open

    def test_non_blocking_reader(self):
        r, w = self.pipe()
        os.set_blocking(r, False)
        reader = open(r, 'rb', buffering=0, closefd=False)
        self.assertIsNone(reader.read(10))
        self.assertIsNone(reader.readall())
        os.write(w, b'now')
        self.assertEqual(reader.read(10), b'now')
        buffered = open(r, 'rb', closefd=False)
        self.assertIsNone(buffered.read(10))

    def test_open_is_not_bound_as_a_method(self):
        class Opener:
            open = io.open
        r, w = self.pipe()
        with Opener().open(w, 'wb', closefd=False) as f:
            f.write(b'ok')
        self.assertEqual(os.read(r, 10), b'ok')

    def test_os_functions_pickle_by_name(self):
        import pickle
        for function in (os.getpid, os.read, os.pipe, open, time.time):
            self.assertIs(pickle.loads(pickle.dumps(function)), function)

    def test_fileio_of_a_file_is_still_a_fileio(self):
        with tempfile.TemporaryFile() as f:
            raw = open(f.fileno(), 'rb', buffering=0, closefd=False)
            self.assertIsInstance(raw, io.FileIO)
            self.assertTrue(issubclass(type(raw), io.FileIO))
            self.assertTrue(raw.seekable())


class OsFunctionTest(PipeTestCase):

    def test_fstat_and_stat_of_a_pipe(self):
        r, w = self.pipe()
        self.assertTrue(stat.S_ISFIFO(os.fstat(r).st_mode))
        self.assertEqual(os.fstat(r).st_ino, os.fstat(w).st_ino)
        self.assertEqual(os.stat(r).st_mode, os.fstat(r).st_mode)
        self.assertEqual(stat.S_IMODE(os.fstat(w).st_mode), 0o600)

    def test_fstat_of_a_duplex_connection_is_a_socket(self):
        a, b = multiprocessing.Pipe()
        self.assertTrue(stat.S_ISSOCK(os.fstat(a.fileno()).st_mode))
        a.close()
        b.close()

    def test_what_a_pipe_is_not(self):
        r, _ = self.pipe()
        self.assertFalse(os.isatty(r))
        for call, code in ((lambda: os.lseek(r, 0, os.SEEK_SET), errno.ESPIPE), (lambda: os.fsync(r), errno.EINVAL),
                           (lambda: os.get_terminal_size(r), errno.ENOTTY), (lambda: os.ftruncate(r, 0), errno.EINVAL)):
            with self.assertRaises(OSError) as caught:
                call()
            self.assertEqual(caught.exception.errno, code)
            self.assertEqual(caught.exception.strerror, os.strerror(code))
        with self.assertRaises(NotADirectoryError) as caught:
            os.listdir(r)
        self.assertEqual(caught.exception.filename, r)

    def test_fsync_takes_a_file_object(self):
        r, _ = self.pipe()
        with self.assertRaises(OSError) as caught:
            os.fsync(open(r, 'rb', closefd=False))
        self.assertEqual(caught.exception.errno, errno.EINVAL)

    def test_every_byte_value_crosses_unchanged(self):
        data = bytes(range(256)) * 300  # more than a pipe holds: written whole by a thread, read in pieces
        with memoryview(bytearray(data)) as view:
            for source in (data, bytearray(data), view[1:], array.array('B', data[:1000])):
                r, w = self.pipe()
                expected = bytes(source)
                written = []
                writer = threading.Thread(target=lambda: written.append(os.write(w, source)))
                writer.start()
                chunks = []
                while sum(map(len, chunks)) < len(expected):
                    chunks.append(os.read(r, 4 * 65536))  # asks more than any read returns
                writer.join()
                self.assertEqual([len(expected)], written)
                self.assertEqual(expected, b''.join(chunks))
                self.assertTrue(all(type(chunk) is bytes for chunk in chunks))

    def test_short_reads_of_large_requests(self):
        r, w = self.pipe()
        self.assertEqual(0, os.write(w, b''))
        os.write(w, b'abc')
        self.assertEqual(b'ab', os.read(r, 2))
        self.assertEqual(b'c', os.read(r, 1 << 20))
        self.assertEqual(b'', os.read(r, 0))

    def test_read_with_a_negative_size(self):
        r, _ = self.pipe()
        with self.assertRaises(OSError) as caught:
            os.read(r, -1)
        self.assertEqual(caught.exception.errno, errno.EINVAL)

    def test_pipe2_flags(self):
        r, w = os.pipe2(os.O_NONBLOCK)
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        self.assertEqual((os.get_blocking(r), os.get_inheritable(r)), (False, True))
        r2, w2 = os.pipe2(os.O_CLOEXEC)
        self.addCleanup(os.close, r2)
        self.addCleanup(os.close, w2)
        self.assertEqual((os.get_blocking(w2), os.get_inheritable(w2)), (True, False))
        with self.assertRaises(OSError) as caught:
            os.pipe2(os.O_APPEND)
        self.assertEqual(caught.exception.errno, errno.EINVAL)

    def test_readv_and_writev(self):
        r, w = self.pipe()
        self.assertEqual(os.writev(w, [b'ab', bytearray(b'cd'), memoryview(b'ef')]), 6)
        first, second = bytearray(4), bytearray(4)
        self.assertEqual(os.readv(r, [first, second]), 6)
        self.assertEqual((bytes(first), bytes(second[:2])), (b'abcd', b'ef'))

    def test_closerange_closes_pipes(self):
        r, w = self.pipe()
        low, high = min(r, w), max(r, w) + 1
        os.closerange(low, high)
        for fd in (r, w):
            with self.assertRaises(OSError):
                os.fstat(fd)


class FcntlTest(PipeTestCase):

    def test_status_flags(self):
        r, w = self.pipe()
        self.assertEqual(fcntl.fcntl(r, fcntl.F_GETFL) & os.O_ACCMODE, os.O_RDONLY)
        self.assertEqual(fcntl.fcntl(w, fcntl.F_GETFL) & os.O_ACCMODE, os.O_WRONLY)
        fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)
        self.assertFalse(os.get_blocking(r))
        self.assertTrue(fcntl.fcntl(r, fcntl.F_GETFL) & os.O_NONBLOCK)
        with self.assertRaises(BlockingIOError):
            os.read(r, 1)

    def test_descriptor_flags_and_dup(self):
        r, w = self.pipe()
        self.assertEqual(fcntl.fcntl(w, fcntl.F_GETFD), fcntl.FD_CLOEXEC)
        fcntl.fcntl(w, fcntl.F_SETFD, 0)
        self.assertTrue(os.get_inheritable(w))
        copy = fcntl.fcntl(w, fcntl.F_DUPFD, 50)
        self.addCleanup(os.close, copy)
        self.assertGreaterEqual(copy, 50)
        os.write(copy, b'via the copy')
        self.assertEqual(os.read(r, 100), b'via the copy')
        self.assertEqual(fcntl.fcntl(r, fcntl.F_GETPIPE_SZ), 65536)

    def test_fionread(self):
        r, w = self.pipe()
        os.write(w, b'12345')
        count = array.array('i', [0])
        self.assertEqual(fcntl.ioctl(r, FIONREAD, count), 0)
        self.assertEqual(count[0], 5)
        self.assertEqual(fcntl.ioctl(r, FIONREAD, b'\0\0\0\0'), (5).to_bytes(4, sys.byteorder))


class ChildrenTest(PipeTestCase):

    def test_forked_child_writes_text_the_parent_reads_to_eof(self):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            write_text_lines(w, ['child 1', 'child 2'])
            os._exit(0)
        os.close(w)
        with os.fdopen(r) as inp:
            self.assertEqual(inp.read(), 'child 1\nchild 2\n')
        self.assertEqual(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), 0)

    def test_large_transfer_from_a_multiprocessing_child(self):
        block = bytes(range(256)) * 4096  # 1 MiB
        count = 64
        r, w = os.pipe()
        child = multiprocessing.get_context('fork').Process(target=write_blocks, args=(w, count, block))
        child.start()
        os.close(w)
        digest, total = hashlib.sha256(), 0
        with open(r, 'rb') as inp:
            while chunk := inp.read(1 << 20):
                digest.update(chunk)
                total += len(chunk)
        child.join()
        self.assertEqual(child.exitcode, 0)
        self.assertEqual(total, count * len(block))
        self.assertEqual(digest.hexdigest(), hashlib.sha256(block * count).hexdigest())


class SubprocessTest(PipeTestCase):

    def test_stdin_from_a_pipe(self):
        r, w = self.pipe()
        os.write(w, b'to cat\n')
        os.close(w)
        done = subprocess.run(['cat'], stdin=r, capture_output=True)
        self.assertEqual((done.stdout, done.returncode), (b'to cat\n', 0))

    def test_stdout_and_stderr_into_a_pipe(self):
        r, w = self.pipe()
        child = subprocess.Popen('echo out; echo err >&2', shell=True, stdout=w, stderr=subprocess.STDOUT)
        os.close(w)
        self.assertEqual(child.wait(), 0)
        with os.fdopen(r) as inp:
            self.assertEqual(sorted(inp.read().split()), ['err', 'out'])

    def test_stdout_into_a_file(self):
        with tempfile.TemporaryFile() as f:
            subprocess.run(['echo', 'into a file'], stdout=f)
            f.seek(0)
            self.assertEqual(f.read(), b'into a file\n')

    def test_stderr_merged_into_a_captured_stdout(self):
        done = subprocess.run('echo both; echo both-err >&2', shell=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
        self.assertEqual(done.stdout, b'both\nboth-err\n')


@unittest.skipUnless(sys.implementation.name == 'graalpy', "checks graalpy-mp's overlays of GraalPy's builtins")
class RoutingTest(unittest.TestCase):

    @staticmethod
    def is_python(function):
        return hasattr(getattr(function, '__wrapped__', function), '__code__')

    def test_every_fd_taking_function_is_routed(self):
        names = set(FD_FUNCTIONS) | {function.__name__ for function in os.supports_fd}
        unrouted = sorted(name for name in names if hasattr(os, name) and not self.is_python(getattr(os, name)))
        self.assertEqual(unrouted, [], 'os functions that would act on a kernel fd\'s /dev/null placeholder')

    def test_open_and_fcntl_are_routed(self):
        import _io
        import builtins
        for function in (builtins.open, io.open, _io.open, os.fdopen, fcntl.fcntl, fcntl.ioctl, fcntl.flock,
                         fcntl.lockf):
            self.assertTrue(self.is_python(function), function)
        self.assertIs(io.FileIO, _io.FileIO)
        self.assertTrue(hasattr(io.FileIO.__new__, '__code__'))

    def test_kernel_fds_cost_the_jvm_no_os_fd_each(self):
        # /proc/self/fd is the JVM's: every process of it shares one OS fd table (and one RLIMIT_NOFILE), so a
        # kernel fd must not hold an OS fd of its own (100 children holding their parent's fds reached EMFILE).
        def jvm_fds():
            return len(os.listdir('/proc/self/fd'))
        before = jvm_fds()
        pipes = [os.pipe() for _ in range(200)]
        try:
            self.assertLess(jvm_fds() - before, 10)
        finally:
            for r, w in pipes:
                os.close(r)
                os.close(w)


if __name__ == '__main__':
    unittest.main()
