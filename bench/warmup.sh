#!/usr/bin/env bash
# Warm-up and peak, side by side: bench/warmup_bench.py (N CPU-bound rounds, default 8) under CPython 3.12 and
# bin/graalpy-mp with the JIT (host JIT at C1, the launcher's default), with C2 as well, and without the JIT,
# in the same run: seconds per round, the whole run, and the wall time including start-up.
#   bench/warmup.sh [rounds]
# CPython: $PYTHON312, else pyenv's 3.12.1. This is a benchmark, not a test: it asserts nothing.
set -euo pipefail
# Each graalpy-mp run in a JVM of its own, as measured before the runtime server (bench/server.sh measures it).
export GRAALPY_MP_SERVER=0
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
ROUNDS=${1:-8}
PY=${PYTHON312:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}
[ -x "$PY" ] || { echo "CPython 3.12 not found at $PY: set PYTHON312" >&2; exit 1; }
"$ROOT/bin/graalpy-mp" -c pass  # builds on first use; not timed
BENCH=$ROOT/bench/warmup_bench.py
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

run() { # name command...: per-round seconds, then total, then wall (start-up included), one per line
  local name=$1 t0 t1
  shift
  t0=$(date +%s.%N); "$@" "$BENCH" "$ROUNDS" >"$TMP/$name"; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}' >>"$TMP/$name"
}
run py "$PY"
run c1 env GRAALPY_MP_JIT=1 "$ROOT/bin/graalpy-mp"
run c2 env GRAALPY_MP_JIT=1 GRAALPY_MP_JAVA_OPTS=-XX:TieredStopAtLevel=4 "$ROOT/bin/graalpy-mp"
run nojit env GRAALPY_MP_JIT=0 "$ROOT/bin/graalpy-mp"

printf '%-8s %9s %9s %9s %9s %8s\n' round CPython "mp JIT" "JIT+C2" "no-JIT" JIT/Py
paste "$TMP/py" "$TMP/c1" "$TMP/c2" "$TMP/nojit" | awk -v n="$ROUNDS" '{
  name = NR <= n ? NR : (NR == n + 1 ? "run" : "wall")
  printf "%-8s %8.3fs %8.3fs %8.3fs %8.3fs %7.1fx\n", name, $1, $2, $3, $4, $2 / $1 }'
