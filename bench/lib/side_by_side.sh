#!/usr/bin/env bash
# Runs a `name seconds` benchmark (a Python file printing one line per case, sorted by name) under CPython
# 3.12 and bin/graalpy-mp with and without the JIT, in the same run, and prints the three with the ratios.
#   bench/lib/side_by_side.sh BENCH.py REPEAT [case ...]
# CPython: $PYTHON312, else pyenv's 3.12.1. BENCH_WARMUP (seconds) reaches the benchmark, if it reads it.
# A benchmark, not a test: it asserts nothing.
set -euo pipefail
# Each graalpy-mp run in a JVM of its own, as measured before the runtime server (bench/server.sh measures it).
export GRAALPY_MP_SERVER=0
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
BENCH=$1 REPEAT=$2
shift 2
PY=${PYTHON312:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}
[ -x "$PY" ] || { echo "CPython 3.12 not found at $PY: set PYTHON312" >&2; exit 1; }
"$ROOT/bin/graalpy-mp" -c pass  # builds on first use; not timed
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$PY" "$BENCH" "$REPEAT" "$@" >"$TMP/py"
GRAALPY_MP_JIT=1 "$ROOT/bin/graalpy-mp" "$BENCH" "$REPEAT" "$@" >"$TMP/jit"
GRAALPY_MP_JIT=0 "$ROOT/bin/graalpy-mp" "$BENCH" "$REPEAT" "$@" >"$TMP/nojit"

label="best of $REPEAT"
[ -n "${BENCH_WARMUP:-}" ] && label="$label, ${BENCH_WARMUP} s warm-up"
printf '%-22s %10s %10s %10s %8s %9s\n' "case ($label)" CPython "mp JIT" "mp no-JIT" JIT/Py noJIT/Py
join "$TMP/py" "$TMP/jit" | join - "$TMP/nojit" | while read -r name py jit nojit; do
  printf '%-22s %9.4fs %9.4fs %9.4fs %7.2fx %8.2fx\n' "$name" "$py" "$jit" "$nojit" \
    "$(awk -v a="$jit" -v b="$py" 'BEGIN {print a / b}')" "$(awk -v a="$nojit" -v b="$py" 'BEGIN {print a / b}')"
done
