"""A fork child by state transfer whose program only defines at its top level runs the main module's definitions
again (graalpy-mp: so that it runs its parent's compiled code) and then holds exactly the parent's state, as a
fork copies it: globals, function defaults and attributes, class attributes, identities. A program that calls
anything at its top level is never run again. Runs unchanged under CPython 3.12 (the checks of which path was
taken are graalpy-mp's)."""

import functools
import multiprocessing
import subprocess
import sys
import textwrap
import unittest
from dataclasses import dataclass, field
from enum import Enum

from mp_test_support import MPTestCase

GRAALPY = sys.implementation.name == 'graalpy'
VALUE = 1


def helper(x=1):
    return x * VALUE


@functools.lru_cache(maxsize=None)
def cached_square(x):
    return x * x


def removed_later():
    return 'still here'


class Base:
    def area(self):
        return 10


class Shape(Base):
    sides = 4
    removable = 'yes'

    def area(self):
        return super().area() + self.sides

    @classmethod
    def make(cls):
        return cls.__name__

    @staticmethod
    def unit():
        return 'unit'


class Color(Enum):
    RED = 1
    GREEN = 2

    def describe(self):
        return f'{self.name.lower()} ({self.value})'


@dataclass
class Point:
    x: int = 0
    tags: list = field(default_factory=list, metadata={'unit': 'cm'})

    def norm(self):
        return abs(self.x)


def report_records(conn, point, color):
    conn.send((repr(point), point.norm(), type(point) is Point, Point(3).tags, Point.__dataclass_fields__['tags']
               .metadata['unit'], color is Color.GREEN, color.describe(), [c.name for c in Color]))
    conn.close()


def report(conn, shape):
    main = sys.modules['__main__']
    conn.send({
        'value': VALUE, 'helper()': helper(), 'tag': getattr(helper, 'tag', None),
        'helper is main.helper': helper is main.helper, 'modules': (helper.__module__, Shape.__module__),
        '__name__': main.__name__, 'sides': Shape.sides, 'removable': hasattr(Shape, 'removable'),
        'area': Shape().area(), 'make': Shape.make(), 'unit': Shape.unit(),
        'instance class': type(shape) is Shape, 'instance area': shape.area(),
        'removed_later': 'removed_later' in vars(main),
        'definitions ran': _definitions_ran(), 'cached': (cached_square(4), _is_definition(cached_square.__wrapped__)),
    })
    conn.close()


def _is_definition(function):
    if not GRAALPY:
        return None
    from graalpy_mp.mp import main_definitions
    return main_definitions.was_defined(function)


def _definitions_ran():
    if not GRAALPY:
        return None
    from graalpy_mp.mp import main_definitions
    return main_definitions._executed


def run_script(source):
    return subprocess.run([sys.executable, '-c', textwrap.dedent(source)], capture_output=True, text=True,
                          timeout=300)


class MainDefinitionsTest(MPTestCase):

    def test_the_child_has_the_parents_state(self):
        global VALUE, removed_later
        saved = (VALUE, helper.__defaults__, removed_later)
        VALUE = 3
        helper.__defaults__ = (5,)
        helper.tag = 'set by the parent'
        Shape.sides = 6
        del Shape.removable
        shape = Shape()
        shape.sides = 7
        del removed_later
        try:
            reader, writer = multiprocessing.Pipe(duplex=False)
            child = multiprocessing.get_context('fork').Process(target=report, args=(writer, shape))
            child.start()
            writer.close()
            reported = reader.recv()
            self.join_ok(child)
        finally:
            VALUE, helper.__defaults__, removed_later = saved
            del helper.tag
            Shape.sides, Shape.removable = 4, 'yes'
        self.assertEqual({
            'value': 3, 'helper()': 15, 'tag': 'set by the parent', 'helper is main.helper': True,
            'modules': ('__main__', '__main__'), '__name__': '__main__', 'sides': 6, 'removable': False,
            'area': 16, 'make': 'Shape', 'unit': 'unit', 'instance class': True, 'instance area': 17,
            'removed_later': False, 'definitions ran': True if GRAALPY else None,
            'cached': (16, True if GRAALPY else None),
        }, reported)

    def test_dataclass_and_enum_instances_reach_the_child(self):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context('fork').Process(target=report_records,
                                                            args=(writer, Point(-2, ['a']), Color.GREEN))
        child.start()
        writer.close()
        self.assertEqual(("Point(x=-2, tags=['a'])", 2, True, [], 'cm', True, 'green (2)', ['RED', 'GREEN']),
                         reader.recv())
        self.join_ok(child)

    def test_a_program_that_calls_at_its_top_level_is_not_run_again(self):
        result = run_script('''
            import multiprocessing, sys
            print('top level', flush=True)
            def report():
                ran = None
                if sys.implementation.name == 'graalpy':
                    from graalpy_mp.mp import main_definitions
                    ran = main_definitions._executed
                print('child', ran, flush=True)
            if __name__ == '__main__':
                p = multiprocessing.get_context('fork').Process(target=report)
                p.start()
                p.join()
        ''')
        self.assertEqual(('top level\nchild False\n' if GRAALPY else 'top level\nchild None\n', ''),
                         (result.stdout, result.stderr))

    def test_a_call_in_a_default_or_a_decorator_argument_is_a_call(self):
        tagged = 'def tagged(label):\n    def tag(f):\n        f.label = label\n        return f\n    return tag\n'
        for definition in ('def report(marker=print("evaluated", flush=True)):',
                           tagged + '@tagged(print("evaluated", flush=True))\ndef report():'):
            with self.subTest(definition=definition):
                result = run_script('import multiprocessing\n' + definition + '''
    print('child', flush=True)
if __name__ == '__main__':
    p = multiprocessing.get_context('fork').Process(target=report)
    p.start()
    p.join()
''')
                self.assertEqual(('evaluated\nchild\n', ''), (result.stdout, result.stderr))


    def test_cached_functions_of_a_program_that_is_not_run_again(self):
        result = run_script('''
            import functools, multiprocessing
            print('top level', flush=True)
            @functools.lru_cache(maxsize=None)
            def square(x):
                return x * x
            @functools.cache
            def cube(x):
                return x * x * x
            def report():
                print('child', square(3), cube(2), square.cache_parameters(), flush=True)
            if __name__ == '__main__':
                p = multiprocessing.get_context('fork').Process(target=report)
                p.start()
                p.join()
                with multiprocessing.get_context('fork').Pool(2) as pool:
                    print(pool.map(square, range(4)), pool.map(cube, range(3)))
        ''')
        self.assertEqual(("top level\nchild 9 8 {'maxsize': None, 'typed': False}\n[0, 1, 4, 9] [0, 1, 8]\n", ''),
                         (result.stdout, result.stderr))

    def test_a_program_with_settings_read_at_its_top_level_is_run_again(self):
        result = run_script('''
            import multiprocessing, os, sys
            WORKERS = int(os.environ.get('WORKERS', '2')) + len(sys.argv)
            def report():
                ran = None
                if sys.implementation.name == 'graalpy':
                    from graalpy_mp.mp import main_definitions
                    ran = main_definitions._executed
                print('child', WORKERS, ran, flush=True)
            if __name__ == '__main__':
                WORKERS = 7
                p = multiprocessing.get_context('fork').Process(target=report)
                p.start()
                p.join()
        ''')
        self.assertEqual(('child 7 True\n' if GRAALPY else 'child 7 None\n', ''), (result.stdout, result.stderr))


@unittest.skipUnless(GRAALPY, "graalpy-mp's own judgement of a main module")
class DefinitionsOnlyTest(unittest.TestCase):

    def check(self, source):
        from graalpy_mp.mp import definitions_only
        return definitions_only.check(textwrap.dedent(source), '<test>')

    def test_what_only_defines(self):
        for source in (
                'import os\ndef f(): pass\nif __name__ == "__main__":\n    print(1)\n',
                'import sys\nN = int(sys.argv[1]) if len(sys.argv) > 1 else 3\n',
                'import os\nW = float(os.environ.get("X", "0"))\nCASES = [("a", lambda: f())]\n',
                'from dataclasses import dataclass, field\n@dataclass\nclass P:\n    y: list = field(default_factory=list)\n',
                'class A:\n    @property\n    def v(self): return 1\n    @v.setter\n    def v(self, x): pass\n',
                'import logging\nlogger = logging.getLogger(__name__)\n',
                'SQUARES = [i * i for i in range(10)]\n',
                'try:\n    import numpy as np\nexcept ImportError:\n    np = None\n',
                'import functools, unittest\n@unittest.skipUnless(True, "why")\nclass T(unittest.TestCase):\n'
                '    @functools.lru_cache(maxsize=8)\n    def f(self): pass\n'):
            with self.subTest(source=source):
                self.assertTrue(self.check(source))

    def test_what_does_more(self):
        for source in (
                'print("x")\n',
                'def g(): pass\ndef f(x=g()): pass\n',
                'def deco(f): return f\n@deco\ndef f(): pass\n',
                'def int(x): print(x)\nN = int(3)\n',
                'import mymod as os\nX = os.getenv("A")\n',
                'import os\nimport mymod as os\nX = os.getenv("A")\n',
                'from multiprocessing import Pool\np = Pool(2)\n',
                'import threading\nlog = __import__("logging")\n',
                'if __name__ == "__main__":\n    pass\nelse:\n    print("x")\n',
                'import os\nos.environ["A"] = "1"\n',
                'def g(i): print(i)\nSQUARES = [g(i) for i in range(10)]\n',
                'for i in range(3):\n    pass\n',
                'with open("f") as f:\n    pass\n'):
            with self.subTest(source=source):
                self.assertFalse(self.check(source))


if __name__ == '__main__':
    unittest.main()
