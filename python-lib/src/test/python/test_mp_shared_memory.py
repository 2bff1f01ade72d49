"""multiprocessing.shared_memory (graalpy-mp: /dev/shm objects mapped with GraalPy's mmap, shared for real
between the processes of the JVM and with other OS processes), with CPython 3.12's values, reprs and errors.
Runs unchanged under CPython 3.12."""

import _posixshmem
import multiprocessing
import os
import pickle
import struct
import unittest
from multiprocessing import shared_memory


def write_through_name(name, data):
    block = shared_memory.SharedMemory(name)
    block.buf[:len(data)] = data
    block.close()


def bump_list(shared_list, times):
    for _ in range(times):
        shared_list[0] += 1
    shared_list[1] = 'child'
    shared_list.shm.close()


class SharedMemoryTest(unittest.TestCase):

    def new_block(self, size=64, **kwargs):
        block = shared_memory.SharedMemory(create=True, size=size, **kwargs)
        self.addCleanup(self.release, block)
        return block

    @staticmethod
    def release(block):
        block.close()
        try:
            block.unlink()
        except FileNotFoundError:
            pass

    def test_create_attach_and_share_bytes(self):
        block = self.new_block(100)
        self.assertTrue(block.name.startswith('psm_'))
        self.assertEqual(block.size, 100)
        self.assertEqual(len(block.buf), 100)
        self.assertEqual(bytes(block.buf[:4]), b'\0\0\0\0')
        other = shared_memory.SharedMemory(block.name)
        self.addCleanup(other.close)
        block.buf[:5] = b'hello'
        self.assertEqual(bytes(other.buf[:5]), b'hello')
        self.assertEqual(other.size, 100)
        self.assertEqual(repr(other), f"SharedMemory('{block.name}', size=100)")

    def test_named_block_is_a_file_in_dev_shm(self):
        block = self.new_block(10, name='graalpy_mp_test_named')
        self.assertEqual(block.name, 'graalpy_mp_test_named')
        self.assertTrue(os.path.exists('/dev/shm/graalpy_mp_test_named'))
        block.unlink()
        self.assertFalse(os.path.exists('/dev/shm/graalpy_mp_test_named'))

    def test_child_process_writes_are_seen(self):
        for method in ('fork', 'spawn'):
            with self.subTest(method=method):
                block = self.new_block(16)
                child = multiprocessing.get_context(method).Process(
                    target=write_through_name, args=(block.name, method.encode()))
                child.start()
                child.join()
                self.assertEqual(child.exitcode, 0)
                self.assertEqual(bytes(block.buf[:len(method)]), method.encode())

    def test_pickled_block_attaches_by_name(self):
        block = self.new_block(8)
        copy = pickle.loads(pickle.dumps(block))
        self.addCleanup(copy.close)
        self.assertEqual((copy.name, copy.size), (block.name, block.size))
        copy.buf[0] = 7
        self.assertEqual(block.buf[0], 7)

    def test_bad_arguments(self):
        cases = [
            (dict(create=True, size=0), ValueError, "'size' must be a positive number different from zero"),
            (dict(create=True, size=-1), ValueError, "'size' must be a positive integer"),
            (dict(), ValueError, "'name' can only be None if create=True"),
            (dict(name='graalpy_mp_missing'), FileNotFoundError,
             "[Errno 2] No such file or directory: '/graalpy_mp_missing'"),
            (dict(name='a/b', create=True, size=4), OSError, "[Errno 22] Invalid argument: '/a/b'"),
            (dict(name='', create=True, size=4), OSError, "[Errno 22] Invalid argument: '/'"),
        ]
        for kwargs, error, message in cases:
            with self.subTest(**kwargs):
                with self.assertRaises(error) as caught:
                    shared_memory.SharedMemory(**kwargs)
                self.assertEqual(str(caught.exception), message)

    def test_create_existing_name_and_unlink_twice(self):
        block = self.new_block(4, name='graalpy_mp_test_twice')
        with self.assertRaises(FileExistsError) as caught:
            shared_memory.SharedMemory('graalpy_mp_test_twice', create=True, size=4)
        self.assertEqual(str(caught.exception), "[Errno 17] File exists: '/graalpy_mp_test_twice'")
        block.unlink()
        with self.assertRaises(FileNotFoundError) as caught:
            block.unlink()
        self.assertEqual(caught.exception.filename, '/graalpy_mp_test_twice')

    def test_closed_block_has_no_buffer(self):
        block = self.new_block(4)
        block.close()
        self.assertIsNone(block.buf)
        block.close()  # twice is fine

    def test_buffer_is_a_writable_byte_view_of_the_whole_block(self):
        block = self.new_block(4096)
        other = shared_memory.SharedMemory(block.name)  # a second mapping, as another process's
        buf = block.buf
        self.assertEqual(('B', 1, (4096,), False, 4096), (buf.format, buf.itemsize, buf.shape, buf.readonly,
                                                          buf.nbytes))
        buf[4095] = 255
        struct.pack_into('<q', buf, 8, -2)
        self.assertEqual((255, -2), (other.buf[4095], struct.unpack_from('<q', other.buf, 8)[0]))
        self.assertEqual(bytes(range(4)), bytes(buf[16:20]) if buf.__setitem__(slice(16, 20), bytes(range(4)))
                         is None else None)
        other.close()

    def test_a_view_outliving_close_still_reads_the_memory(self):
        block = self.new_block(16)
        block.buf[2:4] = b'ok'
        held = block.buf[2:4]
        try:
            block.close()
        except BufferError:
            pass  # CPython: its mmap has an exported view (graalpy-mp cannot count views: see posixshmem)
        self.assertEqual(b'ok', bytes(held))
        held.release()
        block.close()
        self.assertIsNone(block.buf)


class PosixShmTest(unittest.TestCase):
    """`_posixshmem` itself: glibc's name rules and errors."""

    def test_open_errors(self):
        cases = [('/', 22), ('', 22), ('//', 22), ('a/b', 22), ('/' + 'y' * 260, 22), ('/graalpy_mp_none', 2),
                 ('graalpy_mp_none', 2), ('/' + 'y' * 256, 36)]
        for path, code in cases:
            with self.subTest(path=path[:20]):
                with self.assertRaises(OSError) as caught:
                    _posixshmem.shm_open(path, os.O_RDWR)
                self.assertEqual((caught.exception.errno, caught.exception.filename), (code, path))
                self.assertEqual(caught.exception.strerror, os.strerror(code))

    def test_unlink_of_an_invalid_name_is_enoent(self):
        for path in ('/', '', 'a/b', '/graalpy_mp_none'):
            with self.subTest(path=path):
                with self.assertRaises(FileNotFoundError) as caught:
                    _posixshmem.shm_unlink(path)
                self.assertEqual(caught.exception.filename, path)

    def test_wrong_type(self):
        with self.assertRaises(TypeError) as caught:
            _posixshmem.shm_open(b'/x', os.O_RDWR)
        self.assertEqual(str(caught.exception), "shm_open() argument 'path' must be str, not bytes")

    def test_open_create_and_unlink(self):
        fd = _posixshmem.shm_open('/graalpy_mp_raw', os.O_CREAT | os.O_EXCL | os.O_RDWR, mode=0o600)
        try:
            self.assertTrue(os.path.exists('/dev/shm/graalpy_mp_raw'))
            self.assertFalse(os.get_inheritable(fd))
        finally:
            os.close(fd)
            _posixshmem.shm_unlink('/graalpy_mp_raw')
        self.assertFalse(os.path.exists('/dev/shm/graalpy_mp_raw'))


class ShareableListTest(unittest.TestCase):

    def new_list(self, sequence):
        shared_list = shared_memory.ShareableList(sequence)
        self.addCleanup(lambda: (shared_list.shm.close(), shared_list.shm.unlink()))
        return shared_list

    def test_values_format_and_repr(self):
        shared_list = self.new_list([1, 2.5, 'x', b'yy', None, True])
        self.assertEqual(list(shared_list), [1, 2.5, 'x', b'yy', None, True])
        self.assertEqual(shared_list.format, 'qd8s8sxxxxxx?xxxxxxxx?')
        self.assertEqual(len(shared_list), 6)
        self.assertEqual(repr(shared_list),
                         f"ShareableList([1, 2.5, 'x', b'yy', None, True], name='{shared_list.shm.name}')")
        self.assertEqual(shared_list.count(2.5), 1)
        self.assertEqual(shared_list.index('x'), 2)

    def test_attach_by_name_and_write(self):
        shared_list = self.new_list([1, 'ab'])
        other = shared_memory.ShareableList(name=shared_list.shm.name)
        self.addCleanup(other.shm.close)
        other[0] = 42
        other[1] = 'cd'
        self.assertEqual(list(shared_list), [42, 'cd'])

    def test_errors(self):
        shared_list = self.new_list(['abc', 1])
        with self.assertRaises(ValueError) as caught:
            shared_list[0] = 'far too long for its slot'
        self.assertEqual(str(caught.exception), 'bytes/str item exceeds available storage')
        with self.assertRaises(IndexError) as caught:
            shared_list[5]
        self.assertEqual(str(caught.exception), 'index out of range')
        with self.assertRaises(IndexError) as caught:
            shared_list[5] = 1
        self.assertEqual(str(caught.exception), 'assignment index out of range')
        with self.assertRaises(ValueError) as caught:
            shared_list.index('missing')
        self.assertEqual(str(caught.exception), "'missing' not in this container")
        with self.assertRaises(KeyError):  # CPython's: an unsupported item type is not in its table
            shared_memory.ShareableList([object()])

    def test_child_updates_list(self):
        shared_list = self.new_list([0, 'parent'])
        child = multiprocessing.Process(target=bump_list, args=(shared_list, 20))
        child.start()
        child.join()
        self.assertEqual(child.exitcode, 0)
        self.assertEqual(list(shared_list), [20, 'child'])


if __name__ == '__main__':
    unittest.main()
