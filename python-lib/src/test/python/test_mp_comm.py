"""multiprocessing's communication (Queue, SimpleQueue, JoinableQueue, Pipe, connection.wait,
Listener/Client) and the Process API (its errors, attributes, daemons, terminate/kill), with CPython 3.12's
results, exception types and messages; mostly the default 'fork' start method, a few cases with 'spawn'.
Runs unchanged under CPython 3.12."""

import multiprocessing
import os
import queue
import signal
import socket
import unittest
from multiprocessing.connection import Listener, wait

from mp_test_support import *  # noqa: F401,F403 - the children's functions and MPTestCase


class QueueTest(MPTestCase):

    def test_timeouts_and_sizes(self):
        q = multiprocessing.Queue(maxsize=2)
        self.assertRaises(queue.Empty, q.get, timeout=0.1)
        self.assertRaises(queue.Empty, q.get_nowait)
        self.assertRaises(queue.Empty, q.get, False)
        q.put(1)
        q.put_nowait(2)
        self.assertEqual(q.qsize(), 2)
        self.assertTrue(q.full())
        self.assertRaises(queue.Full, q.put, 3, timeout=0.1)
        self.assertRaises(queue.Full, q.put_nowait, 3)
        self.assertEqual([q.get(timeout=30), q.get(timeout=30)], [1, 2])
        self.assertTrue(q.empty())
        self.assertFalse(q.full())
        self.assertEqual(q.qsize(), 0)
        q.close()
        q.join_thread()
        self.assertRaisesMessage(ValueError, f'Queue {q!r} is closed', q.put, 1)
        self.assertRaisesMessage(ValueError, f'Queue {q!r} is closed', q.get)
        q.close()  # again: nothing happens

    def test_child_producer_and_child_consumer(self):
        q, results = multiprocessing.Queue(maxsize=1), multiprocessing.Queue()
        producer = start(produce, q, range(5))  # blocks whenever the queue is full
        self.assertEqual([q.get(timeout=30) for _ in range(5)], list(range(5)))
        self.join_ok(producer)
        consumer = start(get_or_empty, q, results)
        self.assertEqual(results.get(timeout=30), 'empty')
        self.join_ok(consumer)
        q.close()
        results.close()

    def test_simple_queue(self):
        inbox, outbox = multiprocessing.SimpleQueue(), multiprocessing.SimpleQueue()
        self.assertTrue(inbox.empty())
        child = start(double_all, inbox, outbox)
        for item in (1, 'ab', [3]):
            inbox.put(item)
        inbox.put(None)
        self.assertEqual([outbox.get() for _ in range(3)], [2, 'abab', [3, 3]])
        self.join_ok(child)
        self.assertTrue(outbox.empty())
        inbox.close()
        self.assertRaisesMessage(OSError, 'handle is closed', inbox.get)
        self.assertRaisesMessage(OSError, 'handle is closed', inbox.put, 1)
        outbox.close()

    def test_joinable_queue(self):
        jq, results = multiprocessing.JoinableQueue(), multiprocessing.Queue()
        child = start(work_off, jq, results)
        for item in (1, 2, 3, None):
            jq.put(item)
        jq.join()  # returns once the child has called task_done() four times
        self.assertEqual(sorted(results.get(timeout=30) for _ in range(3)), [2, 3, 4])
        self.join_ok(child)
        self.assertRaisesMessage(ValueError, 'task_done() called too many times', jq.task_done)
        jq.close()
        jq.join_thread()
        self.assertRaisesMessage(ValueError, f'Queue {jq!r} is closed', jq.put, 1)
        results.close()


class PipeTest(MPTestCase):

    def test_duplex_pipe_with_a_child(self):
        mine, theirs = multiprocessing.Pipe()
        child = start(echo_twice, theirs)
        theirs.close()
        self.assertFalse(mine.poll(0.1))
        mine.send({'a': [1, 2.5, None]})
        self.assertEqual(mine.recv(), {'a': [1, 2.5, None]})
        mine.send_bytes(b'0123456789', 2, 5)
        self.assertTrue(mine.poll(30))
        buf = bytearray(10)
        self.assertEqual(mine.recv_bytes_into(buf, 3), 5)
        self.assertEqual(bytes(buf), b'\0\0\x0065432\0\0')
        self.join_ok(child)
        self.assertTrue(mine.poll(30))  # the other end is closed: EOF is ready
        self.assertRaises(EOFError, mine.recv)
        mine.close()

    def test_a_childs_connections_use_its_os_functions(self):
        # A child's multiprocessing.connection is imported before the child's process begins (in a context
        # made ahead): what Connection took of os then must be what the child's os has.
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = start(report_connection_os_functions, writer)
        writer.close()
        self.assertEqual(reader.recv(), [True, True, True, True])
        self.join_ok(child)
        reader.close()

    def test_simplex_pipe_with_a_child(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        self.assertEqual((reader.readable, reader.writable, writer.readable, writer.writable),
                         (True, False, False, True))
        self.assertRaisesMessage(OSError, 'connection is read-only', reader.send, 1)
        self.assertRaisesMessage(OSError, 'connection is read-only', reader.send_bytes, b'x')
        self.assertRaisesMessage(OSError, 'connection is write-only', writer.recv)
        self.assertRaisesMessage(OSError, 'connection is write-only', writer.poll)
        go = multiprocessing.Event()
        child = start(send_when_set, go, writer, b'x' * 100000)
        writer.close()
        self.assertFalse(reader.poll(0))
        go.set()
        self.assertEqual(reader.recv(), b'x' * 100000)
        self.join_ok(child)
        self.assertRaises(EOFError, reader.recv_bytes)
        reader.close()

    def test_message_length_and_buffer_errors(self):
        a, b = multiprocessing.Pipe()
        self.assertRaisesMessage(ValueError, 'offset is negative', a.send_bytes, b'abc', -1)
        self.assertRaisesMessage(ValueError, 'buffer length < offset', a.send_bytes, b'abc', 4)
        self.assertRaisesMessage(ValueError, 'size is negative', a.send_bytes, b'abc', 0, -1)
        self.assertRaisesMessage(ValueError, 'buffer length < offset + size', a.send_bytes, b'abc', 1, 3)
        a.send_bytes(b'y' * 20)
        with self.assertRaises(multiprocessing.BufferTooShort) as caught:
            b.recv_bytes_into(bytearray(5))
        self.assertEqual(caught.exception.args[0], b'y' * 20)
        a.send_bytes(b'z' * 20)
        self.assertRaisesMessage(OSError, 'bad message length', b.recv_bytes, 5)
        self.assertRaisesMessage(OSError, 'connection is write-only', b.recv_bytes)  # no longer readable
        a.close()
        b.close()

    def test_closed_connection(self):
        a, b = multiprocessing.Pipe()
        a.close()
        self.assertTrue(a.closed)
        for call in (lambda: a.send(1), a.recv, a.poll, a.fileno, lambda: a.send_bytes(b'x'), a.recv_bytes):
            self.assertRaisesMessage(OSError, 'handle is closed', call)
        a.close()  # again: nothing happens
        self.assertTrue(b.poll(5))
        self.assertRaises(EOFError, b.recv)
        b.close()

    def test_wait_on_connections_a_sentinel_and_a_socket(self):
        idle_reader, idle_writer = multiprocessing.Pipe(duplex=False)
        reader, writer = multiprocessing.Pipe(duplex=False)
        sock_r, sock_w = socket.socketpair()
        go = multiprocessing.Event()
        child = start(send_when_set, go, writer, 'hello')
        writer.close()
        everything = [idle_reader, reader, sock_r, child.sentinel]
        self.assertEqual(wait(everything, timeout=0.1), [])
        go.set()
        self.assertEqual(wait([idle_reader, reader, sock_r], timeout=30), [reader])
        self.assertEqual(reader.recv(), 'hello')
        child.join(30)
        self.assertEqual(wait([idle_reader, sock_r, child.sentinel], timeout=30), [child.sentinel])
        sock_w.sendall(b'ping')
        self.assertEqual(set(wait(everything, timeout=30)), {reader, sock_r, child.sentinel})
        self.assertEqual(sock_r.recv(4), b'ping')
        for obj in (idle_reader, idle_writer, reader, sock_r, sock_w):
            obj.close()


class ListenerClientTest(MPTestCase):

    def round_trip(self, address, family):
        report_r, report_w = multiprocessing.Pipe(duplex=False)
        with Listener(address, family=family, authkey=KEY) as listener:
            child = start(client_round_trip, listener.address, KEY, report_w)
            with listener.accept() as conn:
                conn.send(21)
                self.assertEqual(conn.recv(), 42)
            self.assertEqual(report_r.recv(), 'ok')
            self.join_ok(child)
            return listener.address, listener.last_accepted

    def test_af_inet(self):
        (host, port), (peer_host, _) = self.round_trip(('127.0.0.1', 0), 'AF_INET')
        self.assertEqual((host, peer_host), ('127.0.0.1', '127.0.0.1'))
        self.assertGreater(port, 0)

    def test_af_unix(self):
        address, _ = self.round_trip(None, 'AF_UNIX')
        self.assertIsInstance(address, str)
        self.assertFalse(os.path.exists(address))  # removed when the listener closed

    def test_wrong_authkey(self):
        report_r, report_w = multiprocessing.Pipe(duplex=False)
        with Listener(('127.0.0.1', 0), authkey=KEY) as listener:
            child = start(client_round_trip, listener.address, b'not the key', report_w)
            self.assertRaisesMessage(multiprocessing.AuthenticationError, 'digest received was wrong',
                                     listener.accept)
            self.assertEqual(report_r.recv(), ('AuthenticationError', 'digest sent was rejected'))
            self.join_ok(child)


class ProcessApiTest(MPTestCase):

    def test_child_sees_the_state_of_the_programs_own_modules(self):
        import mp_test_support
        mp_test_support.MODULE_STATE['set by'] = 'the parent'  # a fork copies it as it is now
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = start(report_module_state, writer)
        self.assertEqual(reader.recv(), {'set by': 'the parent'})
        self.join_ok(child)
        mp_test_support.MODULE_STATE['set by'] = 'import'

    def test_before_start_and_start_twice(self):
        child = multiprocessing.Process(target=exit_with, args=(0,))
        self.assertRaisesMessage(AssertionError, 'can only join a started process', child.join)
        self.assertEqual((child.is_alive(), child.exitcode, child.pid, child.ident), (False, None, None, None))
        self.assertRaisesMessage(ValueError, 'process not started', getattr, child, 'sentinel')
        self.assertRegex(child.name, r'^Process-\d+$')
        child.start()
        self.assertRaisesMessage(AssertionError, 'cannot start a process twice', child.start)
        self.assertRaisesMessage(AssertionError, 'process has already started', setattr, child, 'daemon', True)
        self.join_ok(child)
        self.assertFalse(child.is_alive())

    def test_close(self):
        held, release = multiprocessing.Event(), multiprocessing.Event()
        child = start(hold_until, multiprocessing.Lock(), held, release, name='worker')
        self.assertTrue(held.wait(30))
        self.assertRaisesMessage(ValueError, 'Cannot close a process while it is still running. '
                                 'You should first call join() or terminate().', child.close)
        release.set()
        self.join_ok(child)
        child.close()
        child.close()  # again: nothing happens
        for name in ('pid', 'ident', 'exitcode', 'sentinel'):
            self.assertRaisesMessage(ValueError, 'process object is closed', getattr, child, name)
        for method in (child.is_alive, child.join, child.start, child.terminate, child.kill):
            self.assertRaisesMessage(ValueError, 'process object is closed', method)
        self.assertEqual((child.name, child.daemon), ('worker', False))
        self.assertEqual(repr(child), f"<Process name='worker' parent={os.getpid()} closed>")

    def test_attributes_of_a_running_child(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.Process(target=report_identity, args=(writer,), name='worker-7', daemon=True)
        self.assertEqual(bytes(child.authkey), bytes(multiprocessing.current_process().authkey))
        child.start()
        name, pid, ident, daemon, authkey, getpid, parent_pid = reader.recv()
        self.assertEqual((name, pid, ident, daemon, getpid, parent_pid),
                         ('worker-7', child.pid, child.pid, True, child.pid, os.getpid()))
        self.assertEqual(child.ident, child.pid)
        self.assertEqual(authkey, bytes(multiprocessing.current_process().authkey))
        self.assertIsInstance(child.sentinel, int)
        self.join_ok(child)
        self.assertEqual(repr(child), f"<Process name='worker-7' pid={child.pid} parent={os.getpid()} "
                                      "stopped exitcode=0 daemon>")

    def test_active_children(self):
        started = multiprocessing.Event()
        child = start(sleep_long, started, daemon=True)
        self.assertTrue(started.wait(30))
        self.assertIn(child, multiprocessing.active_children())
        self.assertTrue(child.is_alive())
        self.assertIn('started daemon', repr(child))
        child.terminate()
        child.join(30)
        self.assertNotIn(child, multiprocessing.active_children())

    def test_exception_in_a_child_exits_with_1(self):
        child = start(fail_quietly)
        child.join(30)
        self.assertEqual(child.exitcode, 1)

    def test_daemon_grandchild_ends_with_its_parent(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = start(start_daemon_grandchild, writer)
        writer.close()
        grandchild_pid = reader.recv()
        self.join_ok(child)
        self.assertTrue(reader.poll(30))  # the grandchild held the last writer: it has ended
        self.assertRaises(EOFError, reader.recv)
        self.assertRaises(ProcessLookupError, os.kill, grandchild_pid, 0)
        reader.close()

    def test_daemon_cannot_have_children(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = start(try_to_start_a_child, writer, daemon=True)
        self.assertEqual(reader.recv(), 'daemonic processes are not allowed to have children')
        self.join_ok(child)

    def test_terminate_and_kill_a_busy_sleeping_or_blocked_child(self):
        held = multiprocessing.Lock()
        held.acquire()
        for method, how, obj in (('terminate', 'spin', None), ('terminate', 'sleep', None),
                                 ('terminate', 'queue', multiprocessing.Queue()), ('kill', 'lock', held),
                                 ('terminate', 'thread_lock', None)):
            started = multiprocessing.Event()
            child = start(block, started, how, obj)
            self.assertTrue(started.wait(30))
            getattr(child, method)()
            child.join(10)  # generous: ending it is prompt, but the machine may be busy
            code = -signal.SIGTERM if method == 'terminate' else -signal.SIGKILL
            self.assertEqual(child.exitcode, code, f'{method} {how}')
            self.assertFalse(child.is_alive())
        held.release()


class SpawnTest(MPTestCase):

    def test_spawned_child_with_lock_queue_and_pipe(self):
        ctx = multiprocessing.get_context('spawn')
        lock, q = ctx.Lock(), ctx.Queue()
        mine, theirs = ctx.Pipe()
        child = ctx.Process(target=spawned_worker, args=(lock, q, theirs))
        child.start()
        theirs.close()
        mine.send(41)
        self.assertEqual(mine.recv(), 42)
        self.assertEqual(q.get(timeout=30), (child.name, os.getpid()))
        self.assertRegex(child.name, r'^SpawnProcess-\d+$')
        self.join_ok(child)
        self.assertTrue(lock.acquire(timeout=30))
        lock.release()
        q.close()
        mine.close()

    def test_fork_context_lock_refused_by_spawn(self):
        ctx = multiprocessing.get_context('spawn')
        child = ctx.Process(target=hold_until, args=(multiprocessing.Lock(), None, None))
        self.assertRaisesMessage(RuntimeError, 'A SemLock created in a fork context is being shared with a '
                                 'process in a spawn context. This is not supported. Please use the same '
                                 'context to create multiprocessing objects and Process.', child.start)


if __name__ == '__main__':
    unittest.main()
