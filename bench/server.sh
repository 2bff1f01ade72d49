#!/usr/bin/env bash
# The runtime server against CPython 3.12, in the same run: wall time of whole programs (`-c pass`, a hello
# world) from a warm server and cold without one (GRAALPY_MP_SERVER=0), median of RUNS; then the cases of
# server_bench.py timed inside the program on the warm server, after WARM runs of the same script
# (bench/lib/warm_server.sh).
#   bench/server.sh [RUNS=10] [WARM=3]
# CPython: $PYTHON312, else pyenv's 3.12.1. Uses a server of its own (stopped at the end). A benchmark, not a
# test: it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
RUNS=${1:-10} WARM=${2:-3}
PY=${PYTHON312:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}
[ -x "$PY" ] || { echo "CPython 3.12 not found at $PY: set PYTHON312" >&2; exit 1; }
GRAALPY_MP_SERVER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/graalpy-mp-bench.XXXXXX")
export GRAALPY_MP_SERVER_DIR
TMP=$(mktemp -d)
trap '"$ROOT/bin/graalpy-mp" --server stop >/dev/null; rm -rf "$GRAALPY_MP_SERVER_DIR" "$TMP"' EXIT
MP="$ROOT/bin/graalpy-mp"
"$MP" -c pass  # builds on first use and starts the server; not timed
echo 'print("hello, world")' > "$TMP/hello.py"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { # the median wall seconds of RUNS runs of "$@", each after a pause (the server refills its pool)
  local i t0 t1
  for ((i = 0; i < RUNS; i++)); do
    sleep "${PAUSE:-1}"
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 </dev/null || true; t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'
  done | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }

sleep 10 # the server boots its warm contexts
printf '%-34s %10s %12s %8s\n' "program (median of $RUNS)" CPython graalpy-mp ratio
for prog in "-c pass" "hello.py"; do
  if [ "$prog" = "-c pass" ]; then args=(-c pass); else args=("$TMP/hello.py"); fi
  py=$(PAUSE=0 wall "$PY" "${args[@]}")
  mp=$(wall "$MP" "${args[@]}")
  printf '%-34s %9.3fs %11.3fs %8s\n' "$prog, warm server" "$py" "$mp" "$(ratio "$mp" "$py")"
done
py=$(PAUSE=0 RUNS=3 wall "$PY" -c pass)
# The cold path as users meet it after their first run: with its class-data archive made (bin/lib/class-data.sh).
GRAALPY_MP_SERVER=0 "$MP" -c pass
while compgen -G "${XDG_CACHE_HOME:-$HOME/.cache}/graalpy-mp/aot/*.training" >/dev/null; do sleep 1; done
cold=$(PAUSE=0 RUNS=3 GRAALPY_MP_SERVER=0 wall "$MP" -c pass)
printf '%-34s %9.3fs %11.3fs %8s\n' "-c pass, cold (no server, 3 runs)" "$py" "$cold" "$(ratio "$cold" "$py")"

echo
"$ROOT/bench/lib/warm_server.sh" "$ROOT/bench/server_bench.py" 3 "$WARM"
