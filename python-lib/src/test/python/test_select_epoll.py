"""select.epoll over pipes and sockets, as CPython 3.12 on Linux (level-triggered; EPOLLONESHOT).
Runs unchanged under CPython 3.12 and, through the host, under graalpy-mp."""

import errno
import os
import select
import selectors
import socket
import tempfile
import unittest


class EpollTest(unittest.TestCase):

    def setUp(self):
        self.ep = select.epoll()
        self.addCleanup(self.ep.close)
        self.r, self.w = os.pipe()
        self.addCleanup(os.close, self.r)
        self.addCleanup(os.close, self.w)

    def test_default_selector_is_epoll_as_on_linux(self):
        self.assertIs(selectors.DefaultSelector, selectors.EpollSelector)

    def test_level_triggered_until_read(self):
        self.ep.register(self.r, select.EPOLLIN)
        self.assertEqual([], self.ep.poll(0))
        os.write(self.w, b'xy')
        self.assertEqual([(self.r, select.EPOLLIN)], self.ep.poll(1))
        self.assertEqual([(self.r, select.EPOLLIN)], self.ep.poll(0))
        os.read(self.r, 2)
        self.assertEqual([], self.ep.poll(0.05))

    def test_oneshot_reports_once_until_modified(self):
        os.write(self.w, b'x')
        self.ep.register(self.r, select.EPOLLIN | select.EPOLLONESHOT)
        self.assertEqual([(self.r, select.EPOLLIN)], self.ep.poll(0))
        self.assertEqual([], self.ep.poll(0))
        self.ep.modify(self.r, select.EPOLLIN)
        self.assertEqual([(self.r, select.EPOLLIN)], self.ep.poll(0))

    def test_socket_both_ways_in_one_entry(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        b.send(b'x')
        self.ep.register(a, select.EPOLLIN | select.EPOLLOUT)
        self.assertEqual([(a.fileno(), select.EPOLLIN | select.EPOLLOUT)], self.ep.poll(1))

    def assertErrno(self, number, call, *args):
        with self.assertRaises(OSError) as raised:
            call(*args)
        self.assertEqual(number, raised.exception.errno)

    def test_errors_as_epoll_ctl(self):
        self.ep.register(self.r)
        self.assertErrno(errno.EEXIST, self.ep.register, self.r)
        self.ep.unregister(self.r)
        self.assertErrno(errno.ENOENT, self.ep.unregister, self.r)
        self.assertErrno(errno.ENOENT, self.ep.modify, self.r, 1)
        with tempfile.TemporaryFile() as f:
            self.assertErrno(errno.EPERM, self.ep.register, f)
        with self.assertRaisesRegex(ValueError, 'maxevents must be greater than 0, got 0'):
            self.ep.poll(maxevents=0)

    def test_close(self):
        ep = select.epoll()
        self.assertGreaterEqual(ep.fileno(), 0)
        self.assertFalse(ep.closed)
        ep.close()
        ep.close()
        self.assertTrue(ep.closed)
        with self.assertRaisesRegex(ValueError, 'I/O operation on closed epoll object'):
            ep.fileno()
        with select.epoll() as other:
            self.assertFalse(other.closed)
        self.assertTrue(other.closed)


if __name__ == '__main__':
    unittest.main()
