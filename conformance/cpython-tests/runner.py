"""Runs the unittest module named by argv[1] verbosely and, with --results FILE, appends to FILE a line
`start<TAB>Class.method` as each test starts and `outcome<TAB>Class.method<TAB>detail<TAB>seconds` as it ends
(outcome: pass, fail, error, skip, xfail; an unexpected success is a fail). Runs on CPython too (suites.py compares
the two).

  runner.py MODULE [--results FILE [--resume]] [--skip NAME... | --only NAME...]

A NAME is a method name, Class.method, or a test's full id; --resume leaves out every test that has an outcome in
FILE already. A test that hangs is the driver's to stop (suites.py sees which from the last `start`): no watchdog
thread runs here, as none does under CPython's regrtest, since a thread of its own would change what the tests see
(os.fork() with threads running, threading.active_count()). The whole module is loaded first, so that its
load_tests (test_io's, the test packages') sets its classes up."""

import inspect
import os
import sys
import time
import traceback
import unittest


def each_test(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from each_test(item)
        else:
            yield item


def short_id(test):
    """Class.method for a test; for an error outside any test (setUpModule, setUpClass) unittest's description."""
    method = getattr(test, '_testMethodName', None)
    return f'{type(test).__name__}.{method}' if method else str(test)


def names_of(test):
    method = getattr(test, '_testMethodName', None)
    return {method, short_id(test), test.id()} - {None}


class RecordingResult(unittest.TextTestResult):
    """Writes each test's outcome to the results file the moment it is known; a test fails once any subtest does."""

    results = None

    def startTest(self, test):
        write(self.results, 'start', short_id(test))
        self._started = time.monotonic()
        self._outcome_of = 'pass'
        self._detail = ''
        super().startTest(test)

    def _note(self, outcome, detail=''):
        if self._outcome_of in ('pass', 'skip'):
            self._outcome_of, self._detail = outcome, detail

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._note('fail', _last_line(err))

    def addError(self, test, err):
        super().addError(test, err)
        if getattr(test, '_testMethodName', None) is None:
            write(self.results, 'error', short_id(test), _last_line(err))
        self._note('error', _last_line(err))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._note('fail' if issubclass(err[0], test.failureException) else 'error', _last_line(err))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if getattr(test, '_testMethodName', None) is None:
            write(self.results, 'skip', short_id(test), reason)
        self._note('skip', reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._outcome_of = 'xfail'

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._note('fail', 'unexpected success')

    def stopTest(self, test):
        super().stopTest(test)
        write(self.results, self._outcome_of, short_id(test), self._detail, time.monotonic() - self._started)


def _last_line(err):
    lines = traceback.format_exception_only(err[0], err[1])
    return ' '.join(lines[-1].split())[:300] if lines else ''


def write(path, outcome, name, detail='', seconds=None):
    if path:
        with open(path, 'a', encoding='utf-8') as out:
            out.write(f'{outcome}\t{name}\t{detail}' + ('' if seconds is None else f'\t{seconds:.2f}') + '\n')


def accept_thread_sanitizer():
    """Later 3.12 releases' tests (test_concurrent_futures) ask check_sanitizer(thread=True), which 3.12.1's
    test.support does not take; no sanitizer runs here, so the answer is False, as it would be there."""
    from test import support
    if 'thread' not in inspect.signature(support.check_sanitizer).parameters:
        check = support.check_sanitizer
        support.check_sanitizer = lambda *, thread=False, **kinds: bool(kinds) and check(**kinds)


def main(module, names, only, results):
    accept_thread_sanitizer()
    tests = unittest.defaultTestLoader.loadTestsFromName(module)
    RecordingResult.results = results

    def kept(test):
        return bool(names_of(test) & names) == only
    runner = unittest.TextTestRunner(verbosity=2, resultclass=RecordingResult)
    result = runner.run(unittest.TestSuite(t for t in each_test(tests) if kept(t)))
    print(f'only: {sorted(names)}' if only else f'left out: {len(names)} tests')
    return 0 if result.wasSuccessful() else 1


def options(arguments):
    results, names, only, resume = None, set(), False, False
    while arguments:
        option = arguments.pop(0)
        if option == '--results':
            results = arguments.pop(0)
        elif option == '--resume':
            resume = True
        elif option in ('--only', '--skip'):
            only = option == '--only'
        else:
            names.add(option)
    if resume and os.path.exists(results):
        with open(results, encoding='utf-8') as done:
            names.update(line.split('\t')[1] for line in done if '\t' in line and not line.startswith('start\t'))
    return names, only, results


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], *options(sys.argv[2:])))
