"""Shared by test_mp_sync.py and test_mp_comm.py: the functions their child processes run (module-level, so
that spawn finds them by name) and a TestCase base that fails a test leaving a child alive."""

import multiprocessing
import os
import queue
import sys
import threading
import time
import unittest
from multiprocessing.connection import Client

KEY = b'graalpy-mp secret'


# ---- targets of the children (module level, so that 'spawn' can find them too) ----

def hold_until(lock, held, release, times=1):
    for _ in range(times):
        lock.acquire()
    held.set()
    release.wait(60)
    for _ in range(times):
        lock.release()


def acquire_n(sem, n, done):
    for _ in range(n):
        sem.acquire()
    done.set()


def release_n(sem, n, conn):
    results = []
    for _ in range(n):
        try:
            sem.release()
            results.append(None)
        except ValueError as e:
            results.append(str(e))
    conn.send(results)


def wait_on_condition(cond, ready, results):
    with cond:
        ready.release()  # while the condition's lock is held: once the parent has it, this child waits
        results.put(cond.wait(60))


def set_and_notify(cond, value):
    with cond:
        value.value = 1
        cond.notify_all()


def report_event_wait(event, conn):
    conn.send(event.wait(60))


def clear_event(event):
    event.clear()


def wait_at_barrier(barrier, results):
    try:
        results.put(barrier.wait(60))
    except threading.BrokenBarrierError:
        results.put('broken')


def produce(q, items):
    for item in items:
        q.put(item)


def get_or_empty(q, results):
    try:
        results.put(q.get(timeout=0.2))
    except queue.Empty:
        results.put('empty')


def double_all(inbox, outbox):
    for item in iter(inbox.get, None):
        outbox.put(item * 2)


def work_off(jq, results):
    for item in iter(jq.get, None):
        results.put(item + 1)
        jq.task_done()
    jq.task_done()


def echo_twice(conn):
    conn.send(conn.recv())
    conn.send_bytes(conn.recv_bytes()[::-1])
    conn.close()


def report_connection_os_functions(conn):
    """Whether the child's Connection reads, writes and closes with the os functions the child has."""
    from multiprocessing.connection import Connection
    conn.send([Connection._send.__defaults__ == (os.write,), Connection._recv.__defaults__ == (os.read,),
               vars(Connection)['_write'] is os.write, vars(Connection)['_read'] is os.read])


def send_when_set(event, conn, obj):
    event.wait(60)
    conn.send(obj)


def client_round_trip(address, authkey, report):
    try:
        with Client(address, authkey=authkey) as conn:
            conn.send(conn.recv() * 2)
        report.send('ok')
    except Exception as e:
        report.send((type(e).__name__, str(e)))


MODULE_STATE = {'set by': 'import'}  # changed by a test before it starts a child


def report_module_state(conn):
    conn.send(dict(MODULE_STATE))


def report_identity(conn):
    me = multiprocessing.current_process()
    conn.send((me.name, me.pid, me.ident, me.daemon, bytes(me.authkey), os.getpid(),
               multiprocessing.parent_process().pid))


def exit_with(code):
    sys.exit(code)


def fail_quietly():
    sys.stderr = open(os.devnull, 'w')  # the traceback printed for the child is expected
    raise ValueError('boom in the child')


def sleep_long(started=None):
    if started is not None:
        started.set()
    time.sleep(60)


def block(started, how, obj=None):
    started.set()
    if how == 'spin':
        while True:
            pass
    elif how == 'sleep':
        time.sleep(60)
    elif how == 'queue':
        obj.get()  # an empty queue
    elif how == 'thread_lock':
        threading.Thread(target=threading.Event().wait).start()  # a non-daemon thread that waits forever too
        lock = threading.Lock()
        lock.acquire()
        lock.acquire()  # waits forever
    else:
        obj.acquire()  # a lock the parent holds


def start_daemon_grandchild(writer):
    grandchild = multiprocessing.Process(target=sleep_long, daemon=True)
    grandchild.start()
    writer.send(grandchild.pid)
    # returning ends this process, which terminates its daemonic children first


def try_to_start_a_child(conn):
    try:
        multiprocessing.Process(target=exit_with, args=(0,)).start()
        conn.send(None)
    except AssertionError as e:
        conn.send(str(e))


def spawned_worker(lock, q, conn):
    with lock:
        q.put((multiprocessing.current_process().name, multiprocessing.parent_process().pid))
    conn.send(conn.recv() + 1)
    conn.close()


# ---- helpers ----

def start(target, *args, **kwargs):
    child = multiprocessing.Process(target=target, args=args, **kwargs)
    child.start()
    return child


def wait_until(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


class MPTestCase(unittest.TestCase):

    def tearDown(self):
        leftover = multiprocessing.active_children()
        for child in leftover:
            child.kill()
            child.join(10)
        self.assertEqual(leftover, [], 'children left running')

    def assertRaisesMessage(self, exc_type, message, func, *args):
        with self.assertRaises(exc_type) as caught:
            func(*args)
        self.assertEqual(str(caught.exception), message)

    def join_ok(self, *children):
        for child in children:
            child.join(30)
            self.assertEqual(child.exitcode, 0)
