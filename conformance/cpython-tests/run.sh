#!/usr/bin/env bash
# Runs one of CPython 3.12's own test modules (e.g. test.test_threading) under bin/graalpy-mp, verbosely;
# tests named after --skip are left out (say why in your note); with --only Class.method..., just those. CPython's `test` package comes from the pyenv
# CPython 3.12.1 (CPYTHON=/path/to/python3.12 overrides); GraalPy ships only `test.support`.
#   conformance/cpython-tests/run.sh test.test_threading --skip test_is_alive_after_fork test_4_daemon_threads
# Children started with -I (script_helper) cannot import `test` beyond test.support: tests whose child needs
# more (test_threading's test_4_daemon_threads) wait forever, on any interpreter without that package.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="${1:?usage: run.sh test.MODULE [--skip NAME... | --only CLASS.NAME...]}"
shift
python="${CPYTHON:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}"
tests="$("$python" -c 'import os, test; print(os.path.dirname(test.__file__))')"
path="$(mktemp -d)"
trap 'rm -rf "$path"' EXIT
ln -s "$tests" "$path/test"
PYTHONPATH="$path" "$here/../../bin/graalpy-mp" "$here/runner.py" "$module" "$@"
