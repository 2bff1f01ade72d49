# Sourced by the project's scripts (after jdk.sh): the JVM command line that runs one of the host's main classes.
#   java_command JDK ROOT MAIN_CLASS   fills the array JAVA_COMMAND
# GRAALPY_MP_JIT=0 runs interpreter-only; =1 forces the Graal JIT (default: on with JDK 25, the version the
# compiler jars of GraalPy 25.0.3 are verified with). Without the JIT, the JVM starts from a class-data archive
# (bin/lib/class-data.sh; GRAALPY_MP_CDS=0 turns it off); the JVM refuses one with --upgrade-module-path, which
# the JIT needs. GRAALPY_MP_JAVA_OPTS adds JVM options.
# The host learns the decision from -Dgraalpy.mp.jit (host/.../Engines.java), it does not guess it.
. "$(dirname "${BASH_SOURCE[0]}")/class-data.sh"

SUSPEND_SIGNAL=40  # SIGRTMIN+6: see java_command

read_jit_mode() { # $1 = JDK home; sets JIT_MODE to 1 (Graal JIT) or 0 (interpreter only)
  JIT_MODE="${GRAALPY_MP_JIT:-}"
  if [ -z "$JIT_MODE" ]; then
    read_jdk_major "$1"
    [ "$JDK_MAJOR" = 25 ] && JIT_MODE=1 || JIT_MODE=0
  fi
}

java_command() {
  local jdk="$1" root="$2" main="$3" jit
  local classpath_file="$root/host/target/runtime.classpath"
  if [ ! -f "$classpath_file" ]; then
    echo "graalpy-mp: not built ($classpath_file is missing); run: GRAALPY_MP_BUILD=always $root/bin/graalpy-mp -c pass" >&2
    return 1
  fi
  local host_jar
  local candidates=("$root"/host/target/graalpy-mp-host-*.jar)
  host_jar=${candidates[0]}
  read_jit_mode "$jdk"; jit=$JIT_MODE

  # The Graal compiler and the jars it needs go on the upgrade module path for the JIT; off the class path.
  local cp="$host_jar" upgrade="" jar jars
  IFS=: read -r -a jars < "$classpath_file"
  for jar in "${jars[@]}"; do
    case "${jar##*/}" in  # no subprocess per jar: this runs on every launch
      compiler-[0-9]*.jar) [ "$jit" = 1 ] && upgrade="$upgrade:$jar" ;;
      word-[0-9]*.jar|collections-[0-9]*.jar|truffle-compiler-[0-9]*.jar)
        if [ "$jit" = 1 ]; then upgrade="$upgrade:$jar"; else cp="$cp:$jar"; fi ;;
      *) cp="$cp:$jar" ;;
    esac
  done

  local opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss16m
        -XX:+UseParallelGC -Dgraalpy.mp.launcher="$root/bin/graalpy-mp" -Dgraalpy.mp.jit="$jit")
  if [ "$jit" = 1 ]; then
    opts+=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI "--upgrade-module-path=${upgrade#:}")
  fi
  # Host code (GraalPy's interpreter, the Graal compiler itself) stops at C1: C2 compiling them competes with the
  # program for 2 cores. Measured on a 2-core machine: with the JIT, a 10 s CPU-bound script 21.1 s -> 10.3 s wall,
  # `-c pass` 9.5 -> 7.4 s, Python code still reaching the same peak (bench/warmup.sh compares); without it
  # (and an AOT cache), `-c pass` 4.0-4.5 -> 2.5 s and a 1M-iteration loop 2.3-2.9 -> 0.9-1.6 s.
  opts+=(-XX:TieredStopAtLevel=1)
  # The JVM's own log lines (CDS, GC) are never the program's stderr.
  opts+=(-Xlog:disable -Xlog:all=off)
  # shellcheck disable=SC2206
  opts+=(${GRAALPY_MP_JAVA_OPTS:-})
  if [ "$jit" != 1 ] && [ "${GRAALPY_MP_CDS:-1}" != 0 ]; then
    class_data_options "$jdk" "$cp" "$main" "$root"  # adds to opts
  fi
  # HotSpot suspends threads (JFR's sampler, debuggers) with SIGUSR2 unless told another signal, and the launcher
  # hands SIGUSR2 to the program, as CPython's: so the JVM takes a real-time signal instead (HotSpot's
  # _JAVA_SR_SIGNUM), which the launcher keeps out of the program's environment (graalpy.mp.jvmOnlyEnv).
  local sr=()
  if [ -z "${_JAVA_SR_SIGNUM+set}" ]; then
    sr=(env _JAVA_SR_SIGNUM=$SUSPEND_SIGNAL)
    opts+=(-Dgraalpy.mp.jvmOnlyEnv=_JAVA_SR_SIGNUM)
  fi
  JAVA_COMMAND=("${sr[@]}" "$jdk/bin/java" "${opts[@]}" -cp "$cp" "$main")
}
