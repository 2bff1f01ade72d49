# Sourced by the project's scripts: the JVM command line that runs one of the host's main classes.
#   java_command JDK ROOT MAIN_CLASS   fills the array JAVA_COMMAND
# GRAALPY_MP_JIT=0 runs interpreter-only; =1 forces the Graal JIT (default: on with JDK 25, the version the
# compiler jars of GraalPy 25.0.3 are verified with). Without the JIT, a class-data archive (made on the first
# run, in ~/.cache/graalpy-mp/cds; GRAALPY_MP_CDS=0 turns it off) saves ~1.5 s of start-up; the JVM disables
# class-data sharing with --upgrade-module-path, which the JIT needs. GRAALPY_MP_JAVA_OPTS adds JVM options.
# The host learns the decision from -Dgraalpy.mp.jit (host/.../Engines.java), it does not guess it.

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
  host_jar=$(ls "$root"/host/target/graalpy-mp-host-*.jar 2>/dev/null | head -n1)
  read_jit_mode "$jdk"; jit=$JIT_MODE

  # The Graal compiler and the jars it needs go on the upgrade module path for the JIT; off the class path.
  local cp="$host_jar" upgrade="" jar jars
  IFS=: read -r -a jars < "$classpath_file"
  for jar in "${jars[@]}"; do
    case "$(basename "$jar")" in
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
    # Host code (GraalPy's interpreter, the Graal compiler itself) stops at C1: C2 compiling the compiler
    # competes with the program for 2 cores. Measured on a 2-core machine: a 10 s CPU-bound script 21.1 s -> 10.3 s
    # wall, `-c pass` 9.5 -> 7.4 s; Python code still reaches the same peak (bench/warmup.sh compares).
    opts+=(-XX:TieredStopAtLevel=1)
  fi
  if [ "$jit" != 1 ] && [ "${GRAALPY_MP_CDS:-1}" != 0 ]; then
    # One archive per JDK, class path and mode (the family), renewed when a jar changes (the JVM would only
    # refuse a stale archive, not replace it); older archives of the same family are removed.
    local cds_dir="${XDG_CACHE_HOME:-$HOME/.cache}/graalpy-mp/cds" family version old cp_jars
    family=$(printf '%s\n' "$jdk" "$cp" "$upgrade" "$jit" | cksum | cut -d' ' -f1)
    IFS=: read -r -a cp_jars <<< "$cp"
    version=$(stat -c '%Y %s' "${cp_jars[@]}" 2>/dev/null | cksum | cut -d' ' -f1)
    if mkdir -p "$cds_dir" 2>/dev/null; then
      for old in "$cds_dir/$family"-*.jsa; do
        [ -e "$old" ] && [ "$old" != "$cds_dir/$family-$version.jsa" ] && rm -f "$old"
      done
      opts+=("-XX:SharedArchiveFile=$cds_dir/$family-$version.jsa" -XX:+AutoCreateSharedArchive)
    fi
  fi
  # The JVM's own log lines (CDS, GC) are never the program's stderr.
  opts+=(-Xlog:disable -Xlog:all=off)
  # shellcheck disable=SC2206
  opts+=(${GRAALPY_MP_JAVA_OPTS:-})
  JAVA_COMMAND=("$jdk/bin/java" "${opts[@]}" -cp "$cp" "$main")
}
