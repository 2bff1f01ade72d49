"""A fork child starts, as CPython's does, after the program imported a module whose file is gone since (a
temporary module, as CPython's test_no_import_lock_contention makes): graalpy-mp's state transfer cannot
import it in the child, so the module is made there from the parent's state, its functions and classes by
value. Before, every later Process.start() of the program failed. Runs unchanged under CPython 3.12."""

import importlib
import multiprocessing
import os
import sys
import tempfile
import unittest

from mp_test_support import MPTestCase

MODULE = 'graalpy_mp_test_gone_module'


def call_in_child(conn, function, *args):
    conn.send(function(*args))


class GoneModuleTest(MPTestCase):

    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, MODULE + '.py'), 'w', encoding='utf-8') as f:
                f.write('FACTOR = 3\n\n'
                        'class Scaler:\n'
                        '    def __init__(self, by):\n'
                        '        self.by = by\n\n'
                        '    def scale(self, x):\n'
                        '        return x * self.by * FACTOR\n\n'
                        'def triple(x):\n'
                        '    return x * FACTOR\n')
            sys.path.insert(0, directory)
            try:
                cls.module = importlib.import_module(MODULE)
            finally:
                sys.path.remove(directory)

    @classmethod
    def tearDownClass(cls):
        sys.modules.pop(MODULE, None)

    def run_in_child(self, function, *args):
        reader, writer = multiprocessing.Pipe(duplex=False)
        child = multiprocessing.get_context('fork').Process(target=call_in_child, args=(writer, function) + args)
        child.start()
        result = reader.recv() if reader.poll(60) else 'no answer'
        self.join_ok(child)
        return result

    def test_its_functions_and_classes_work_in_the_child(self):
        self.module.FACTOR = 5  # the parent's state, as a fork copies it
        try:
            self.assertEqual(self.run_in_child(self.module.triple, 7), 35)
            self.assertEqual(self.run_in_child(self.module.Scaler(2).scale, 7), 70)
        finally:
            self.module.FACTOR = 3

    def test_a_child_that_does_not_use_it_starts(self):
        self.assertEqual(self.run_in_child(len, 'abc'), 3)


if __name__ == '__main__':
    unittest.main()
