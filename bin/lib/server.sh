# Sourced by the project's scripts: where the runtime server of this build listens, and its thin client.
# One server per build, JDK and JVM options: its socket's name is a checksum of them, so a server of another
# build or JDK is never reused. The directory is the user's own (mode 0700): GRAALPY_MP_SERVER_DIR, else
# $XDG_RUNTIME_DIR/graalpy-mp, else /tmp/graalpy-mp-$UID.

server_dir() {
  if [ -n "${GRAALPY_MP_SERVER_DIR:-}" ]; then echo "$GRAALPY_MP_SERVER_DIR"
  elif [ -n "${XDG_RUNTIME_DIR:-}" ]; then echo "$XDG_RUNTIME_DIR/graalpy-mp"
  else echo "/tmp/graalpy-mp-$UID"
  fi
}

server_variant() { # $1 = project root, $2 = JDK home: what a server is started with, apart from the build
  printf '%s|' "$1" "$2" "$(jit_mode "$2")" "${GRAALPY_MP_JAVA_OPTS:-}" "${GRAALPY_MP_CDS:-}"
}

server_socket() { # $1 = project root, $2 = JDK home
  local id
  id=$(printf '%s%s' "$(server_variant "$1" "$2")" "$(stat -c %Y "$1/host/target/runtime.classpath" 2>/dev/null)" \
       | cksum | cut -d' ' -f1)
  echo "$(server_dir)/$id.sock"
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
