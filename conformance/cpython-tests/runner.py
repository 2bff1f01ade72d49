"""Runs the unittest module named by argv[1] verbosely, without the test methods named by the other arguments;
exits 0 when every test run passed (used by run.sh; runs on CPython too)."""

import sys
import unittest


def each_test(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from each_test(item)
        else:
            yield item


def main(module, skipped):
    tests = unittest.defaultTestLoader.loadTestsFromName(module)
    kept = unittest.TestSuite(t for t in each_test(tests) if getattr(t, '_testMethodName', None) not in skipped)
    result = unittest.TextTestRunner(verbosity=2).run(kept)
    print(f'left out: {sorted(skipped) or "none"}')
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], set(sys.argv[2:])))
