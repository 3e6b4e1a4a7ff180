# Sourced by every entry point (mvnw, Makefile recipes, .ci/run, scripts) so that all of them
# pick the same JDK: Helidon 4 needs Java 21+, while the machine's default java may be older.
# Order: $JAVA_HOME if it is 21+, then the java on PATH, then the newest JDK under /usr/lib/jvm.
# Exports JAVA_HOME and puts its bin first on PATH; returns 1 with one message when none is found.

_llmgw_java_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

_llmgw_find_jdk() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" \
      "$(command -v javac >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; do
    [ -n "$candidate" ] || continue
    major="$(_llmgw_java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$candidate"; return 0; fi
  done
  for candidate in /usr/lib/jvm/*; do
    major="$(_llmgw_java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -n "$best" ] && echo "$best"
}

if _llmgw_jdk="$(_llmgw_find_jdk)" && [ -n "$_llmgw_jdk" ]; then
  export JAVA_HOME="$_llmgw_jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
  unset _llmgw_jdk
else
  echo "error: no JDK 21 or newer found (checked \$JAVA_HOME, javac on PATH, /usr/lib/jvm/*)." >&2
  echo "       Install one (e.g. Temurin 21+) or set JAVA_HOME to it." >&2
  unset _llmgw_jdk
  return 1 2>/dev/null || exit 1
fi

# JVM flags that silence Netty's native-access and Unsafe warnings on newer JDKs, so that
# real warnings stay visible. The Unsafe flag exists from JDK 23 on.
LLMGW_JAVA_OPTS="--enable-native-access=ALL-UNNAMED"
if [ "$(_llmgw_java_major "$JAVA_HOME")" -ge 23 ] 2>/dev/null; then
  LLMGW_JAVA_OPTS="$LLMGW_JAVA_OPTS --sun-misc-unsafe-memory-access=allow"
fi
export LLMGW_JAVA_OPTS

# Memory settings of the two services (target: at most 256 MiB RSS each; measured in
# docs/benchmarks.md, "Memory of the two services"):
# - -Xmx96m -XX:+UseSerialGC: without them HotSpot takes a quarter of the machine's memory as
#   maximum heap and picks G1, whose own bookkeeping is ~40 MiB on a small heap.
# - -XX:TrimNativeHeapInterval (JDK 22+): once a second, hands back to the OS the native memory
#   glibc keeps after it was freed, mostly what the JIT compilers' arenas took while compiling:
#   under load the malloc peak was 55-60 MiB against 31-37 MiB in use, and the difference
#   stayed resident (about 20 MiB of each service's RSS).
LLMGW_SERVICE_JAVA_OPTS="-Xmx96m -XX:+UseSerialGC"
if [ "$(_llmgw_java_major "$JAVA_HOME")" -ge 22 ] 2>/dev/null; then
  LLMGW_SERVICE_JAVA_OPTS="$LLMGW_SERVICE_JAVA_OPTS -XX:TrimNativeHeapInterval=1000"
fi
export LLMGW_SERVICE_JAVA_OPTS
# MALLOC_ARENA_MAX caps glibc's per-thread malloc arenas, which otherwise add tens of MiB of RSS
# outside the JVM's own accounting.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
