# Sourced by the project's scripts: where the runtime server of this build listens, and its thin client.
# One server per build, JDK and JVM options: its socket's name is a checksum of them, so a server of another
# build or JDK is never reused. The directory is the user's own (mode 0700): GRAALPY_MP_SERVER_DIR, else
# $XDG_RUNTIME_DIR/graalpy-mp, else /tmp/graalpy-mp-$UID.

server_variant() { # $1 = project root, $2 = JDK home: sets SERVER_VARIANT, what a server is started with
  read_jit_mode "$2"  # apart from the build
  printf -v SERVER_VARIANT '%s|' "$1" "$2" "$JIT_MODE" "${GRAALPY_MP_JAVA_OPTS:-}" "${GRAALPY_MP_CDS:-}"
}

server_socket() { # $1 = project root, $2 = JDK home; sets SERVER_SOCKET to the socket's path
  local dir="${GRAALPY_MP_SERVER_DIR:-${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/graalpy-mp}}" id
  server_variant "$1" "$2"
  id=$({ printf '%s' "$SERVER_VARIANT"; stat -c %Y "$1/host/target/runtime.classpath" 2>/dev/null; } | cksum)
  SERVER_SOCKET="${dir:-/tmp/graalpy-mp-$UID}/${id%% *}.sock"
}

ensure_client() { # $1 = project root: the client binary exists and is newer than its source
  local source="$1/host/src/main/c/graalpy-mp-client.c" client="$1/host/target/graalpy-mp-client"
  [ -x "$client" ] && [ "$client" -nt "$source" ] && return 0
  local cc
  cc=$(command -v cc || command -v gcc) || {
    echo "graalpy-mp: a C compiler is needed to build the runtime server's client: apt-get install gcc" \
         "(or run without the server: GRAALPY_MP_SERVER=0)" >&2
    return 1
  }
  mkdir -p "$1/host/target"
  "$cc" -O2 -o "$client.tmp.$$" "$source" && mv -f "$client.tmp.$$" "$client"
}
