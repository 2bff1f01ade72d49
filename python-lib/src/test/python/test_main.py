"""The program driver (graalpy_mp.main) as CPython's python3 behaves; runs under CPython 3.12 too."""

import sys

MODULES_AT_START = set(sys.modules)  # before this file imports anything more

import os  # noqa: E402 (after the snapshot above)
import unittest  # noqa: E402


class MainModuleTest(unittest.TestCase):

    def test_main_module_is_clean(self):
        import __main__
        names = {n for n in vars(__main__) if n.startswith('__')}
        self.assertEqual({'__name__', '__doc__', '__package__', '__loader__', '__spec__', '__annotations__',
                          '__builtins__', '__file__', '__cached__'}, names)
        self.assertEqual('__main__', __main__.__name__)
        self.assertTrue(os.path.isabs(__main__.__file__))

    def test_path0_is_the_script_directory(self):
        self.assertEqual(os.path.dirname(os.path.realpath(__file__)), sys.path[0])

    def test_argv(self):
        self.assertTrue(sys.argv[0].endswith('test_main.py'))

    def test_start_up_imports_no_heavy_module(self):
        # CPython's start-up imports none of these; each costs GraalPy 0.1-0.8 s of every start-up.
        heavy = {'importlib.abc', 'importlib.resources', 'pathlib', 'inspect', 're', 'enum', 'typing',
                 'urllib.parse', 'ipaddress', 'threading', 'multiprocessing', 'concurrent.futures'}
        self.assertEqual(set(), heavy & MODULES_AT_START)


if __name__ == '__main__':
    unittest.main()
