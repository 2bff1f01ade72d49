#!/usr/bin/env bash
# Runs the conformance suite against real CPython 3.12 (protocol mode by default) with the Java runner,
# to prove that every spec accepts the reference interpreter. Extra arguments go to the runner, e.g.
#   conformance/run-cpython.sh --buffered          # the buffered ("real user") variant
#   conformance/run-cpython.sh 001_05 004_02       # selected examples
# Needs the module built: mvn -pl conformance package -DskipTests (from the project root).
# CPYTHON=/path/to/python3.12 overrides the interpreter.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
find_java() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  for d in /usr/lib/jvm/*; do candidates+=("$d/bin/java"); done
  for j in "${candidates[@]}"; do
    if [[ -x "$j" ]] && (( $(java_major "$j" || echo 0) >= 21 )); then echo "$j"; return; fi
  done
  echo "run-cpython.sh: no JDK 21+ found (set JAVA_HOME)" >&2; exit 2
}

python="${CPYTHON:-}"
if [[ -z "$python" ]]; then
  root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  python="$root/versions/3.12.1/bin/python3.12"
fi
[[ -x "$python" ]] || { echo "run-cpython.sh: CPython not found at $python (set CPYTHON)" >&2; exit 2; }

jar="$(ls "$here"/target/graalpy-mp-conformance-*.jar 2>/dev/null | head -1 || true)"
[[ -n "$jar" ]] || { echo "run-cpython.sh: build first: mvn -pl conformance package -DskipTests" >&2; exit 2; }

java="$(find_java)"
# The checker's GraalPy (Truffle) reads memory through sun.misc.Unsafe: allowed, so JDK 23+ prints no warning.
# C1 only: its context boots in about half the time (see conformance/pom.xml).
opts=(-XX:TieredStopAtLevel=1)
(( $(java_major "$java") >= 23 )) && opts+=(--sun-misc-unsafe-memory-access=allow)
exec "$java" "${opts[@]}" -jar "$jar" --python "$python" --corpus "$here/corpus" --no-waiting \
  --report "$here/target/REPORT-cpython.md" --raw-dir "$here/target/cpython-runs" "$@"
