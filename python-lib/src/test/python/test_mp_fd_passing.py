"""fd passing (SCM_RIGHTS) between processes: socket.fromfd/sendmsg/recvmsg on a socket pair, and
multiprocessing.reduction's send_handle/recv_handle and DupFd (a Connection pickled to a running process) as
CPython's multiprocessing uses them. Under graalpy-mp the socket pairs are the kernel's; a file of GraalPy's
own cannot be passed, and says so. Runs unchanged under CPython 3.12."""

import array
import errno
import multiprocessing
import os
import socket
import sys
import tempfile
import unittest
from multiprocessing import reduction

from mp_test_support import MPTestCase, start

GRAALPY = sys.implementation.name == 'graalpy'


def write_to_received(conn, data):
    fd = reduction.recv_handle(conn)
    os.write(fd, data)
    os.close(fd)


def send_without_fd(conn):
    os.write(conn.fileno(), b'\0')


def answer_on_received_connection(conn):
    received = conn.recv()  # a Connection pickled by the parent: its fd comes through resource_sharer
    received.send(received.recv() * 2)
    received.close()


def pair():
    """Two connected stream sockets: a duplex multiprocessing Pipe's fds, as sockets."""
    a, b = multiprocessing.Pipe()
    sockets = [socket.fromfd(c.fileno(), socket.AF_UNIX, socket.SOCK_STREAM) for c in (a, b)]
    a.close()
    b.close()
    return sockets


def send_fds(sock, data, fds):
    return sock.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds))])


def received_fds(ancdata):
    fds = array.array('i')
    for level, kind, payload in ancdata:
        if (level, kind) == (socket.SOL_SOCKET, socket.SCM_RIGHTS):
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    return list(fds)


class SocketMessagesTest(unittest.TestCase):

    def test_fds_arrive_with_the_bytes_they_were_sent_with(self):
        s1, s2 = pair()
        r, w = os.pipe()
        with s1, s2:
            s1.sendall(b'before')
            self.assertEqual(send_fds(s1, b'with', [w, r]), 4)
            s1.sendall(b'after')
            os.close(w)
            data, ancdata, flags, _ = s2.recvmsg(3, socket.CMSG_SPACE(8))
            self.assertEqual((data, ancdata, flags), (b'bef', [], 0))
            data, ancdata, flags, _ = s2.recvmsg(100, socket.CMSG_SPACE(8))
            self.assertEqual((data, flags), (b'orewith', 0))  # as Linux: a read stops after the fds' bytes
            w2, r2 = received_fds(ancdata)
            self.assertTrue(os.get_inheritable(w2))  # recvmsg without MSG_CMSG_CLOEXEC, as on Linux
            os.write(w2, b'through the received fd')
            os.close(w2)
            self.assertEqual(os.read(r2, 100), b'through the received fd')
            os.close(r2)
            self.assertEqual(os.read(r, 100), b'')  # the received write end was the last one
            self.assertEqual(s2.recv(100), b'after')
        os.close(r)

    def test_too_small_a_control_buffer_truncates(self):
        s1, s2 = pair()
        r, w = os.pipe()
        with s1, s2:
            send_fds(s1, b'x', [w, w, w])
            os.close(w)
            data, ancdata, flags, _ = s2.recvmsg(1, socket.CMSG_LEN(4))
            self.assertEqual(data, b'x')
            self.assertTrue(flags & socket.MSG_CTRUNC)
            fds = received_fds(ancdata)
            self.assertEqual(len(fds), 1)
            os.close(fds[0])
        self.assertEqual(os.read(r, 10), b'')  # the fds not received were closed
        os.close(r)

    def test_a_plain_read_closes_the_fds_it_passes(self):
        s1, s2 = pair()
        r, w = os.pipe()
        with s1, s2:
            send_fds(s1, b'x', [w])
            os.close(w)
            self.assertEqual(s2.recv(10), b'x')
        self.assertEqual(os.read(r, 10), b'')
        os.close(r)

    def test_a_closed_fd_cannot_be_sent(self):
        s1, s2 = pair()
        r, w = os.pipe()
        os.close(w)
        with s1, s2:
            with self.assertRaises(OSError) as caught:
                send_fds(s1, b'x', [w])
            self.assertEqual(caught.exception.errno, errno.EBADF)
        os.close(r)


class ReductionTest(MPTestCase):

    def child_on_a_pipe(self, target, *args):
        """A child running target(its end of a new duplex Pipe, *args): (our end, the child)."""
        conn, child_conn = multiprocessing.Pipe()
        self.addCleanup(conn.close)
        self.addCleanup(child_conn.close)
        return conn, start(target, child_conn, *args)

    def test_send_handle_to_a_child(self):
        self.assertTrue(reduction.HAVE_SEND_HANDLE)
        r, w = os.pipe()
        conn, child = self.child_on_a_pipe(write_to_received, b'from the child')
        reduction.send_handle(conn, w, child.pid)
        os.close(w)
        self.join_ok(child)
        self.assertEqual(os.read(r, 100), b'from the child')
        os.close(r)

    def test_recv_handle_without_fd_fails(self):
        conn, child = self.child_on_a_pipe(send_without_fd)
        self.assertRaises(RuntimeError, reduction.recv_handle, conn)
        self.join_ok(child)

    def test_connection_pickled_to_a_running_child(self):
        conn, child = self.child_on_a_pipe(answer_on_received_connection)
        mine, theirs = multiprocessing.Pipe()
        conn.send(theirs)  # DupFd through resource_sharer: the child is running already
        theirs.close()
        mine.send('ab')
        self.assertEqual(mine.recv(), 'abab')
        self.join_ok(child)
        mine.close()

    def test_a_file_of_graalpys_own(self):
        conn, child_conn = multiprocessing.Pipe()
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, 'passed')
            with open(path, 'wb') as f:
                if GRAALPY:
                    with self.assertRaises(OSError) as caught:
                        reduction.send_handle(conn, f.fileno(), os.getpid())
                    self.assertEqual(caught.exception.errno, errno.EOPNOTSUPP)
                    self.assertIn("a file or socket of GraalPy's own", str(caught.exception))
                else:
                    reduction.send_handle(conn, f.fileno(), os.getpid())
                    fd = reduction.recv_handle(child_conn)
                    os.write(fd, b'CPython passes files')
                    os.close(fd)
        conn.close()
        child_conn.close()


if __name__ == '__main__':
    unittest.main()
