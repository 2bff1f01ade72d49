# Sourced by the project's scripts: builds the launcher's jars when they are missing or older than the sources.
# GRAALPY_MP_BUILD=never skips the check (tests that must not rebuild), =always forces a build.

up_to_date() { # $1 = project root: the launcher's jars exist and no source of theirs is newer
  local stamp="$1/host/target/runtime.classpath"
  [ "${GRAALPY_MP_BUILD:-auto}" != always ] && [ -f "$stamp" ] && [ -z "$(find "$1/pom.xml" \
    "$1"/{shim,python-lib,host}/pom.xml "$1"/{shim,python-lib,host}/src -newer "$stamp" -print -quit 2>/dev/null)" ]
}

ensure_built() { # $1 = project root, $2 = JDK home
  local root="$1" log="$1/host/target/launcher-build.log"
  [ "${GRAALPY_MP_BUILD:-auto}" = never ] && return 0
  up_to_date "$root" && return 0
  if ! command -v mvn >/dev/null; then
    echo "graalpy-mp: Maven (mvn) is needed to build the launcher on first use: apt-get install maven" >&2
    return 1
  fi
  mkdir -p "$root/host/target"
  ensure_patchelf "$log.patchelf"
  # One build at a time when several launchers start together.
  (
    flock 9
    up_to_date "$root" && exit 0  # another launcher built it while this one waited
    if ! (cd "$root" && JAVA_HOME="$2" mvn -B -q -DskipTests -pl host -am package >"$log" 2>&1); then
      echo "graalpy-mp: building the launcher failed; see $log" >&2
      exit 1
    fi
  ) 9>"$root/host/target/.build.lock"
}
