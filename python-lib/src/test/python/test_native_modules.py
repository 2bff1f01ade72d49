"""GraalPy's native modules (pyexpat for XML, _sqlite3, termios) in every process, as in CPython: the main
program, a fork child that re-executes its parent's program, multiprocessing's children, and a second run of
the same runtime. (GraalPy loads a native module for one context of a JVM unless each context copies it.)"""

import multiprocessing
import os
import sqlite3
import sys
import unittest
import xml.etree.ElementTree as ElementTree


def parse_and_query(text):
    tag = ElementTree.fromstring(text).tag
    with sqlite3.connect(':memory:') as db:
        (total,) = db.execute('select 40 + 2').fetchone()
    return f'{tag}:{total}'


class NativeModulesInEveryProcess(unittest.TestCase):

    def test_main_process(self):
        self.assertEqual(parse_and_query('<main/>'), 'main:42')

    def test_fork_child_after_its_parent_used_them(self):
        parse_and_query('<before/>')
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.write(w, parse_and_query('<child/>').encode())
            finally:
                os._exit(0)
        os.close(w)
        with os.fdopen(r, 'rb') as answer:
            self.assertEqual(answer.read(), b'child:42')
        self.assertEqual(os.waitpid(pid, 0)[1], 0)

    def test_pool_workers(self):
        for method in ('fork', 'spawn'):
            with self.subTest(method=method):
                with multiprocessing.get_context(method).Pool(2) as pool:
                    self.assertEqual(pool.map(parse_and_query, ['<a/>', '<b/>', '<c/>']),
                                     ['a:42', 'b:42', 'c:42'])

    def test_termios_in_a_child(self):
        with multiprocessing.get_context('spawn').Pool(1) as pool:
            self.assertTrue(pool.apply(_termios_has_tcgetattr))


def _termios_has_tcgetattr():
    import termios
    return hasattr(termios, 'tcgetattr')


if __name__ == '__main__':
    unittest.main()
