#!/usr/bin/env bash
# multiprocessing, side by side: bench/multiprocessing_bench.py (best of N repeats per case, default 3) under
# CPython 3.12 and bin/graalpy-mp with and without the JIT, in the same run, with the ratio to CPython:
# Process start+join (fork, spawn), Pipe and Queue seconds per message (64 B, 1 MiB), Pool.map of a CPU-bound
# function on 1 and 2 workers, cross-process Lock acquire+release, Value increment under its lock, shared_memory
# element read+write and struct.unpack_from of 64 KiB; when named, a Lock pair beside a busy thread
# (lock_pair_busy_thread_per_1k: it can hang a runtime server, see multiprocessing_bench.py).
#   [BENCH_WARMUP=seconds] bench/multiprocessing.sh [repeats] [case ...]
#   BENCH_SERVER_RUNS=N bench/multiprocessing.sh [repeats] [case ...]
# BENCH_WARMUP repeats each case untimed first (all three runtimes): steady state rather than warm-up.
# BENCH_SERVER_RUNS measures graalpy-mp on a warm runtime server instead, after N untimed runs of the benchmark
# (bench/lib/warm_server.sh): what the server keeps between runs (contexts, compiled code) counts there.
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
REPEAT=${1:-3}
shift || true
if [ -n "${BENCH_SERVER_RUNS:-}" ]; then
  exec "$ROOT/bench/lib/warm_server.sh" "$ROOT/bench/multiprocessing_bench.py" "$REPEAT" "$BENCH_SERVER_RUNS" "$@"
fi
exec "$ROOT/bench/lib/side_by_side.sh" "$ROOT/bench/multiprocessing_bench.py" "$REPEAT" "$@"
