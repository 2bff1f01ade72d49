"""multiprocessing's shared values and arrays of ctypes structures, unions and arrays (graalpy-mp: real ctypes
objects over kernel native memory), written by fork- and spawn-started children and read by the parent, with
CPython 3.12's types, values, reprs and errors. Runs unchanged under CPython 3.12."""

import multiprocessing
import multiprocessing.sharedctypes as sharedctypes
import unittest

try:
    from ctypes import Structure, Union, c_double, c_int, c_char, sizeof
except ImportError:  # a runtime without native access (the host's tests) cannot import ctypes
    Structure = Union = object
    c_double = c_int = c_char = sizeof = None

from mp_test_support import MPTestCase


class Point(Structure):
    _fields_ = [('x', c_double), ('y', c_double)] if c_double else []


class Segment(Structure):  # nested structures and an array field
    _fields_ = [('start', Point), ('end', Point), ('tags', c_int * 3)] if c_double else []


class Number(Union):
    _fields_ = [('i', c_int), ('d', c_double)] if c_double else []


def square_points(n, x, s, points):
    """The Python docs' sharedctypes example's child."""
    n.value **= 2
    x.value **= 2
    s.value = s.value.upper()
    for a in points:
        a.x **= 2
        a.y **= 2


def move_segment(segment, number, grid=None):
    segment.start.x = 10.5
    segment.end = Point(7, 8)
    segment.tags[2] = 99
    number.i = 5
    if grid is not None:
        grid[1][2] = 12


def move_one_point(point):
    point.x, point.y = -1.0, -2.0


def report_point(point, conn):
    conn.send((type(point).__name__, point.x, point.y))


PLAIN = Point(3, 4) if c_double else None  # not shared: a fork copies it


@unittest.skipIf(c_double is None, 'ctypes cannot be imported in this runtime')
class SharedStructuresTest(MPTestCase):

    def run_child(self, target, *args, method=None):
        ctx = multiprocessing.get_context(method)
        child = ctx.Process(target=target, args=args)
        child.start()
        child.join(60)
        self.assertEqual(child.exitcode, 0)

    def check_docs_example(self, method):
        ctx = multiprocessing.get_context(method)
        lock = ctx.Lock()
        n = ctx.Value('i', 7)
        x = ctx.Value(c_double, 1.0 / 3.0, lock=False)
        s = ctx.Array('c', b'hello world', lock=lock)
        points = ctx.Array(Point, [(1.875, -6.25), (-5.75, 2.0), (2.375, 9.5)], lock=lock)
        self.run_child(square_points, n, x, s, points, method=method)
        self.assertEqual((n.value, x.value, s.value), (49, 0.1111111111111111, b'HELLO WORLD'))
        self.assertEqual([(a.x, a.y) for a in points], [(3.515625, 39.0625), (33.0625, 4.0), (5.640625, 90.25)])

    def test_docs_example_with_fork(self):
        self.check_docs_example('fork')

    def test_docs_example_with_spawn(self):
        self.check_docs_example('spawn')

    def test_nested_structures_unions_and_arrays_of_arrays(self):
        segment = multiprocessing.RawValue(Segment)
        number = multiprocessing.RawValue(Number)
        grid = multiprocessing.RawArray(c_int * 3, 2)
        self.assertEqual((segment.start.x, segment.tags[:], number.i, grid[1][:]), (0.0, [0, 0, 0], 0, [0, 0, 0]))
        # (spawn pickles an array of arrays' item type by name, which CPython cannot find: not sent there)
        for method, args in (('fork', (grid,)), ('spawn', ())):
            with self.subTest(method=method):
                self.run_child(move_segment, segment, number, *args, method=method)
                self.assertEqual((segment.start.x, segment.end.x, segment.end.y, segment.tags[:], number.i),
                                 (10.5, 7.0, 8.0, [0, 0, 99], 5))
                self.assertEqual(grid[1][2], 12 if args else 0)
                segment.start.x, number.i, grid[1][2] = 0, 0, 0

    def test_an_element_reaches_a_fork_child_as_a_view_of_the_shared_array(self):
        points = multiprocessing.RawArray(Point, 3)
        self.run_child(move_one_point, points[1])
        self.assertEqual([(a.x, a.y) for a in points], [(0.0, 0.0), (-1.0, -2.0), (0.0, 0.0)])

    def test_a_structure_that_is_not_shared_is_copied_to_a_fork_child(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        self.run_child(report_point, PLAIN, writer)
        self.assertEqual(reader.recv(), ('Point', 3.0, 4.0))

    def test_objects_are_ctypes_own(self):
        raw = multiprocessing.RawValue(Point, 1.5, 2.5)
        self.assertIs(type(raw), Point)
        self.assertEqual((raw.x, raw.y, sizeof(raw)), (1.5, 2.5, 16))
        array = multiprocessing.RawArray(Point, 2)
        self.assertEqual((type(array).__name__, len(array), type(array[0]), array._type_),
                         ('Point_Array_2', 2, Point, Point))
        self.assertRegex(repr(multiprocessing.Array(Point, 2)),
                         r'^<SynchronizedArray wrapper for <multiprocessing\.sharedctypes\.Point_Array_2 object at ')
        self.assertEqual(repr(multiprocessing.RawArray(Point, 0)).split(' object')[0],
                         '<multiprocessing.sharedctypes.Point_Array_0')

    def test_synchronized_structure_has_a_locked_property_per_field(self):
        value = multiprocessing.Value(Point, 1, 2)
        self.assertEqual(type(value).__name__, 'SynchronizedPoint')
        self.assertRegex(repr(value), r'^<SynchronizedPoint wrapper for <__main__\.Point object at |'
                                      r'^<SynchronizedPoint wrapper for <test_mp_shared_ctypes\.Point object at ')
        value.x += 1
        with value.get_lock():
            self.assertEqual((value.x, value.y, value.get_obj().x), (2.0, 2.0, 2.0))
        self.assertIs(type(multiprocessing.Value(Point)), type(value))  # one class per structure type
        self.assertEqual(type(sharedctypes.synchronized(multiprocessing.RawArray(c_char, 3))).__name__,
                         'SynchronizedString')
        with self.assertRaises(AssertionError):
            sharedctypes.synchronized(value)

    def test_copy_is_new_shared_memory_with_the_contents(self):
        original = multiprocessing.RawArray(Point, [(1, 2), (3, 4)])
        copied = sharedctypes.copy(original)
        original[0].x = 100
        self.assertEqual([(a.x, a.y) for a in copied], [(1.0, 2.0), (3.0, 4.0)])
        self.assertEqual(sharedctypes.copy(Point(5, 6)).y, 6.0)

    def test_errors_are_cpythons(self):
        with self.assertRaises(TypeError) as caught:
            multiprocessing.Value(int)
        self.assertEqual(str(caught.exception), 'this type has no size')
        with self.assertRaises(TypeError):
            multiprocessing.RawValue(Point, 1, 2, 3)  # ctypes' own "too many initializers"
        for obj, name in ((multiprocessing.RawValue(Point), 'Point'),
                          (multiprocessing.Value(Point), 'SynchronizedPoint'),
                          (multiprocessing.Value('i'), 'Synchronized')):
            with self.subTest(name=name):
                with self.assertRaises(RuntimeError) as caught:  # as a queue or a pipe would send it
                    multiprocessing.reduction.ForkingPickler.dumps(obj)
                self.assertEqual(str(caught.exception),
                                 f'{name} objects should only be shared between processes through inheritance')


if __name__ == '__main__':
    unittest.main()
