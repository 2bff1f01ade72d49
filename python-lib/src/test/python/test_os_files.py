"""os.ftruncate/os.truncate as CPython 3.12 on Linux (graalpy-mp's os_files overlay: GraalPy's java backend
could only shrink files), and the files of /proc, which report no size (GraalPy read them as empty). Runs
unchanged under CPython 3.12."""

import errno
import os
import tempfile
import unittest


class TruncateTest(unittest.TestCase):

    def setUp(self):
        handle, self.path = tempfile.mkstemp()
        os.close(handle)
        self.addCleanup(os.unlink, self.path)

    def open(self, flags=os.O_RDWR):
        fd = os.open(self.path, flags)
        self.addCleanup(os.close, fd)
        return fd

    def test_ftruncate_grows_with_zeros_and_keeps_the_position(self):
        fd = self.open()
        os.write(fd, b'abc')
        os.ftruncate(fd, 10)
        self.assertEqual(os.fstat(fd).st_size, 10)
        self.assertEqual(os.lseek(fd, 0, os.SEEK_CUR), 3)
        os.lseek(fd, 0, os.SEEK_SET)
        self.assertEqual(os.read(fd, 20), b'abc' + bytes(7))

    def test_ftruncate_shrinks(self):
        fd = self.open()
        os.write(fd, b'abcdef')
        os.ftruncate(fd, 2)
        self.assertEqual(os.fstat(fd).st_size, 2)

    def test_ftruncate_in_append_mode(self):
        fd = self.open(os.O_RDWR | os.O_APPEND)
        os.write(fd, b'ab')
        os.ftruncate(fd, 4096 * 3 + 1)
        self.assertEqual(os.fstat(fd).st_size, 4096 * 3 + 1)

    def test_truncate_by_path_grows(self):
        os.truncate(self.path, 5)
        self.assertEqual(os.path.getsize(self.path), 5)
        with open(self.path, 'rb') as file:
            self.assertEqual(file.read(), bytes(5))
        os.truncate(self.path, 1)
        self.assertEqual(os.path.getsize(self.path), 1)

    def test_errors(self):
        fd = self.open()
        with self.assertRaises(OSError) as caught:
            os.ftruncate(fd, -1)
        self.assertEqual(caught.exception.errno, errno.EINVAL)
        read_end, write_end = os.pipe()
        self.addCleanup(os.close, read_end)
        self.addCleanup(os.close, write_end)
        with self.assertRaises(OSError) as caught:
            os.ftruncate(write_end, 5)
        self.assertEqual((caught.exception.errno, caught.exception.strerror), (errno.EINVAL, 'Invalid argument'))
        with self.assertRaises(FileNotFoundError):
            os.truncate('/nonexistent-graalpy-mp-dir/x', 3)
        with self.assertRaises(TypeError):
            os.ftruncate(fd, 'x')
        with self.assertRaises(TypeError):
            os.ftruncate(fd, 1.5)


class ProcFilesTest(unittest.TestCase):

    def test_proc_files_read_their_contents(self):
        with open('/proc/self/status') as status:
            self.assertTrue(status.readline().startswith('Name:'))
            self.assertIn('\nPid:', status.read())
        with open('/proc/meminfo', 'rb') as meminfo:
            self.assertTrue(meminfo.read().startswith(b'MemTotal:'))
        fd = os.open('/proc/self/stat', os.O_RDONLY)
        try:
            self.assertRegex(os.read(fd, 4096), rb'^\d+ \(')
            self.assertEqual(0, os.fstat(fd).st_size)
        finally:
            os.close(fd)


if __name__ == '__main__':
    unittest.main()
