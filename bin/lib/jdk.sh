# Sourced by the project's scripts: finds a JDK that GraalPy 25 runs on (21 or newer).
# Order: $JAVA_HOME, then the newest JDK under /usr/lib/jvm. Prints its home, or explains what to install.

read_jdk_major() { # $1 = JDK home; sets JDK_MAJOR to its feature version (17, 21, 25...) or fails
  local release="$1/release" line
  JDK_MAJOR=""
  [ -x "$1/bin/java" ] || return 1
  if [ -f "$release" ]; then
    while IFS= read -r line; do # no subprocess: this runs on every launch
      case "$line" in JAVA_VERSION=\"*) JDK_MAJOR=${line#JAVA_VERSION=\"}; JDK_MAJOR=${JDK_MAJOR%%[!0-9]*}; break ;; esac
    done < "$release"
  else
    JDK_MAJOR=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  [ -n "$JDK_MAJOR" ]
}

find_jdk() {
  local home best="" best_v=0
  if [ -n "${JAVA_HOME:-}" ] && read_jdk_major "$JAVA_HOME" && [ "$JDK_MAJOR" -ge 21 ]; then
    echo "$JAVA_HOME"; return 0
  fi
  for home in /usr/lib/jvm/*; do
    [ -L "$home" ] && continue  # aliases of the same JDK
    if read_jdk_major "$home" && [ "$JDK_MAJOR" -ge 21 ] && [ "$JDK_MAJOR" -gt "$best_v" ]; then
      best="$home"; best_v="$JDK_MAJOR"
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  cat >&2 <<'MSG'
graalpy-mp needs a JDK 21 or newer (JDK 25 for the JIT), and found none in $JAVA_HOME or /usr/lib/jvm.
Install one, e.g. Temurin 25 (package temurin-25-jdk from Adoptium's repository) or openjdk-21-jdk,
or point JAVA_HOME at it.
MSG
  return 1
}
