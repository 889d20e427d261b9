#!/usr/bin/env bash
# Runs the benchmark against the real Temporal dev server (started and stopped here, as for the e2e
# tests) and prints its table; the table is also kept in target/benchmark/report.txt.
#   scripts/benchmark.sh            the full run (about 20 minutes)
#   scripts/benchmark.sh --quick    a small smoke run (about 2 minutes)
#   scripts/benchmark.sh --cluster  also runs the scale section on scripts/cluster.sh's Temporal cluster (two
#                                   workers); e.g. --only scale --sizes 1000 --bake 300s --cluster
# Other options go to the benchmark: --only overhead|scale|history, --sizes 50,200,500, --bake 20s.
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
cluster=false
args=()
for arg in "$@"; do
  if [ "$arg" = --cluster ]; then cluster=true; else args+=("$arg"); fi
done
trap 'scripts/testenv.sh stop; [ "$cluster" = false ] || scripts/cluster.sh stop' EXIT
address=$(scripts/testenv.sh start | sed -n 's/^SHEPHERD_E2E_TEMPORAL=//p')
# The servers' processes, for their CPU (the benchmark adds their descendants: PostgreSQL's backends).
args+=(--server-pids "$(cat target/testenv/temporal.pid)")
if [ "$cluster" = true ]; then
  cluster_address=$(scripts/cluster.sh start | sed -n 's/^SHEPHERD_CLUSTER_TEMPORAL=//p')
  pids="$(head -1 target/cluster/pg/postmaster.pid)"
  for service in frontend history matching worker; do pids="$pids,$(cat "target/cluster/$service.pid")"; done
  args+=(--cluster "$cluster_address" --cluster-pids "$pids")
fi
java --enable-native-access=ALL-UNNAMED -cp "benchmark/target/classes:$(cat benchmark/target/classpath.txt)" \
  dev.shepherd.bench.Benchmark --address "$address" --jar starter/target/shepherd.jar "${args[@]}"
