"""`_thread._excepthook` / `_thread._ExceptHookArgs` (threading.excepthook, threading.ExceptHookArgs) as CPython
3.12's C implementation, and `import threading` importing no traceback. Runs unchanged on CPython."""

import sys

TRACEBACK_BEFORE = 'traceback' in sys.modules
import threading  # noqa: E402 (between the two snapshots)
TRACEBACK_AFTER_THREADING = 'traceback' in sys.modules

import _thread  # noqa: E402
import io  # noqa: E402
import unittest  # noqa: E402 (imports traceback)


def failure():
    try:
        raise ValueError('v')
    except ValueError as exc:
        return exc


class Named:
    def __init__(self, name):
        self.name = name


class ExceptHookTest(unittest.TestCase):

    def setUp(self):
        self.addCleanup(setattr, sys, 'stderr', sys.stderr)
        sys.stderr = self.err = io.StringIO()

    def report(self, thread, exc=None):
        exc = exc or failure()
        threading.excepthook(threading.ExceptHookArgs([type(exc), exc, exc.__traceback__, thread]))
        return self.err.getvalue()

    def test_threading_takes_the_c_level_hook(self):
        self.assertIs(_thread._excepthook, threading.excepthook)
        self.assertIs(_thread._excepthook, threading.__excepthook__)
        self.assertIs(_thread._ExceptHookArgs, threading.ExceptHookArgs)
        self.assertEqual('_thread', threading.ExceptHookArgs.__module__)

    def test_args_are_a_struct_sequence_of_four(self):
        exc = failure()
        args = threading.ExceptHookArgs([ValueError, exc, None, 'T'])
        self.assertIsInstance(args, tuple)
        self.assertEqual((ValueError, exc, None, 'T'), (args.exc_type, args.exc_value, args.exc_traceback,
                                                         args.thread))
        self.assertEqual((4, 4, 0), (args.n_fields, args.n_sequence_fields, args.n_unnamed_fields))
        self.assertEqual(f"_thread._ExceptHookArgs(exc_type=<class 'ValueError'>, exc_value={exc!r}, "
                         "exc_traceback=None, thread='T')", repr(args))
        with self.assertRaisesRegex(TypeError, r'^_thread._ExceptHookArgs\(\) takes a 4-sequence '
                                               r'\(3-sequence given\)$'):
            threading.ExceptHookArgs([1, 2, 3])
        with self.assertRaisesRegex(TypeError, 'not an acceptable base type'):
            type('Sub', (threading.ExceptHookArgs,), {})

    def test_hook_refuses_anything_but_its_args(self):
        with self.assertRaisesRegex(TypeError, '^_thread.excepthook argument type must be ExceptHookArgs$'):
            threading.excepthook((ValueError, ValueError(), None, None))

    def test_report_names_the_thread_then_prints_the_traceback(self):
        lines = self.report(Named('Worker-7')).splitlines()
        self.assertEqual(['Exception in thread Worker-7:', 'Traceback (most recent call last):'], lines[:2])
        self.assertIn("    raise ValueError('v')", lines)
        self.assertEqual('ValueError: v', lines[-1])

    def test_without_a_name_the_report_gives_the_ident(self):
        self.assertTrue(self.report(None).startswith(f'Exception in thread {threading.get_ident()}:\n'))
        self.err.truncate(0)
        self.err.seek(0)
        self.assertTrue(self.report(object()).startswith(f'Exception in thread {threading.get_ident()}:\n'))
        self.err.truncate(0)
        self.err.seek(0)
        self.assertTrue(self.report(Named(None)).startswith('Exception in thread None:\n'))

    def test_system_exit_itself_is_silent_but_not_its_subclasses(self):
        class Leave(SystemExit):
            pass
        self.assertEqual('', self.report(Named('a'), SystemExit(3)))
        self.assertIn('Leave: 4', self.report(Named('b'), Leave(4)))

    def test_without_sys_stderr_the_threads_own_stderr_is_used(self):
        own = io.StringIO()
        thread = Named('Quiet')
        thread._stderr = own
        sys.stderr = None
        self.report(thread)
        self.assertTrue(own.getvalue().startswith('Exception in thread Quiet:\n'))
        thread._stderr = None
        self.report(thread)  # nowhere to write: nothing happens
        self.report(None)

    def test_import_of_threading_imports_no_traceback(self):
        if TRACEBACK_BEFORE:
            self.skipTest('traceback was imported before this file ran')
        self.assertFalse(TRACEBACK_AFTER_THREADING)


if __name__ == '__main__':
    unittest.main()
