"""A fork child by state transfer whose program only defines at its top level runs the main module's definitions
again (graalpy-mp: so that it runs its parent's compiled code) and then holds exactly the parent's state, as a
fork copies it: globals, function defaults and attributes, class attributes, identities. A program that calls
anything at its top level is never run again. Runs unchanged under CPython 3.12 (the checks of which path was
taken are graalpy-mp's)."""

import multiprocessing
import subprocess
import sys
import textwrap
import unittest

from mp_test_support import MPTestCase

GRAALPY = sys.implementation.name == 'graalpy'
VALUE = 1


def helper(x=1):
    return x * VALUE


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


def report(conn, shape):
    main = sys.modules['__main__']
    conn.send({
        'value': VALUE, 'helper()': helper(), 'tag': getattr(helper, 'tag', None),
        'helper is main.helper': helper is main.helper, 'modules': (helper.__module__, Shape.__module__),
        '__name__': main.__name__, 'sides': Shape.sides, 'removable': hasattr(Shape, 'removable'),
        'area': Shape().area(), 'make': Shape.make(), 'unit': Shape.unit(),
        'instance class': type(shape) is Shape, 'instance area': shape.area(),
        'removed_later': 'removed_later' in vars(main),
        'definitions ran': _definitions_ran(),
    })
    conn.close()


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
        }, reported)

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


if __name__ == '__main__':
    unittest.main()
