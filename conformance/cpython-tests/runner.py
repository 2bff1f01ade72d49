"""Runs the unittest module named by argv[1] verbosely: without the test methods named after it (or after
--skip), or with --only, just the tests named Class.method; exits 0 when every test run passed (used by run.sh;
runs on CPython too). The whole module is loaded first, so that its load_tests (test_io's) sets its classes up."""

import sys
import unittest


def each_test(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from each_test(item)
        else:
            yield item


def main(module, names, only):
    tests = unittest.defaultTestLoader.loadTestsFromName(module)

    def kept(test):
        method = getattr(test, '_testMethodName', None)
        return f'{type(test).__name__}.{method}' in names if only else method not in names
    result = unittest.TextTestRunner(verbosity=2).run(unittest.TestSuite(t for t in each_test(tests) if kept(t)))
    print(f'only: {sorted(names)}' if only else f'left out: {sorted(names) or "none"}')
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    arguments = sys.argv[2:]
    selects = bool(arguments) and arguments[0] == '--only'
    if arguments and arguments[0] in ('--only', '--skip'):
        arguments = arguments[1:]
    sys.exit(main(sys.argv[1], set(arguments), selects))
