#!/usr/bin/env bash
# Threading primitives, side by side: bench/threading_bench.py (best of N repeats per case, default 5) under
# CPython 3.12 and bin/graalpy-mp with and without the JIT, in the same run, with the ratio to CPython.
#   [BENCH_WARMUP=seconds] bench/threading.sh [repeats] [case ...]
# BENCH_WARMUP repeats each case untimed first (all three runtimes): steady state rather than warm-up.
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
REPEAT=${1:-5}
shift || true
exec "$ROOT/bench/lib/side_by_side.sh" "$ROOT/bench/threading_bench.py" "$REPEAT" "$@"
