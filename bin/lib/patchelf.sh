# Sourced by the project's scripts: makes sure GraalPy's `patchelf` tool is there. With it, every process of a
# runtime loads its own copies of GraalPy's native modules (pyexpat for XML, _sqlite3, termios...); without
# it only the JVM's first process that loads one may use them (see the README, "Native modules").
# Installed from Debian's packages when this runs as root with apt-get; otherwise it says what to install.

ensure_patchelf() { # $1 = where apt-get's output goes
  command -v patchelf >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q patchelf >>"$1" 2>&1 \
       || { apt-get update -q >>"$1" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q patchelf >>"$1" 2>&1; }; then
      return 0
    fi
  fi
  echo "graalpy-mp: patchelf not found (apt-get install patchelf): only the first process of a JVM can load" \
       "GraalPy's native modules (pyexpat for XML, _sqlite3, termios)" >&2
}
