#!/usr/bin/env bash
# os-level processes side by side: bench/processes_bench.py under CPython 3.12 and under bin/graalpy-mp
# (JIT on; warm pool on and off), in the same run, with graalpy-mp/CPython ratios (>1 = slower than CPython;
# for MB/s the ratio is CPython/graalpy-mp so that >1 is slower too). A benchmark, not a test.
#   bench/processes.sh            BENCH_FORKS=10 by default
set -euo pipefail
# Each graalpy-mp run in a JVM of its own, as measured before the runtime server (bench/server.sh measures it).
export GRAALPY_MP_SERVER=0
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
PY=${PYTHON312:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}
[ -x "$PY" ] || { echo "CPython 3.12 not found at $PY: set PYTHON312" >&2; exit 1; }
BENCH="$ROOT/bench/processes_bench.py"
"$ROOT/bin/graalpy-mp" -c pass  # build on first use, not timed

cpy=$("$PY" "$BENCH")
pool=$("$ROOT/bin/graalpy-mp" "$BENCH")
nopool=$(GRAALPY_MP_POOL=0 "$ROOT/bin/graalpy-mp" "$BENCH" latency)

value() { awk -v k="$1" '$1 == k {print $2}' <<< "$2"; }
printf '%-18s %12s %14s %14s %10s\n' measurement CPython "mp pool=2" "mp pool=0" ratio
for key in fork_round_trip child_start_1st child_start_nth pipe_64B pipe_64KiB; do
  c=$(value $key "$cpy"); p=$(value $key "$pool"); n=$(value $key "$nopool")
  unit=$(awk -v k="$key" '$1 == k {print $3}' <<< "$cpy")
  if [ "$unit" = "MB/s" ]; then ratio=$(awk -v a="$c" -v b="$p" 'BEGIN {printf "%.1f", a / b}')
  else ratio=$(awk -v a="$p" -v b="$c" 'BEGIN {printf "%.1f", a / b}'); fi
  printf '%-18s %9s %-4s %10s %-4s %10s %-4s %9sx\n' "$key" "$c" "$unit" "$p" "$unit" "${n:--}" "$unit" "$ratio"
done
