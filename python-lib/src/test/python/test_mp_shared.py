"""multiprocessing's shared values and arrays (graalpy-mp: kernel shared memory, no ctypes) and the spawn start
method, with CPython 3.12's values, conversions, reprs and errors. Runs unchanged under CPython 3.12."""

import multiprocessing
import multiprocessing.sharedctypes as sharedctypes
import pickle
import unittest


def negate(number, array, text):
    number.value = 3.1415927
    for i in range(len(array)):
        array[i] = -array[i]
    text.value = b'child'


def add_many(counter, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1


MODULE_LAMBDA = lambda: None  # noqa: E731 - what spawn cannot pickle


def square_into(queue, x):
    queue.put(x * x)


class SharedValuesTest(unittest.TestCase):

    def test_child_writes_are_seen_by_the_parent(self):
        number, array, text = multiprocessing.Value('d', 0.0), multiprocessing.Array('i', range(10)), \
            multiprocessing.Array('c', 10)
        child = multiprocessing.Process(target=negate, args=(number, array, text))
        child.start()
        child.join()
        self.assertEqual(number.value, 3.1415927)
        self.assertEqual(array[:], [0, -1, -2, -3, -4, -5, -6, -7, -8, -9])
        self.assertEqual(text.value, b'child')
        self.assertEqual(text.raw, b'child\0\0\0\0\0')

    def test_counter_under_its_lock_across_processes(self):
        counter = multiprocessing.Value('i', 0)
        children = [multiprocessing.Process(target=add_many, args=(counter, 200)) for _ in range(2)]
        for child in children:
            child.start()
        for child in children:
            child.join()
        self.assertEqual(counter.value, 400)

    def test_conversions_like_ctypes(self):
        self.assertEqual(multiprocessing.RawValue('i', 2 ** 31).value, -2 ** 31)
        self.assertEqual(multiprocessing.RawValue('B', 257).value, 1)
        self.assertEqual(multiprocessing.RawValue('d', 2).value, 2.0)
        self.assertEqual(multiprocessing.RawValue('c', b'x').value, b'x')
        self.assertEqual(multiprocessing.RawValue('i').value, 0)
        with self.assertRaises(TypeError) as caught:
            multiprocessing.Value('i', 1.5)
        self.assertEqual(str(caught.exception), "'float' object cannot be interpreted as an integer")
        with self.assertRaises(TypeError) as caught:
            multiprocessing.Value('z', 1)
        self.assertEqual(str(caught.exception), 'this type has no size')

    def test_every_type_keeps_its_c_width_and_signedness(self):
        # (type code, stored, read back): C's wrap-around at each width, unsigned 64-bit beyond 2**63,
        # single-precision rounding
        cases = [('b', 128, -128), ('B', -1, 255), ('h', 32768, -32768), ('H', -1, 65535),
                 ('i', -2 ** 31 - 1, 2 ** 31 - 1), ('I', -1, 2 ** 32 - 1), ('l', 2 ** 63, -2 ** 63),
                 ('L', 2 ** 63 + 5, 2 ** 63 + 5), ('q', 2 ** 64 + 5, 5), ('Q', -2, 2 ** 64 - 2),
                 ('f', 0.1, 0.10000000149011612), ('d', 0.1, 0.1)]
        for code, stored, expected in cases:
            with self.subTest(code=code):
                self.assertEqual(multiprocessing.RawValue(code, stored).value, expected)
                array = multiprocessing.RawArray(code, 3)
                array[1] = stored
                self.assertEqual(array[:], [0, expected, 0])
                self.assertEqual(array[1], expected)
        # (no ctypes: a runtime without native access cannot import it; 'u' is c_wchar's type code)
        self.assertEqual(multiprocessing.RawValue('u', '\U0001F600').value, '\U0001F600')
        with self.assertRaises(TypeError) as caught:
            multiprocessing.RawValue('u', b'x')
        self.assertEqual(str(caught.exception), 'unicode string expected instead of bytes instance')

    def test_reprs(self):
        self.assertEqual(repr(multiprocessing.Value('i', 5)), '<Synchronized wrapper for c_int(5)>')
        self.assertEqual(repr(multiprocessing.RawValue('d', 1.5)), 'c_double(1.5)')
        self.assertRegex(repr(multiprocessing.Array('i', 3)),
                         r'^<SynchronizedArray wrapper for <multiprocessing\.sharedctypes\.c_int_Array_3 object at ')

    def test_array_indexing_and_errors(self):
        array = multiprocessing.Array('i', [1, 2, 3, 4])
        self.assertEqual((len(array), array[-1], array[1:3], list(array.get_obj())), (4, 4, [2, 3], [1, 2, 3, 4]))
        array[1:3] = [20, 30]
        self.assertEqual(array[:], [1, 20, 30, 4])
        with self.assertRaises(IndexError):
            array[4]
        with self.assertRaises(ValueError) as caught:
            array[0:2] = [1]
        self.assertEqual(str(caught.exception), 'Can only assign sequence of same size')
        self.assertEqual(sharedctypes.copy(multiprocessing.RawArray('i', [1, 2, 3]))[:], [1, 2, 3])

    def test_lock_options(self):
        self.assertEqual(repr(multiprocessing.Value('i', 7, lock=False)), 'c_int(7)')
        lock = multiprocessing.Lock()
        self.assertIs(multiprocessing.Value('i', lock=lock).get_lock(), lock)
        with self.assertRaises(AttributeError) as caught:
            multiprocessing.Value('i', lock='nope')
        self.assertEqual(str(caught.exception), "'nope' has no method 'acquire'")


class SpawnTest(unittest.TestCase):

    def test_spawned_child_runs_a_module_level_function(self):
        ctx = multiprocessing.get_context('spawn')
        queue = ctx.Queue()
        child = ctx.Process(target=square_into, args=(queue, 7))
        child.start()
        self.assertEqual(queue.get(timeout=30), 49)
        child.join()
        self.assertEqual(child.exitcode, 0)

    def test_lambda_targets_cannot_be_spawned(self):
        # CPython's exception types (the messages are GraalPy's pickle's own)
        ctx = multiprocessing.get_context('spawn')
        with self.assertRaises(pickle.PicklingError):
            ctx.Process(target=MODULE_LAMBDA).start()
        with self.assertRaises(AttributeError):
            ctx.Process(target=lambda: None).start()


if __name__ == '__main__':
    unittest.main()
