# Sourced by java-command.sh: the class-data archive an interpreter-only JVM starts from (GraalPy's and the
# host's classes loaded and linked ahead, instead of read from ~60 MB of jars on every start). One archive per
# JDK, class path and JVM options (the family), renewed when a jar changes (the JVM would only refuse a stale
# archive, never replace it), in ~/.cache/graalpy-mp/{aot,cds}; older archives of the same family are removed,
# and of the AOT caches only the three newest are kept.
# - JDK 25+: an AOT cache (JEP 483/514/515: classes linked, and the methods' profiles of a training run). The
#   first run without one starts a training run in the background (bin/lib/aot-training.py, at low priority;
#   it takes ~20-30 s and writes the cache when it ends) and runs without; later runs start from it.
# - JDK 21-24: a dynamic CDS archive, written at the end of the first run (-XX:+AutoCreateSharedArchive).
# Measured on 2 cores, `-c pass` with GRAALPY_MP_SERVER=0 GRAALPY_MP_JIT=0: see the README ("Cold start").

class_data_options() { # $1 = JDK home, $2 = class path, $3 = main class, $4 = project root; adds to the caller's opts
  local jdk="$1" cp="$2" main="$3" root="$4" kind family version dir archive old cp_jars
  read_jdk_major "$jdk" || return 0
  [ "$JDK_MAJOR" -ge 25 ] && kind=aot || kind=cds
  family=$(printf '%s\n' "$jdk" "$cp" "${opts[@]}" | cksum | cut -d' ' -f1)
  IFS=: read -r -a cp_jars <<< "$cp"
  version=$(stat -c '%Y %s' "${cp_jars[@]}" 2>/dev/null | cksum | cut -d' ' -f1)
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/graalpy-mp/$kind"
  mkdir -p "$dir" 2>/dev/null || return 0
  archive="$dir/$family-$version.$kind"
  for old in "$dir/$family"-*."$kind"; do
    [ -e "$old" ] && [ "$old" != "$archive" ] && rm -f "$old"
  done
  if [ "$kind" = cds ]; then
    opts+=("-XX:SharedArchiveFile=$archive" -XX:+AutoCreateSharedArchive)
  elif [ -f "$archive" ]; then
    opts+=("-XX:AOTCache=$archive")
  else
    start_aot_training "$jdk" "$cp" "$main" "$root" "$archive"
  fi
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
    # ~130 MB each: the three newest archives stay (other option sets, other checkouts), older ones go.
    ls -t "${archive%/*}"/*.aot 2>/dev/null | tail -n +4 | while IFS= read -r old; do rm -f "$old" "$old.log"; done
  ) </dev/null >"$archive.log" 2>&1 &
  disown 2>/dev/null || true
}
