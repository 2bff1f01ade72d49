#!/usr/bin/env bash
# Threading primitives, side by side: bench/threading_bench.py (best of N repeats per case, default 5) under
# CPython 3.12 and bin/graalpy-mp with and without the JIT, in the same run, with the ratio to CPython.
#   bench/threading.sh [repeats] [case ...]
# CPython: $PYTHON312, else pyenv's 3.12.1. This is a benchmark, not a test: it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
REPEAT=${1:-5}
shift || true
PY=${PYTHON312:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}
[ -x "$PY" ] || { echo "CPython 3.12 not found at $PY: set PYTHON312" >&2; exit 1; }
"$ROOT/bin/graalpy-mp" -c pass  # builds on first use; not timed
BENCH=$ROOT/bench/threading_bench.py
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$PY" "$BENCH" "$REPEAT" "$@" >"$TMP/py"
GRAALPY_MP_JIT=1 "$ROOT/bin/graalpy-mp" "$BENCH" "$REPEAT" "$@" >"$TMP/jit"
GRAALPY_MP_JIT=0 "$ROOT/bin/graalpy-mp" "$BENCH" "$REPEAT" "$@" >"$TMP/nojit"

printf '%-20s %10s %10s %10s %8s %9s\n' "case (best of $REPEAT)" CPython "mp JIT" "mp no-JIT" JIT/Py noJIT/Py
join "$TMP/py" "$TMP/jit" | join - "$TMP/nojit" | while read -r name py jit nojit; do
  printf '%-20s %9.4fs %9.4fs %9.4fs %7.2fx %8.2fx\n' "$name" "$py" "$jit" "$nojit" \
    "$(awk -v a="$jit" -v b="$py" 'BEGIN {print a / b}')" "$(awk -v a="$nojit" -v b="$py" 'BEGIN {print a / b}')"
done
