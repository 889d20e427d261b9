#!/usr/bin/env bash
# Runs the benchmark against the real Temporal dev server (started and stopped here, as for the e2e
# tests) and prints its table; the table is also kept in target/benchmark/report.txt.
#   scripts/benchmark.sh            the full run (about 20 minutes)
#   scripts/benchmark.sh --quick    a small smoke run (about 2 minutes)
#   scripts/benchmark.sh --only overhead   one section only (overhead, scale or history)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/java-home.sh
JAVA_HOME=$(find_jdk)
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
echo "building..." >&2
./mvnw -q -B -DskipTests install >&2
./mvnw -q -B -pl benchmark dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
trap 'scripts/testenv.sh stop' EXIT
address=$(scripts/testenv.sh start | sed -n 's/^SHEPHERD_E2E_TEMPORAL=//p')
java --enable-native-access=ALL-UNNAMED -cp "benchmark/target/classes:$(cat benchmark/target/classpath.txt)" \
  dev.shepherd.bench.Benchmark --address "$address" --jar starter/target/shepherd.jar "$@"
