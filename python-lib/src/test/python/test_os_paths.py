"""os path functions as CPython has them: link, readlink, utime to the nanosecond, mkdir's mode, putenv and
unsetenv's checks, device_encoding, open's O_DIRECTORY, and the os.supports_* sets holding the os functions. Runs under
CPython 3.12 too."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest


class OsPaths(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.file = os.path.join(self.dir, 'file')
        with open(self.file, 'w') as f:
            f.write('contents')

    def test_link_makes_a_second_name_for_the_file(self):
        second = os.path.join(self.dir, 'second')
        os.link(self.file, second)
        self.assertTrue(os.path.samefile(self.file, second))
        self.assertEqual(2, os.stat(self.file).st_nlink)
        with self.assertRaises(FileExistsError) as caught:
            os.link(self.file, second)
        self.assertEqual((self.file, second), (caught.exception.filename, caught.exception.filename2))
        with self.assertRaises(FileNotFoundError):
            os.link(os.path.join(self.dir, 'missing'), os.path.join(self.dir, 'third'))

    def test_rename_and_replace(self):
        target = os.path.join(self.dir, 'renamed')
        os.rename(self.file, target)
        os.replace(target, self.file)
        self.assertEqual(['file'], os.listdir(self.dir))
        with self.assertRaises(FileNotFoundError) as caught:
            os.rename(target, self.file)
        self.assertEqual((target, self.file), (caught.exception.filename, caught.exception.filename2))
        undecodable = os.path.join(self.dir, 'name-\udcff')  # bytes that are not UTF-8
        for function in (os.rename, os.replace):
            with self.assertRaises(OSError) as caught:
                function(undecodable, target)
            self.assertIs(undecodable, caught.exception.filename)

    def test_readlink_returns_the_links_own_target(self):
        first, second = os.path.join(self.dir, 'l1'), os.path.join(self.dir, 'l2')
        os.symlink('file', first)
        os.symlink('l1', second)
        self.assertEqual('l1', os.readlink(second))
        self.assertEqual(b'l1', os.readlink(os.fsencode(second)))
        with self.assertRaises(OSError) as caught:
            os.readlink(self.file)
        self.assertEqual(22, caught.exception.errno)

    def test_utime_to_the_nanosecond(self):
        os.utime(self.file, ns=(5, 1_000_000_007))
        st = os.stat(self.file)
        self.assertEqual((5, 1_000_000_007), (st.st_atime_ns, st.st_mtime_ns))
        os.utime(self.file, (1.002003, 4))
        st = os.stat(self.file)
        self.assertEqual((1_002_002_999, 4_000_000_000), (st.st_atime_ns, st.st_mtime_ns))
        with self.assertRaises(ValueError):
            os.utime(self.file, (5, 5), ns=(5, 5))
        for bad in ([5, 5], (5,), (5, 5, 5)):
            with self.assertRaises(TypeError):
                os.utime(self.file, bad)
            with self.assertRaises(TypeError):
                os.utime(self.file, ns=bad)

    def test_chown(self):
        st = os.stat(self.file)
        os.chown(self.file, st.st_uid, st.st_gid)
        os.chown(self.file, -1, -1)
        os.lchown(self.file, -1, st.st_gid)
        self.assertEqual((st.st_uid, st.st_gid), (os.stat(self.file).st_uid, os.stat(self.file).st_gid))
        if os.geteuid() == 0:  # root may give the file away
            os.chown(self.file, 1, 2)
            self.assertEqual((1, 2), (os.stat(self.file).st_uid, os.stat(self.file).st_gid))
        else:
            with self.assertRaises(PermissionError):
                os.chown(self.file, 0, -1)
        for value in (-1.0, 1j):
            with self.assertRaises(TypeError):
                os.chown(self.file, value, -1)
        with self.assertRaises(FileNotFoundError) as caught:
            os.chown(os.path.join(self.dir, 'missing'), -1, -1)
        self.assertEqual(os.path.join(self.dir, 'missing'), caught.exception.filename)

    def test_effective_ids(self):
        self.assertEqual((os.getuid(), os.geteuid()), os.getresuid()[:2])
        self.assertEqual((os.getgid(), os.getegid()), os.getresgid()[:2])

    def test_umask_answers_the_mask_before(self):
        mask = os.umask(0o027)
        self.addCleanup(os.umask, mask)
        self.assertEqual(0o027, os.umask(0o077))
        self.assertEqual(0o077, os.umask(0o027))

    def test_mkdir_and_makedirs_take_the_mode(self):
        mask = os.umask(0o022)
        self.addCleanup(os.umask, mask)
        path = os.path.join(self.dir, 'd')
        os.mkdir(path, 0o555)
        self.assertEqual(0o555, os.stat(path).st_mode & 0o777)
        os.makedirs(os.path.join(self.dir, 'a', 'b'), 0o777)
        self.assertEqual(0o755, os.stat(os.path.join(self.dir, 'a', 'b')).st_mode & 0o777)
        os.makedirs(os.path.join(self.dir, 'c', 'd'), 0o700)
        self.assertEqual(0o700, os.stat(os.path.join(self.dir, 'c', 'd')).st_mode & 0o777)
        os.umask(0o002)
        os.mkdir(os.path.join(self.dir, 'e'))
        self.assertEqual(0o775, os.stat(os.path.join(self.dir, 'e')).st_mode & 0o777)

    def test_putenv_and_unsetenv_refuse_what_cpython_refuses(self):
        for name, error in (('', OSError), ('A=B', ValueError), ('A\0B', ValueError)):
            with self.assertRaises(error):
                os.putenv(name, 'value')
        for name, error in (('', OSError), ('A=B', OSError), ('A\0B', ValueError)):
            with self.assertRaises(error):
                os.unsetenv(name)

    def test_device_encoding_of_a_file_is_none(self):
        with open(self.file) as f:
            self.assertIsNone(os.device_encoding(f.fileno()))
        self.assertIsNone(os.device_encoding(123456))

    def test_a_directory_opened_with_o_directory_is_that_directory(self):
        fd = os.open(self.dir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            self.assertEqual(['file'], os.listdir(fd))
            self.assertEqual(8, os.stat('file', dir_fd=fd).st_size)
        finally:
            os.close(fd)
        self.assertEqual(['file'], os.listdir(self.dir), 'no temporary file made in it')
        with self.assertRaises(NotADirectoryError):
            os.open(self.file, os.O_RDONLY | os.O_DIRECTORY)

    def test_temporary_files_are_gone_when_their_process_ends(self):
        program = ('import sys, tempfile\n'
                   'with tempfile.TemporaryFile(dir=sys.argv[1]) as f:\n'
                   '    f.write(b"data"); f.seek(0); assert f.read() == b"data"\n'
                   'left_open = tempfile.TemporaryFile(dir=sys.argv[1])\n'
                   'left_open.write(b"x")\n')
        subprocess.run([sys.executable, '-c', program, self.dir], check=True, timeout=120)
        self.assertEqual(['file'], os.listdir(self.dir))

    def test_supports_sets_hold_the_os_functions(self):
        for name in ('supports_fd', 'supports_dir_fd', 'supports_follow_symlinks', 'supports_effective_ids'):
            for function in getattr(os, name):
                self.assertIs(getattr(os, function.__name__), function, f'os.{name}: {function.__name__}')
        self.assertIn(os.stat, os.supports_fd)
        self.assertIn(os.stat, os.supports_dir_fd)
        self.assertTrue(shutil.rmtree.avoids_symlink_attacks)


if __name__ == '__main__':
    unittest.main()
