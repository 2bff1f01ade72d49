"""multiprocessing managers (graalpy-mp: the manager's server is a forked context, its proxies talk to it over
real sockets): the proxies of multiprocessing.Manager() used by child processes, a BaseManager subclass served
over TCP with an authkey, and managers shared with a real CPython 3.12 process in both directions, with CPython
3.12's results and errors. Runs unchanged under CPython 3.12."""

import gc
import multiprocessing
import os
import queue
import shutil
import subprocess
import sys
import threading
import unittest
from multiprocessing.managers import BaseManager, DictProxy, RemoteError

TIMEOUT = 60  # generous: only a failing test ever waits this long


def run_child(target, *args):
    """Runs target(*args) in a child process and checks that it exited normally."""
    child = multiprocessing.Process(target=target, args=args)
    child.start()
    child.join(TIMEOUT)
    assert child.exitcode == 0, (target.__name__, child.exitcode)


def fill_list(shared):
    shared.append('child')
    shared.extend([1, 2])
    shared[0] = 'first'


def fill_dict(shared):
    shared['pid'] = os.getpid()
    shared.update(a=1, b=2)
    del shared['gone']


def bump_namespace(namespace):
    namespace.count += 1
    namespace.name = 'child'


def put_squares(q, n):
    for i in range(n):
        q.put(i * i)


def try_acquire(lock, results):
    acquired = lock.acquire(False)
    results.append(acquired)
    if acquired:
        lock.release()


def release_twice(sem):
    sem.release()
    sem.release()


def notify_ready(cond, shared):
    with cond:
        shared.append('ready')
        cond.notify_all()


def set_event(event):
    event.set()


def wait_at_barrier(barrier, results):
    results.append(barrier.wait())


def add_to_value(value, lock, n):
    with lock:
        value.value += n


def negate_array(array):
    for i in range(len(array)):
        array[i] = -array[i]


def square(x):
    return x * x


def apply_in_pool(pool, results):
    results.append(pool.apply(square, (7,)))
    results.append(pool.map(square, [1, 2, 3]))


def write_nested(outer):
    outer[0]['child'] = True
    outer[1].append('child')


def report_proxy_errors(shared_dict, shared_list, results):
    for call in (lambda: shared_dict['missing'], lambda: shared_list[99]):
        try:
            call()
        except Exception as e:
            results.append((type(e).__name__, str(e)))


class ManagerTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.manager = multiprocessing.Manager()

    @classmethod
    def tearDownClass(cls):
        cls.manager.shutdown()

    def test_list(self):
        shared = self.manager.list(['zero'])
        run_child(fill_list, shared)
        self.assertEqual(shared[:], ['first', 'child', 1, 2])
        self.assertEqual(len(shared), 4)
        self.assertEqual(list(shared), ['first', 'child', 1, 2])
        with self.assertRaises(IndexError) as caught:
            shared[10]
        self.assertEqual(str(caught.exception), 'list index out of range')
        with self.assertRaises(ValueError):
            shared.index('absent')

    def test_dict(self):
        shared = self.manager.dict(gone=0)
        run_child(fill_dict, shared)
        self.assertEqual(sorted(shared.keys()), ['a', 'b', 'pid'])
        self.assertEqual(shared['a'] + shared['b'], 3)
        self.assertNotEqual(shared['pid'], os.getpid())
        self.assertEqual(shared.get('missing', 'default'), 'default')
        with self.assertRaises(KeyError) as caught:
            shared['missing']
        self.assertEqual(str(caught.exception), "'missing'")

    def test_namespace(self):
        namespace = self.manager.Namespace(count=41)
        run_child(bump_namespace, namespace)
        self.assertEqual((namespace.count, namespace.name), (42, 'child'))
        with self.assertRaises(AttributeError) as caught:
            namespace.missing
        self.assertEqual(str(caught.exception), "'Namespace' object has no attribute 'missing'")

    def test_queue(self):
        q = self.manager.Queue()
        run_child(put_squares, q, 5)
        self.assertEqual(q.qsize(), 5)
        self.assertEqual([q.get(timeout=TIMEOUT) for _ in range(5)], [0, 1, 4, 9, 16])
        self.assertTrue(q.empty())
        with self.assertRaises(queue.Empty):
            q.get_nowait()

    def test_lock(self):
        lock, results = self.manager.Lock(), self.manager.list()
        with lock:
            run_child(try_acquire, lock, results)
        run_child(try_acquire, lock, results)
        self.assertEqual(results[:], [False, True])
        with self.assertRaises(RuntimeError) as caught:
            lock.release()
        self.assertEqual(str(caught.exception), 'release unlocked lock')

    def test_rlock(self):
        rlock, results = self.manager.RLock(), self.manager.list()
        with rlock:
            with rlock:
                run_child(try_acquire, rlock, results)
        run_child(try_acquire, rlock, results)
        self.assertEqual(results[:], [False, True])
        with self.assertRaises(RuntimeError) as caught:
            rlock.release()
        self.assertEqual(str(caught.exception), 'cannot release un-acquired lock')

    def test_semaphore(self):
        sem = self.manager.Semaphore(0)
        run_child(release_twice, sem)
        self.assertTrue(sem.acquire(timeout=TIMEOUT))
        self.assertTrue(sem.acquire(False))
        self.assertFalse(sem.acquire(False))

    def test_bounded_semaphore(self):
        sem = self.manager.BoundedSemaphore(2)
        self.assertTrue(sem.acquire())
        self.assertTrue(sem.acquire())
        run_child(release_twice, sem)
        with self.assertRaises(ValueError) as caught:
            sem.release()
        self.assertEqual(str(caught.exception), 'Semaphore released too many times')

    def test_condition(self):
        cond, shared = self.manager.Condition(), self.manager.list()
        with cond:
            child = multiprocessing.Process(target=notify_ready, args=(cond, shared))
            child.start()  # it blocks on the condition's lock until wait_for releases it
            self.assertTrue(cond.wait_for(lambda: len(shared) > 0, timeout=TIMEOUT))
        child.join(TIMEOUT)
        self.assertEqual((child.exitcode, shared[:]), (0, ['ready']))

    def test_event(self):
        event = self.manager.Event()
        self.assertFalse(event.is_set())
        run_child(set_event, event)
        self.assertTrue(event.wait(TIMEOUT))
        event.clear()
        self.assertFalse(event.wait(0))

    def test_barrier(self):
        barrier, results = self.manager.Barrier(2, timeout=TIMEOUT), self.manager.list()
        self.assertEqual(barrier.parties, 2)
        child = multiprocessing.Process(target=wait_at_barrier, args=(barrier, results))
        child.start()
        results.append(barrier.wait())
        child.join(TIMEOUT)
        self.assertEqual((child.exitcode, sorted(results)), (0, [0, 1]))
        barrier.abort()
        self.assertTrue(barrier.broken)
        with self.assertRaises(threading.BrokenBarrierError):
            barrier.wait()

    def test_value(self):
        value, lock = self.manager.Value('i', 10), self.manager.Lock()
        for n in (5, 7):
            run_child(add_to_value, value, lock, n)
        self.assertEqual(value.value, 22)
        self.assertEqual(value.get(), 22)
        self.assertRegex(repr(value), r"^<ValueProxy object, typeid 'Value' at 0x[0-9a-f]+>$")

    def test_array(self):
        array = self.manager.Array('i', range(5))
        run_child(negate_array, array)
        self.assertEqual(len(array), 5)
        self.assertEqual(array[:].tolist(), [0, -1, -2, -3, -4])
        with self.assertRaises(IndexError) as caught:
            array[5]
        self.assertEqual(str(caught.exception), 'array index out of range')

    def test_pool(self):
        results = self.manager.list()
        with self.manager.Pool(2) as pool:
            self.assertEqual(pool.map(square, range(6)), [0, 1, 4, 9, 16, 25])
            run_child(apply_in_pool, pool, results)
            with self.assertRaises(ZeroDivisionError) as caught:
                pool.apply(divmod, (1, 0))
            self.assertEqual(str(caught.exception), 'integer division or modulo by zero')
        self.assertEqual(results[:], [49, [1, 4, 9]])

    def test_nested_proxies(self):
        outer = self.manager.list([self.manager.dict(), self.manager.list()])
        run_child(write_nested, outer)
        self.assertEqual(dict(outer[0]), {'child': True})
        self.assertEqual(outer[1][:], ['child'])

    def test_errors_seen_by_a_child(self):
        results = self.manager.list()
        run_child(report_proxy_errors, self.manager.dict(), self.manager.list(), results)
        self.assertEqual(results[:], [('KeyError', "'missing'"), ('IndexError', 'list index out of range')])

    def test_method_not_exposed(self):
        shared = self.manager.dict()
        with self.assertRaises(AttributeError) as caught:
            shared.nope
        self.assertEqual(str(caught.exception), "'DictProxy' object has no attribute 'nope'")
        with self.assertRaises(RemoteError) as caught:
            shared._callmethod('nope')
        self.assertIn("AttributeError: method 'nope' of <class 'dict'> object is not in exposed=",
                      str(caught.exception))


class Tally:
    """The shared object of TallyManager: counts per key."""

    def __init__(self):
        self._counts = {}

    def add(self, key, n=1):
        self._counts[key] = self._counts.get(key, 0) + n
        return self._counts[key]

    def get(self, key):
        return self._counts[key]

    def snapshot(self):
        return dict(self._counts)

    def _secret(self):
        return 'hidden'


SHARED_TALLY = None


def get_tally():
    """The registered callable: one Tally per server, the same one for every caller."""
    global SHARED_TALLY
    if SHARED_TALLY is None:
        SHARED_TALLY = Tally()
    return SHARED_TALLY


class TallyManager(BaseManager):
    pass


TallyManager.register('get_tally', get_tally, exposed=('add', 'get', 'snapshot'))
TallyManager.register('Tally', Tally)  # a new Tally per call, its public methods exposed


MAIN_QUEUE = queue.Queue()  # made before start(): the server has its copy, as after a fork


def get_main_queue():
    return MAIN_QUEUE


class QueueManager(BaseManager):
    pass


QueueManager.register('get_queue', callable=get_main_queue)


def add_from_another_manager(address, authkey):
    manager = TallyManager(address=address, authkey=authkey)
    manager.connect()
    manager.get_tally().add('child', 3)


class BaseManagerTest(unittest.TestCase):
    AUTHKEY = b'tally secret'

    @classmethod
    def setUpClass(cls):
        cls.server = TallyManager(address=('127.0.0.1', 0), authkey=cls.AUTHKEY)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def connect(self, authkey=AUTHKEY):
        client = TallyManager(address=self.server.address, authkey=authkey)
        client.connect()
        return client

    def test_served_over_tcp(self):
        host, port = self.server.address
        self.assertEqual(host, '127.0.0.1')
        self.assertGreater(port, 0)

    def test_connect_and_share_one_object(self):
        client = self.connect()
        first, second = client.get_tally(), client.get_tally()
        self.assertEqual(first.add('parent', 2), 2)
        self.assertEqual(second.add('parent'), 3)
        run_child(add_from_another_manager, self.server.address, self.AUTHKEY)
        self.assertEqual(first.get('child'), 3)
        self.assertEqual(self.server.get_tally().snapshot()['parent'], 3)
        with self.assertRaises(KeyError) as caught:
            first.get('absent')
        self.assertEqual(str(caught.exception), "'absent'")

    def test_exposed_methods(self):
        tally = self.connect().get_tally()
        self.assertFalse(hasattr(tally, '_secret'))
        with self.assertRaises(RemoteError) as caught:
            tally._callmethod('_secret')
        self.assertIn("AttributeError: method '_secret' of <class ", str(caught.exception))
        self.assertIn("Tally'> object is not in exposed=", str(caught.exception))

    def test_new_object_per_call_with_public_methods(self):
        client = self.connect()
        one, two = client.Tally(), client.Tally()
        one.add('x', 5)
        self.assertEqual((one.snapshot(), two.snapshot()), ({'x': 5}, {}))
        self.assertTrue(hasattr(one, 'add'))
        self.assertFalse(hasattr(one, '_secret'))

    def test_module_level_queue_made_before_start(self):
        with QueueManager(address=('127.0.0.1', 0), authkey=self.AUTHKEY) as manager:
            client = QueueManager(address=manager.address, authkey=self.AUTHKEY)
            client.connect()
            client.get_queue().put('through the server')
            served = manager.get_queue()
            self.assertEqual(served.get(timeout=TIMEOUT), 'through the server')
            self.assertTrue(served.empty())
            self.assertTrue(MAIN_QUEUE.empty())  # the parent's own queue is not the server's

    def test_wrong_authkey(self):
        with self.assertRaises(multiprocessing.AuthenticationError) as caught:
            self.connect(authkey=b'wrong key')
        self.assertEqual(str(caught.exception), 'digest sent was rejected')

    def test_authkey_must_be_bytes(self):
        with self.assertRaises(TypeError) as caught:
            TallyManager(address=('127.0.0.1', 0), authkey='text')
        self.assertEqual(str(caught.exception), 'string argument without an encoding')


class SpawnedManagerTest(unittest.TestCase):

    def test_lock_and_event_of_a_spawned_manager(self):
        # A spawn start pickles the manager's registry, which holds threading.Lock (see test_threading_primitives'
        # test_pickled_by_name): its server process failed to start.
        with multiprocessing.get_context('spawn').Manager() as manager:
            lock, event = manager.Lock(), manager.Event()
            self.assertTrue(lock.acquire(False))
            self.assertFalse(lock.acquire(False))
            lock.release()
            event.set()
            self.assertTrue(event.wait(TIMEOUT))


def find_cpython():
    """The real CPython 3.12 to interoperate with: $CPYTHON312, the pyenv one, or python3.12 on the PATH."""
    for candidate in (os.environ.get('CPYTHON312'), '/root/.pyenv/versions/3.12.1/bin/python3.12',
                      shutil.which('python3.12')):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def run_cpython(testcase, script, *args, **popen_args):
    """Starts `cpython -I -c script args...`, text mode, stdout and stderr piped."""
    cpython = find_cpython()
    if cpython is None:
        testcase.fail('no CPython 3.12 found: set CPYTHON312 to its executable')
    return subprocess.Popen([cpython, '-I', '-c', script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen_args)


def finish(process, stdin_text=None):
    """Waits for the subprocess (killing it if it hangs) and returns (returncode, stdout, stderr)."""
    try:
        out, err = process.communicate(stdin_text, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err


SHARED_STORE = {}
SERVER_QUEUE = None


def get_store():
    return SHARED_STORE


def get_queue():
    """One queue.Queue per server, made in the server."""
    global SERVER_QUEUE
    if SERVER_QUEUE is None:
        SERVER_QUEUE = queue.Queue()
    return SERVER_QUEUE


class InteropManager(BaseManager):
    pass


InteropManager.register('get_store', get_store, proxytype=DictProxy)
InteropManager.register('get_queue', get_queue)

CPYTHON_CLIENT = r'''
import sys
from multiprocessing import AuthenticationError
from multiprocessing.managers import BaseManager, DictProxy

class Client(BaseManager):
    pass

Client.register('get_store', proxytype=DictProxy)
Client.register('get_queue')
address, authkey = (sys.argv[1], int(sys.argv[2])), bytes.fromhex(sys.argv[3])
try:
    Client(address=address, authkey=b'wrong').connect()
except AuthenticationError as e:
    print('AuthenticationError', e)
manager = Client(address=address, authkey=authkey)
manager.connect()
store, q = manager.get_store(), manager.get_queue()
store['client'] = sys.implementation.name
store['sum'] = sum(store['numbers'])
try:
    store['missing']
except KeyError as e:
    print('KeyError', e)
q.put(('hello', sys.version_info[:2]))
print(store['greeting'], sorted(store.keys()))
'''

CPYTHON_SERVER = r'''
import sys, threading
from multiprocessing.managers import BaseManager, DictProxy

store = {'greeting': 'served by ' + sys.implementation.name}

class Server(BaseManager):
    pass

Server.register('get_store', callable=lambda: store, proxytype=DictProxy)
server = Server(address=('127.0.0.1', 0), authkey=bytes.fromhex(sys.argv[1])).get_server()
threading.Thread(target=server.serve_forever, daemon=True).start()
print('%s %d' % server.address, flush=True)
sys.stdin.read()  # serve until the client closes our stdin
print('final', sorted(store.items()), flush=True)
'''


class StoreClient(BaseManager):
    pass


StoreClient.register('get_store', proxytype=DictProxy)


class CPythonInteropTest(unittest.TestCase):

    def test_cpython_exit_status_is_seen(self):
        script = 'import sys; print(sys.implementation.name, *sys.version_info[:2]); sys.exit(3)'
        process = run_cpython(self, script)
        self.assertEqual(finish(process), (3, 'cpython 3 12\n', ''))

    def test_cpython_client_of_our_manager(self):
        authkey = os.urandom(16)
        with InteropManager(address=('127.0.0.1', 0), authkey=authkey) as manager:
            store = manager.get_store()
            store.update(greeting='hi', numbers=[1, 2, 3])
            host, port = manager.address
            returncode, out, err = finish(run_cpython(self, CPYTHON_CLIENT, host, port, authkey.hex()))
            self.assertEqual(returncode, 0, err)
            self.assertEqual(out.splitlines(), [
                'AuthenticationError digest sent was rejected',
                "KeyError 'missing'",
                "hi ['client', 'greeting', 'numbers', 'sum']"])
            self.assertEqual((store['client'], store['sum']), ('cpython', 6))
            self.assertEqual(manager.get_queue().get(timeout=TIMEOUT), ('hello', (3, 12)))
            del store
            gc.collect()

    def test_our_client_of_a_cpython_manager(self):
        authkey = os.urandom(16)
        server = run_cpython(self, CPYTHON_SERVER, authkey.hex(), stdin=subprocess.PIPE)
        try:
            line = server.stdout.readline()
            self.assertEqual(len(line.split()), 2, 'the CPython server printed no address: %r' % line)
            host, port = line.split()
            client = StoreClient(address=(host, int(port)), authkey=authkey)
            client.connect()
            store = client.get_store()
            self.assertEqual(store['greeting'], 'served by cpython')
            store['client'] = 'from ' + sys.implementation.name
            store.update(numbers=[4, 5])
            with self.assertRaises(KeyError) as caught:
                store['missing']
            self.assertEqual(str(caught.exception), "'missing'")
            with self.assertRaises(multiprocessing.AuthenticationError):
                StoreClient(address=(host, int(port)), authkey=b'wrong').connect()
            del store
            gc.collect()
        finally:
            returncode, out, err = finish(server, '')
        self.assertEqual(returncode, 0, err)
        self.assertEqual(out, "final [('client', 'from %s'), ('greeting', 'served by cpython'), "
                              "('numbers', [4, 5])]\n" % sys.implementation.name)


if __name__ == '__main__':
    unittest.main()
