#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
# Exits 1, saying why, when there is none. Sourced by .ci/run and ./shepherd.
# The major version of the JDK at $1: from its release file (every JDK since 9 has one), which costs no JVM start,
# the ./shepherd launcher's share of a short command's time otherwise; else as the JDK itself reports it.
java_major() {
  local version=""
  if [ -f "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  fi
  echo "${version%%.*}"
}
find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*); install one (e.g. Temurin 21+) and set JAVA_HOME" >&2
  return 1
}
