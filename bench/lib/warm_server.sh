#!/usr/bin/env bash
# Runs a `name seconds` benchmark (a Python file printing one line per case) under CPython 3.12 and on a warm
# runtime server of bin/graalpy-mp (one of its own, stopped at the end), in the same run: WARM untimed runs of
# the same script first, so that what a server keeps (contexts booted ahead, the JIT's compiled code) is there.
#   bench/lib/warm_server.sh BENCH.py REPEAT WARM [case ...]
# CPython: $PYTHON312, else pyenv's 3.12.1. A benchmark, not a test: it asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
BENCH=$1 REPEAT=$2 WARM=$3
shift 3
PY=${PYTHON312:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions/3.12.1/bin/python3.12}
[ -x "$PY" ] || { echo "CPython 3.12 not found at $PY: set PYTHON312" >&2; exit 1; }
MP="$ROOT/bin/graalpy-mp"
TMP=$(mktemp -d)
# CPython first, before a server exists: a young server boots contexts and compiles for minutes, which would slow
# the CPython run beside it.
"$PY" "$BENCH" "$REPEAT" "$@" >"$TMP/py"
if [ -z "${GRAALPY_MP_SERVER_DIR:-}" ]; then  # a server of its own, unless the caller has one
  GRAALPY_MP_SERVER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/graalpy-mp-bench.XXXXXX")
  export GRAALPY_MP_SERVER_DIR
  trap '"$MP" --server stop >/dev/null; rm -rf "$GRAALPY_MP_SERVER_DIR" "$TMP"' EXIT
  "$MP" -c pass  # builds on first use and starts the server; not timed
  sleep 10       # the server boots its warm contexts
else
  trap 'rm -rf "$TMP"' EXIT
fi
unset GRAALPY_MP_SERVER

for ((i = 0; i < WARM; i++)); do "$MP" "$BENCH" 1 "$@" >/dev/null; done
"$MP" "$BENCH" "$REPEAT" "$@" >"$TMP/mp"
printf '%-34s %10s %12s %8s\n' "case (best of $REPEAT, after $WARM runs)" CPython "mp server" ratio
join <(sort "$TMP/py") <(sort "$TMP/mp") | while read -r name py mp; do
  printf '%-34s %9.4fs %11.4fs %7.2fx\n' "$name" "$py" "$mp" "$(awk -v a="$mp" -v b="$py" 'BEGIN {print a / b}')"
done
