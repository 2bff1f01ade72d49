"""A customized BaseManager (the Python docs' "Using a custom manager and proxies" example, written anew): a
registered class with default and explicit exposed methods, a generator served through a proxy type of its own,
a module served as an object. Its server is a fork-started child, so its generator function travels there by
value (graalpy-mp: code through marshal, where GraalPy once ran a generator's body as a plain function's).
Runs unchanged under CPython 3.12."""

import asyncio
import multiprocessing
import operator
import time
import unittest
from multiprocessing.managers import BaseManager, BaseProxy

from mp_test_support import MPTestCase


class Counter:
    def __init__(self):
        self.calls = []

    def bump(self, by=1):
        self.calls.append(by)
        return len(self.calls)

    def total(self):
        return sum(self.calls)

    def _secret(self):
        return 'secret'


def squares(n):
    for i in range(n):
        yield i * i


async def add_later(a, b):
    await asyncio.sleep(0)
    return a + b


class GeneratorProxy(BaseProxy):
    _exposed_ = ['__next__']

    def __iter__(self):
        return self

    def __next__(self):
        return self._callmethod('__next__')


def get_operator_module():
    return operator


class CustomManager(BaseManager):
    pass


CustomManager.register('Counter', Counter)
CustomManager.register('PrivateCounter', Counter, exposed=('total', '_secret'))
CustomManager.register('squares', squares, proxytype=GeneratorProxy)
CustomManager.register('operator', get_operator_module)


async def countdown(n):
    for i in range(n, 0, -1):
        yield i


async def collect(n):
    return [i async for i in countdown(n)]


def run_generator_and_coroutine(conn):
    conn.send((list(squares(4)), asyncio.run(add_later(2, 3)), asyncio.run(collect(3))))


def sum_of_squares(n):
    return sum(i * i for i in range(n))  # a generator expression inside a plain function


def cube_maker():
    return lambda x: x ** 3  # a function made inside


def run_functions_with_inner_code(conn):
    conn.send((sum_of_squares(4), cube_maker()(2), [x for x in squares(3)]))


class CustomManagerTest(unittest.TestCase):  # (MPTestCase would kill the manager between tests)

    @classmethod
    def setUpClass(cls):
        cls.manager = CustomManager()
        cls.manager.start()

    @classmethod
    def tearDownClass(cls):
        cls.manager.shutdown()

    def test_public_methods_are_exposed_by_default(self):
        counter = self.manager.Counter()
        self.assertEqual((counter.bump(), counter.bump(5), counter.total()), (1, 2, 6))
        self.assertFalse(hasattr(counter, '_secret'))
        self.assertEqual(sorted(counter._exposed_), ['bump', 'total'])

    def test_explicitly_exposed_methods(self):
        counter = self.manager.PrivateCounter()
        self.assertEqual((counter.total(), counter._secret()), (0, 'secret'))
        self.assertFalse(hasattr(counter, 'bump'))
        self.assertEqual(sorted(counter._exposed_), ['_secret', 'total'])

    def test_generator_through_its_proxy(self):
        self.assertEqual(list(self.manager.squares(10)), [0, 1, 4, 9, 16, 25, 36, 49, 64, 81])
        self.assertEqual(list(self.manager.squares(0)), [])

    def test_module_served_as_an_object(self):
        op = self.manager.operator()
        self.assertEqual((op.add(23, 45), op.pow(2, 94)), (68, 19807040628566084398385987584))
        self.assertIn('methodcaller', op._exposed_)


def work_under(semaphore, events, i):
    with semaphore:
        events.append(('in', i))
        time.sleep(0.05)
        events.append(('out', i))
    return i


class SemaphoreFromPoolWorkersTest(unittest.TestCase):
    """The issue's case: Pool workers take a manager's Semaphore(2) (each task's work is recorded in a manager
    list, which the manager orders): every task runs, never more than two at once."""

    def test_every_task_runs_under_the_semaphore(self):
        with multiprocessing.Manager() as manager:
            semaphore, events = manager.Semaphore(2), manager.list()
            with multiprocessing.Pool(2) as pool:
                self.assertEqual(pool.starmap(work_under, [(semaphore, events, i) for i in range(4)]), [0, 1, 2, 3])
            events = list(events)
        self.assertEqual(sorted(events), sorted([(kind, i) for i in range(4) for kind in ('in', 'out')]))
        inside = 0
        for kind, _ in events:
            inside += 1 if kind == 'in' else -1
            self.assertLessEqual(inside, 2)


class FunctionsTravelTest(MPTestCase):

    def test_generator_coroutine_and_async_generator_functions_run_in_a_fork_child(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context('fork').Process(target=run_generator_and_coroutine, args=(writer,))
        child.start()
        self.assertEqual(reader.recv(), ([0, 1, 4, 9], 5, [3, 2, 1]))
        self.join_ok(child)

    def test_functions_with_generator_expressions_and_inner_functions_run_in_a_fork_child(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context('fork').Process(target=run_functions_with_inner_code, args=(writer,))
        child.start()
        self.assertEqual(reader.recv(), (14, 8, [0, 1, 4]))
        self.join_ok(child)


if __name__ == '__main__':
    unittest.main()
