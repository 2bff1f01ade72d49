"""multiprocessing.connection's messages (send_bytes/recv_bytes and what is built on them) with CPython 3.12's
framing and outcomes: every size across the one-write and two-write boundaries and past a pipe's capacity, a
slice or a non-bytes buffer, end of file before and inside a message, a message longer than recv_bytes accepts,
the raw bytes on the wire, and an os.fork() child that replays messages its parent received.
Runs unchanged under CPython 3.12."""

import array
import multiprocessing
import os
import struct
import threading
import unittest
from multiprocessing.connection import Client, Connection, Listener

from mp_test_support import MPTestCase


def echo_all(conn):
    while True:
        message = conn.recv_bytes()
        if not message:
            break
        conn.send_bytes(message)


class MessageTest(MPTestCase):

    def test_sizes_round_trip_through_a_child(self):
        a, b = multiprocessing.Pipe()
        child = multiprocessing.Process(target=echo_all, args=(b,))
        child.start()
        for size in (1, 2, 64, 4095, 4096, 4097, 16383, 16384, 16385, 65535, 65536, 65537, 300_000, 1 << 20):
            message = bytes(i % 251 for i in range(size))
            a.send_bytes(message)
            self.assertEqual(a.recv_bytes(), message, size)
        a.send_bytes(b'')
        self.join_ok(child)

    def test_objects_and_buffers(self):
        a, b = multiprocessing.Pipe(duplex=False)
        b.send({'x': [1, 2.5, 'three']})
        self.assertEqual(a.recv(), {'x': [1, 2.5, 'three']})
        b.send_bytes(b'0123456789', 2, 5)
        self.assertEqual(a.recv_bytes(), b'23456')
        b.send_bytes(bytearray(b'abc'))
        self.assertEqual(a.recv_bytes(), b'abc')
        b.send_bytes(memoryview(b'xyz')[1:])
        self.assertEqual(a.recv_bytes(), b'yz')
        b.send_bytes(array.array('i', [1, 2]))
        self.assertEqual(a.recv_bytes(), array.array('i', [1, 2]).tobytes())
        b.send_bytes(array.array('i', [7, 8, 9]), 4, 4)  # offset and size count bytes
        self.assertEqual(a.recv_bytes(), array.array('i', [8]).tobytes())
        b.send_bytes(b'')
        self.assertEqual(a.recv_bytes(), b'')
        b.send_bytes(b'hello')
        into = bytearray(b'.' * 10)
        self.assertEqual(a.recv_bytes_into(into, 3), 5)
        self.assertEqual(into, b'...hello..')
        a.close()
        b.close()

    def test_the_wire_format_is_cpythons(self):
        r, w = os.pipe()
        reader, writer = Connection(r, writable=False), Connection(w, readable=False)
        writer.send_bytes(b'abc')
        self.assertEqual(os.read(r, 100), b'\x00\x00\x00\x03abc')
        big = b'q' * 20_000  # over 16 KiB: CPython writes the header, then the body
        writer.send_bytes(big)
        got = b''
        while len(got) < 4 + len(big):
            got += os.read(r, 65536)
        self.assertEqual(got, struct.pack('!i', len(big)) + big)
        os.write(w, struct.pack('!i', 4) + b'wxyz' + struct.pack('!i', -1) + struct.pack('!Q', 2) + b'hi')
        self.assertEqual(reader.recv_bytes(), b'wxyz')
        self.assertEqual(reader.recv_bytes(), b'hi')  # the 8-byte length CPython sends past 2 GiB
        reader.close()
        writer.close()

    def test_end_of_file_before_and_inside_a_message(self):
        r, w = os.pipe()
        reader = Connection(r, writable=False)
        os.write(w, struct.pack('!i', 10) + b'only4')
        os.close(w)
        self.assertRaisesMessage(OSError, 'got end of file during message', reader.recv_bytes)
        self.assertRaises(EOFError, reader.recv_bytes)
        reader.close()
        r, w = os.pipe()
        reader = Connection(r, writable=False)
        os.write(w, b'\x00\x00')  # half a header
        os.close(w)
        self.assertRaisesMessage(OSError, 'got end of file during message', reader.recv_bytes)
        reader.close()

    def test_a_message_longer_than_accepted(self):
        a, b = multiprocessing.Pipe()
        b.send_bytes(b'z' * 100)
        self.assertRaisesMessage(OSError, 'bad message length', a.recv_bytes, 99)
        self.assertRaisesMessage(OSError, 'connection is write-only', a.recv_bytes)
        a.close()
        b.close()
        # Longer than a pipe holds: refused once its header is read, the writer blocked until the reader leaves.
        a, b = multiprocessing.Pipe(duplex=False)
        outcome = []

        def send():
            try:
                b.send_bytes(b'z' * 200_000)
                outcome.append('sent')
            except BrokenPipeError:
                outcome.append('EPIPE')
        writer = threading.Thread(target=send)
        writer.start()
        self.assertRaisesMessage(OSError, 'bad message length', a.recv_bytes, 1000)
        a.close()
        writer.join(60)
        self.assertEqual(outcome, ['EPIPE'])
        b.close()

    def test_a_long_message_with_a_reader_thread(self):
        a, b = multiprocessing.Pipe(duplex=False)
        message = os.urandom(3 << 20)
        got = []
        reader = threading.Thread(target=lambda: got.append(a.recv_bytes()))
        reader.start()
        b.send_bytes(message)
        reader.join(60)
        self.assertEqual(got, [message])
        a.close()
        b.close()

    def test_a_forked_child_replays_the_messages_received_before_the_fork(self):
        a, b = multiprocessing.Pipe()
        b.send_bytes(b'before the fork')
        b.send(('an', 'object'))
        first, second = a.recv_bytes(), a.recv()
        pid = os.fork()
        if pid == 0:
            code = 0 if (first, second) == (b'before the fork', ('an', 'object')) else 3
            try:
                a.send_bytes(b'from the child')
            except BaseException:
                code = 4
            os._exit(code)
        self.assertEqual(b.recv_bytes(), b'from the child')
        self.assertEqual(os.waitpid(pid, 0)[1], 0)
        a.close()
        b.close()

    def test_tcp_connections_keep_cpythons_methods(self):
        with Listener(('127.0.0.1', 0), authkey=b'key') as listener:
            results = []
            server = threading.Thread(target=lambda: results.append(listener.accept().recv_bytes()))
            server.start()
            with Client(listener.address, authkey=b'key') as client:
                client.send_bytes(b'over tcp' * 3000)
            server.join(60)
        self.assertEqual(results, [b'over tcp' * 3000])


if __name__ == '__main__':
    unittest.main()
