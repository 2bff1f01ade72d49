"""select.select and select.poll over pipes, alone and mixed with ordinary fds, as CPython 3.12 on Linux.
Runs unchanged under CPython 3.12 and, through the host, under graalpy-mp."""

import os
import select
import selectors
import socket
import time
import unittest


class SelectTest(unittest.TestCase):

    def setUp(self):
        self.r, self.w = os.pipe()
        self.addCleanup(os.close, self.r)
        self.addCleanup(os.close, self.w)

    def test_empty_pipe_is_writable_not_readable(self):
        self.assertEqual(([], [self.w], []), select.select([self.r], [self.w], [], 0))

    def test_data_makes_it_readable(self):
        os.write(self.w, b'x')
        self.assertEqual(([self.r], [], []), select.select([self.r], [], [], 1))

    def test_timeout_elapses(self):
        start = time.monotonic()
        self.assertEqual(([], [], []), select.select([self.r], [], [], 0.2))
        self.assertGreaterEqual(time.monotonic() - start, 0.15)

    def test_eof_is_readable(self):
        other_r, other_w = os.pipe()
        os.close(other_w)
        self.assertEqual(([other_r], [], []), select.select([other_r], [], [], 1))
        os.close(other_r)

    def test_objects_with_fileno_come_back(self):
        class Wrapper:
            def __init__(self, fd):
                self.fd = fd

            def fileno(self):
                return self.fd
        wrapped = Wrapper(self.r)
        os.write(self.w, b'x')
        self.assertEqual(([wrapped], [], []), select.select([wrapped], [], [], 1))

    def test_mixed_with_an_ordinary_file(self):
        fd = os.open(os.devnull, os.O_RDONLY)
        self.addCleanup(os.close, fd)
        self.assertEqual(([fd], [], []), select.select([self.r, fd], [], [], 1))

    def test_bad_arguments(self):
        self.assertRaises(ValueError, select.select, [self.r], [], [], -1)
        self.assertRaises(TypeError, select.select, ['x'], [], [], 0)


    def test_fileno_asked_once_and_a_shrinking_list_ends_the_walk(self):
        listed = []

        class Shrinking:
            def fileno(inner):
                del listed[-1]
                return self.w
        listed[:] = [Shrinking()] * 10
        self.assertEqual(([], listed[:5], []), select.select([], listed, []))

    def test_selectors_keep_select_as_a_plain_function(self):
        with selectors.SelectSelector() as selector:
            selector.register(self.w, selectors.EVENT_WRITE)
            self.assertEqual([selectors.EVENT_WRITE], [events for _, events in selector.select(0)])

    def test_a_socket_asked_both_ways_is_both(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        b.send(b'x')
        self.assertEqual(([a], [a], []), select.select([a], [a], [], 1))


class PollTest(unittest.TestCase):

    def test_poll_type_cannot_be_called(self):
        with self.assertRaisesRegex(TypeError, "cannot create 'select.poll' instances"):
            type(select.poll())()

    def test_default_selector_over_a_pipe(self):
        import selectors
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        with selectors.DefaultSelector() as selector:
            selector.register(r, selectors.EVENT_READ, 'data')
            self.assertEqual([], selector.select(0))
            os.write(w, b'x')
            [(key, events)] = selector.select(1)
            self.assertEqual((r, 'data', selectors.EVENT_READ), (key.fd, key.data, events))

    def test_poll_pipe(self):
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        poller = select.poll()
        poller.register(r, select.POLLIN)
        self.assertEqual([], poller.poll(0))
        os.write(w, b'x')
        self.assertEqual([(r, select.POLLIN)], poller.poll(1000))
        poller.unregister(r)
        self.assertEqual([], poller.poll(0))

    def test_modify_of_an_unregistered_fd_is_enoent(self):
        r, w = os.pipe()
        self.addCleanup(os.close, r)
        self.addCleanup(os.close, w)
        with self.assertRaises(FileNotFoundError) as caught:
            select.poll().modify(r, select.POLLIN)
        self.assertEqual('[Errno 2] No such file or directory', str(caught.exception))


if __name__ == '__main__':
    unittest.main()
