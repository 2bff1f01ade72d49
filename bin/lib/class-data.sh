# Sourced by java-command.sh: the class-data archive an interpreter-only JVM starts from (GraalPy's and the
# host's classes loaded and linked ahead, instead of read from ~60 MB of jars on every start). One archive per
# JDK, class path, JVM options and jar versions (a new one when a jar changes: the JVM would only refuse a stale
# archive, never replace it), in ~/.cache/graalpy-mp/{aot,cds}; the three newest of each kind are kept.
# - JDK 25+: an AOT cache (JEP 483/514/515: classes linked, and the methods' profiles of a training run). The
#   first run without one starts a training run in the background (bin/lib/aot-training.py, at low priority;
#   it takes ~20-30 s and writes the cache when it ends) and runs without; later runs start from it.
# - JDK 21-24: a dynamic CDS archive, written at the end of the first run (-XX:+AutoCreateSharedArchive).
# Measured on 2 cores, `-c pass` with GRAALPY_MP_SERVER=0 GRAALPY_MP_JIT=0: see the README ("Cold start").

class_data_options() { # $1 = JDK home, $2 = class path, $3 = main class, $4 = project root; adds to the caller's opts
  local jdk="$1" cp="$2" main="$3" root="$4" kind key dir archive cp_jars
  read_jdk_major "$jdk" || return 0
  [ "$JDK_MAJOR" -ge 25 ] && kind=aot || kind=cds
  IFS=: read -r -a cp_jars <<< "$cp"
  # The archive's name: a checksum of the JDK (its release file's time: updated in place), the class path, the
  # options, and each jar's time and size.
  key=$({ printf '%s\n' "$jdk" "$cp" "${opts[@]}"; stat -c '%Y %s' "$jdk/release" "${cp_jars[@]}" 2>/dev/null; } | cksum)
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/graalpy-mp/$kind"
  archive="$dir/${key%% *}.$kind"
  if [ "$kind" = aot ] && [ -f "$archive" ]; then
    opts+=("-XX:AOTCache=$archive")
  elif [ "$kind" = aot ]; then
    mkdir -p "$dir" 2>/dev/null && start_aot_training "$jdk" "$cp" "$main" "$root" "$archive"
  else # the JVM writes it at the end of a run that finds none (or finds it unusable: a JDK updated in place)
    [ -f "$archive" ] || { mkdir -p "$dir" 2>/dev/null && keep_newest_archives "$dir" cds 2; } || return 0
    opts+=("-XX:SharedArchiveFile=$archive" -XX:+AutoCreateSharedArchive)
  fi
}

keep_newest_archives() { # $1 = directory, $2 = kind, $3 = how many: older ones (~130 MB each) and their logs go
  local old
  ls -t "$1"/*."$2" 2>/dev/null | tail -n +"$(($3 + 1))" | while IFS= read -r old; do rm -f "$old" "$old.log"; done
}

start_aot_training() { # writes $5 in the background, once: a training run of bin/lib/aot-training.py
  local jdk="$1" cp="$2" main="$3" root="$4" archive="$5" lock="$5.training"
  # One training per archive: a lock directory, taken over when older than 10 minutes (a training that died).
  if ! mkdir "$lock" 2>/dev/null; then
    [ -n "$(find "$lock" -maxdepth 0 -mmin +10 2>/dev/null)" ] || return 0
    rm -rf "$lock" && mkdir "$lock" 2>/dev/null || return 0
  fi
  # In the background (a script's background job ignores Ctrl-C), its streams away from the program's: the
  # user's run never waits for it and never sees its output, which goes to a log beside the archive.
  (
    cd "$root" || exit 1
    GRAALPY_MP_POOL=0 nice -n 10 "$jdk/bin/java" "${opts[@]}" "-XX:AOTCacheOutput=$lock/archive" -cp "$cp" "$main" \
      "$root/bin/lib/aot-training.py" && mv -f "$lock/archive" "$archive"
    rm -rf "$lock"
    keep_newest_archives "${archive%/*}" aot 3  # other option sets, other checkouts
  ) </dev/null >"$archive.log" 2>&1 &
  disown 2>/dev/null || true
}
