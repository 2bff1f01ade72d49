"""atexit as CPython 3.12: callbacks last-in-first-out, a failing one reported through sys.unraisablehook and
the others still run, unregister by equality. Runs unchanged on CPython."""

import atexit
import sys
import unittest


class AtexitTest(unittest.TestCase):

    def setUp(self):
        self.reported = []
        self.addCleanup(setattr, sys, 'unraisablehook', sys.unraisablehook)
        sys.unraisablehook = lambda args: self.reported.append(
            (args.exc_type, str(args.exc_value), args.err_msg, args.object))

    def test_callbacks_run_last_first_and_failures_are_reported_not_raised(self):
        ran = []

        def fails():
            ran.append('fails')
            raise ValueError('boom')

        def exits():
            ran.append('exits')
            raise SystemExit(3)
        before = atexit._ncallbacks()
        atexit.register(ran.append, 'first')
        atexit.register(fails)
        self.assertIs(exits, atexit.register(exits))
        atexit.register(ran.append, 'last')
        self.assertEqual(before + 4, atexit._ncallbacks())
        self.assertIsNone(atexit._run_exitfuncs())
        self.assertEqual(['last', 'exits', 'fails', 'first'], ran)
        message = 'Exception ignored in atexit callback'
        self.assertEqual([(SystemExit, '3', message, exits), (ValueError, 'boom', message, fails)], self.reported)
        self.assertEqual(0, atexit._ncallbacks())

    def test_unregister_removes_every_equal_registration(self):
        ran = []

        def note():
            ran.append('note')
        atexit.register(note)
        atexit.register(ran.append, 'kept')
        atexit.register(note)
        atexit.unregister(note)
        atexit.unregister(print)  # never registered: nothing happens
        atexit._run_exitfuncs()
        self.assertEqual(['kept'], ran)

    def test_register_needs_a_callable(self):
        with self.assertRaisesRegex(TypeError, '^the first argument must be callable$'):
            atexit.register(3)


if __name__ == '__main__':
    unittest.main()
