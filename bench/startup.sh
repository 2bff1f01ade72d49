#!/usr/bin/env bash
# Cold start-up, side by side: wall time of `-c pass` and of one seed example under bin/graalpy-mp (with and
# without the JIT) and under CPython 3.12, median of N runs (default 5), with the ratio to CPython.
#   bench/startup.sh [runs] [example.py]
# CPython: $PYTHON312, else pyenv's 3.12.1. This is a benchmark, not a test: it asserts nothing.
set -euo pipefail
# Each graalpy-mp run in a JVM of its own, as measured before the runtime server (bench/server.sh measures it).
export GRAALPY_MP_SERVER=0
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
RUNS=${1:-5}
EXAMPLE=${2:-$ROOT/conformance/corpus/examples/004_05_threadlocal.py}
PY=${PYTHON312:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}
[ -x "$PY" ] || { echo "CPython 3.12 not found at $PY: set PYTHON312" >&2; exit 1; }
"$ROOT/bin/graalpy-mp" -c pass  # builds on first use and creates the class-data archive; not timed

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { # prints the median wall seconds of RUNS runs of "$@"
  local i t0 t1
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 </dev/null || true; t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
  done | median
}

printf '%-28s %10s %12s %12s %9s %9s\n' "program (median of $RUNS)" "CPython" "mp JIT" "mp no-JIT" "JIT/Py" "noJIT/Py"
for prog in "-c pass" "$(basename "$EXAMPLE")"; do
  if [ "$prog" = "-c pass" ]; then args=(-c pass); else args=("$EXAMPLE"); fi
  py=$(wall "$PY" "${args[@]}")
  jit=$(GRAALPY_MP_JIT=1 wall "$ROOT/bin/graalpy-mp" "${args[@]}")
  nojit=$(GRAALPY_MP_JIT=0 wall "$ROOT/bin/graalpy-mp" "${args[@]}")
  printf '%-28s %9.3fs %11.3fs %11.3fs %8.1fx %8.1fx\n' "$prog" "$py" "$jit" "$nojit" \
    "$(awk -v a="$jit" -v b="$py" 'BEGIN {print a / b}')" "$(awk -v a="$nojit" -v b="$py" 'BEGIN {print a / b}')"
done
