"""-O and -S on the command line, as CPython 3.12: asserts gone from the program and from what it imports,
sys.flags and __debug__ set, no site. Runs unchanged under CPython 3.12 and, through the host, under graalpy-mp."""

import os
import subprocess
import sys
import tempfile
import unittest


class OptimizeTest(unittest.TestCase):

    def run_python(self, *args, cwd=None):
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd)

    def test_asserts_removed_in_the_program_and_its_imports(self):
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, 'checked.py'), 'w') as module:
                module.write('assert False, "module"\nprint("module stripped")\n')
            with open(os.path.join(directory, 'main.py'), 'w') as main:
                main.write('import checked\nassert False, "main"\nprint("main stripped", __debug__)\n'
                           'exec(compile("assert False", "x", "exec"))\nprint("compiled stripped")\n')
            done = self.run_python('-O', 'main.py', cwd=directory)
            self.assertEqual('module stripped\nmain stripped False\ncompiled stripped\n', done.stdout, done.stderr)
            kept = self.run_python('main.py', cwd=directory)
            self.assertIn('AssertionError: module', kept.stderr)

    def test_flags_of_e_s_o(self):
        done = self.run_python('-E', '-S', '-O', '-c',
                               'import sys; print(sys.flags.optimize, sys.flags.no_site, '
                               'sys.flags.ignore_environment, "site" in sys.modules)')
        self.assertEqual('1 1 1 False\n', done.stdout, done.stderr)


class RefusedModulesTest(unittest.TestCase):

    @unittest.skipUnless(sys.implementation.name == 'graalpy', "graalpy-mp's own refusal")
    def test_testcapi_is_an_import_error_not_a_dead_jvm(self):
        with self.assertRaisesRegex(ImportError, '_testcapi cannot be imported: .*abort the whole JVM'):
            import _testcapi  # noqa: F401


if __name__ == '__main__':
    unittest.main()
