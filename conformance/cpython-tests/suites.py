#!/usr/bin/env python3
"""CPython 3.12's own test modules under bin/graalpy-mp, against checked-in expectations.

  suites.py [--cpython] [--record] [--every-test] [--reuse] [--timeout SECONDS] MODULE... | all | fast

Runs each module with runner.py (one results line per test; a test that hangs is written as `timeout` and the
module goes on without it), then compares with expected/MODULE.tsv: one line per test,
`Class.method<TAB>CPython 3.12.1's outcome<TAB>graalpy-mp's outcome<TAB>why, when graalpy-mp's is not CPython's`.
It prints, per module, what CPython passes, what graalpy-mp passes of that, and every regression (a test expected
to pass that did not) and new pass; it exits 1 on any regression. --record rewrites the expectations from this run
(keeping the reasons already written for tests that still fail); --cpython runs CPython 3.12 instead, to record
its column; --reuse takes the results of the last run instead of running. Tests expected to hang (`timeout`) are
left out unless --every-test is given. `all` is every module of MODULES, `fast` the quick ones bin/test runs.

Runs under any python3; the `test` package the modules come from is CPython 3.12's (CPYTHON=..., else this
interpreter if it is 3.12, else pyenv's 3.12.1). That install
lacks the packages test_multiprocessing_{fork,spawn,forkserver} (each is install_tests_in_module_dict of
test._test_multiprocessing, so they are made here the same way) and test_concurrent_futures: that one comes from
the directory CPYTHON_EXTRA_TESTS names (a `test` directory of a later CPython 3.12 source, e.g. 3.12.8's), and is
left out when it is not set.

The tests need Ctrl-C to work: the modules run with SIGINT at its default even when this driver was started with it
ignored (a background job of a non-interactive shell), which would otherwise pass the ignored SIGINT on."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(HERE, 'expected')
START_METHODS = ('fork', 'spawn', 'forkserver')
MP_PARTS = {'processes': 'only_type="processes"', 'threads': 'only_type="threads"',
            'manager': 'only_type="manager"', 'misc': 'exclude_types=True'}
MODULES = (['test.test_thread', 'test.test_queue', 'test.test_select', 'test.test_selectors', 'test.test_os',
            'test.test_threading_local', 'test.test_threading', 'test.test_signal', 'test.test_threadsignals',
            'test.test_concurrent_futures']
           + [f'test.test_multiprocessing_{method}.test_{part}' for method in START_METHODS for part in MP_PARTS])
FAST = ['test.test_select', 'test.test_selectors', 'test.test_thread', 'test.test_queue', 'test.test_os']
RESTARTS = 40
OUTSIDE = '(the module, outside any test)'


def cpython_312():
    if os.environ.get('CPYTHON'):
        return os.environ['CPYTHON']
    if sys.version_info[:2] == (3, 12) and sys.implementation.name == 'cpython':
        return sys.executable
    root = subprocess.run(['pyenv', 'root'], capture_output=True, text=True).stdout.strip() if shutil.which(
        'pyenv') else os.path.expanduser('~/.pyenv')
    return os.path.join(root, 'versions', '3.12.1', 'bin', 'python3.12')


def test_package(cpython):
    """A directory holding a `test` package: CPython's modules, plus the ones its install lacks."""
    tests = subprocess.check_output([cpython, '-c', 'import os, test; print(os.path.dirname(test.__file__))'],
                                    text=True).strip()
    root = tempfile.mkdtemp(prefix='cpython-tests.')
    package = os.path.join(root, 'test')
    os.mkdir(package)
    for entry in os.listdir(tests):
        os.symlink(os.path.join(tests, entry), os.path.join(package, entry))
    for method in START_METHODS:
        if os.path.exists(os.path.join(package, f'test_multiprocessing_{method}')):
            continue
        directory = os.path.join(package, f'test_multiprocessing_{method}')
        os.mkdir(directory)
        write(os.path.join(directory, '__init__.py'),
              'import os.path\nfrom test import support\n\n\ndef load_tests(*args):\n'
              '    return support.load_package_tests(os.path.dirname(__file__), *args)\n')
        for part, selection in MP_PARTS.items():
            write(os.path.join(directory, f'test_{part}.py'),
                  'from test._test_multiprocessing import install_tests_in_module_dict\n\n'
                  f'install_tests_in_module_dict(globals(), {method!r}, {selection})\n')
    extra = os.environ.get('CPYTHON_EXTRA_TESTS')
    if not os.path.exists(os.path.join(package, 'test_concurrent_futures')) and extra:
        os.symlink(os.path.join(extra, 'test_concurrent_futures'), os.path.join(package, 'test_concurrent_futures'))
    return root


def write(path, text):
    with open(path, 'w', encoding='utf-8') as out:
        out.write(text)


def run_module(command, module, path, results, timeout, hangs):
    """Runs the module until every test has an outcome in results, leaving out the known hangs; returns seconds
    taken."""
    if os.path.exists(results):
        os.remove(results)
    started = time.monotonic()
    env = dict(os.environ, PYTHONPATH=path)
    argv = command + [os.path.join(HERE, 'runner.py'), module, '--results', results, '--resume', '--skip', *hangs]
    for _ in range(RESTARTS):
        with open(results + '.log', 'a', encoding='utf-8') as log:
            status, hung = run_watched(argv, env, log, results, timeout)
        if hung:
            with open(results, 'a', encoding='utf-8') as out:
                out.write(f'timeout\t{hung}\tstill running after {timeout:.0f} s\n')
            if hung == OUTSIDE:
                break
            continue
        # The process died (a signal, or an internal error, which exits with 1 as a failed module does) when a
        # test has started and not ended: blame that test, go on with the next.
        crashed = last_started(results)
        if status not in (0, 1) or crashed:
            with open(results, 'a', encoding='utf-8') as out:
                out.write(f'error\t{crashed or OUTSIDE}\tthe process ended with status {status} (see the log)\n')
            if crashed:
                continue
        break
    return time.monotonic() - started


def run_watched(argv, env, log, results, timeout):
    """Runs argv in a process group of its own and kills the group when one test (the last `start` line of
    results) or the time outside any test (loading, fixtures, shut-down) goes on longer than timeout. Returns
    the exit status and the name of the test that hung, if one did. The group dies as a whole afterwards: a
    test's subprocesses must not outlive it and go on eating the machine."""
    process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    last, since = None, time.monotonic()
    try:
        while process.poll() is None:
            time.sleep(0.5)
            current = last_started(results)
            if current != last:
                last, since = current, time.monotonic()
            elif time.monotonic() - since > timeout:
                return None, current or OUTSIDE
        return process.returncode, None
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def last_started(results):
    """The test now running: the name of the last line of results if it is a `start` line."""
    try:
        with open(results, 'rb') as lines:
            lines.seek(max(0, os.path.getsize(results) - 4096))
            tail = lines.read().decode('utf-8', 'replace').splitlines()
    except FileNotFoundError:
        return None
    fields = tail[-1].split('\t') if tail else []
    return fields[1] if len(fields) > 1 and fields[0] == 'start' else None


def read_tsv(path, columns):
    rows = {}
    if os.path.exists(path):
        with open(path, encoding='utf-8') as lines:
            for line in lines:
                if line.strip() and not line.startswith('#'):
                    fields = line.rstrip('\n').split('\t') + [''] * columns
                    rows[fields[0]] = fields[1:columns]
    return rows


def outcomes(results):
    """Class.method -> (outcome, detail) of one run (runner.py's lines: outcome, name, detail)."""
    run = {}
    if os.path.exists(results):
        with open(results, encoding='utf-8') as lines:
            for line in lines:
                outcome, name, detail = (line.rstrip('\n').split('\t') + ['', ''])[:3]
                if outcome != 'start':
                    run[name] = (outcome, detail)
    return run


def compare(module, run, expected, cpython):
    column = 0 if cpython else 1
    cpython_pass = {name for name, row in expected.items() if row[0] == 'pass'}
    passing = {name for name, (outcome, _) in run.items() if outcome == 'pass'}
    regressions = sorted(name for name, row in expected.items() if row[column] == 'pass' and name not in passing)
    new = sorted(name for name in passing if expected.get(name, ['', ''])[column] != 'pass')
    if cpython:
        print(f'{module}: {len(run)} run; CPython passes {len(passing)}; {len(regressions)} regressions, '
              f'{len(new)} new passes')
    else:
        share = f'{100 * len(passing & cpython_pass) / len(cpython_pass):.0f} %' if cpython_pass else 'n/a'
        print(f'{module}: {len(run)} run; CPython passes {len(cpython_pass)}, graalpy-mp passes '
              f'{len(passing & cpython_pass)} of those ({share}); {len(regressions)} regressions, '
              f'{len(new)} new passes')
    for name in regressions:
        print(f'  REGRESSION {name}: {" ".join(run.get(name, ("not run", "")))}')
    for name in new if len(new) <= 20 else ():
        print(f'  new pass {name}')
    return regressions


def record(module, run, expected, cpython):
    rows = []
    for name in sorted(set(run) | set(expected)):
        old = expected.get(name, ['', '', ''])
        outcome, detail = run.get(name, ('not run', ''))
        cpython_outcome, mp_outcome = (outcome, old[1]) if cpython else (old[0], outcome)
        same_difference = (old[0], old[1]) == (cpython_outcome, mp_outcome)
        reason = '' if mp_outcome == cpython_outcome else old[2] if same_difference and old[2] else detail
        rows.append(f'{name}\t{cpython_outcome}\t{mp_outcome}\t{reason}\n')
    header = '# test\tCPython 3.12.1\tgraalpy-mp\twhy they differ\n'
    write(os.path.join(EXPECTED, module + '.tsv'), header + ''.join(rows))


def main(arguments):
    if arguments == ['--make-package']:  # for run.sh: one module, verbose, by hand; the caller removes it
        print(test_package(cpython_312()))
        return 0
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.stdout.reconfigure(line_buffering=True)
    cpython_mode = '--cpython' in arguments
    recording = '--record' in arguments
    timeout = 120.0
    if '--timeout' in arguments:
        timeout = float(arguments[arguments.index('--timeout') + 1])
    modules = [a for a in arguments if a.startswith('test.') or a in ('all', 'fast')]
    modules = [m for a in modules for m in (MODULES if a == 'all' else FAST if a == 'fast' else [a])]
    cpython = cpython_312()
    command = [cpython] if cpython_mode else [os.path.join(ROOT, 'bin', 'graalpy-mp')]
    path = test_package(cpython)
    try:
        return run_modules(modules, command, path, timeout, cpython_mode, recording, '--reuse' in arguments,
                           '--every-test' in arguments)
    finally:
        shutil.rmtree(path)


def run_modules(modules, command, path, timeout, cpython_mode, recording, reuse, every_test):
    out = os.path.join(ROOT, 'conformance', 'target', 'cpython-tests')
    os.makedirs(out, exist_ok=True)
    failed = []
    for module in modules:
        results = os.path.join(out, f'{module}.{"cpython" if cpython_mode else "graalpy-mp"}.tsv')
        expected = read_tsv(os.path.join(EXPECTED, module + '.tsv'), 4)
        hangs = [] if cpython_mode or every_test else sorted(n for n, row in expected.items() if row[1] == 'timeout')
        seconds = 0 if reuse else run_module(command, module, path, results, timeout, hangs)
        run = outcomes(results)
        for name in hangs:
            run.setdefault(name, ('timeout', 'left out: it hung when the expectations were recorded'))
        print(f'[{seconds:.0f} s] ', end='')
        failed += compare(module, run, expected, cpython_mode)
        if recording:
            record(module, run, expected, cpython_mode)
    return 1 if failed and not recording else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
