#!/usr/bin/env bash
# Runs the cluster end-to-end tests (ClusterEndToEndTest, tagged "cluster"; `./mvnw verify` leaves them out):
# starts moto (scripts/testenv.sh) and the Temporal cluster on PostgreSQL (scripts/cluster.sh; the first run
# builds the server from its Go module, about 5 minutes), runs the tests, and stops both however they end.
# Needs Go and Debian's PostgreSQL 15 (apt-get install -y postgresql-15); about 5 minutes once built.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/java-home.sh
if ! JAVA_HOME=$(find_jdk); then
  echo "cluster-test.sh: needs a JDK 21 or newer" >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
trap 'scripts/cluster.sh stop; scripts/testenv.sh stop' EXIT
while IFS= read -r line; do
  case "$line" in SHEPHERD_*=*) export "$line" ;; esac
done < <(scripts/testenv.sh start; scripts/cluster.sh start)
echo "Temporal cluster at $SHEPHERD_CLUSTER_TEMPORAL, moto at $SHEPHERD_AWS_ENDPOINT"
./mvnw -B -ntp -Pcluster -pl starter -am verify -Dtest=ClusterEndToEndTest "$@"
