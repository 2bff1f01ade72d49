#!/usr/bin/env bash
# Runs one of CPython 3.12's own test modules (e.g. test.test_threading) under bin/graalpy-mp, verbosely, by
# hand; tests named after --skip are left out, with --only NAME... just those (a NAME is a method, Class.method
# or a full test id). The `test` package is the one suites.py builds: pyenv's CPython 3.12.1 (CPYTHON overrides)
# plus the test_multiprocessing_* packages it lacks and CPYTHON_EXTRA_TESTS's test_concurrent_futures.
#   conformance/cpython-tests/run.sh test.test_threading --skip test_is_alive_after_fork
#   conformance/cpython-tests/run.sh test.test_multiprocessing_fork.test_misc --only TestFlags.test_flags
# For counts against the checked-in expectations, use suites.py.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="${1:?usage: run.sh test.MODULE [--skip NAME... | --only NAME...]}"
shift
python="${CPYTHON:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}"
path="$(CPYTHON="$python" "$python" "$here/suites.py" --make-package)"
trap 'rm -rf "$path"' EXIT
PYTHONPATH="$path" "$here/../../bin/graalpy-mp" "$here/runner.py" "$module" "$@"
