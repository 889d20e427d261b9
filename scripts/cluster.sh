#!/usr/bin/env bash
# A real Temporal cluster on 127.0.0.1, as production runs one: the Temporal server built from its Go module
# at a pinned version (binaries cached per version), PostgreSQL from Debian's packages with Temporal's schema
# applied by its own SQL tool, SQL advanced visibility, 4 history shards, and the frontend, history, matching
# and worker services as separate processes. Shepherd's four search attributes are registered. Keep the
# versions in step with docker-compose.yml (ClusterConfigTest checks that they agree).
#
#   scripts/cluster.sh start              build (first time), start PostgreSQL and the four services
#   scripts/cluster.sh stop               stop everything (the database stays, for a restart)
#   scripts/cluster.sh kill SERVICE       SIGKILL one service (frontend|history|matching|worker|postgres)
#   scripts/cluster.sh restart SERVICE    stop and start one service (or postgres)
#   scripts/cluster.sh env                print the variables the cluster e2e tests read
#
# Ports (override with the variables): CLUSTER_FRONTEND_PORT 7333 (gRPC; history 7334, matching 7335,
# worker 7339, membership ports +100), CLUSTER_PG_PORT 5544.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$here/../target/cluster"
mkdir -p "$state"
TEMPORAL_SERVER_VERSION=1.28.1
POSTGRES_MAJOR=15
NUM_HISTORY_SHARDS=4
cache="${SHEPHERD_CACHE:-$HOME/.cache/shepherd}/temporal-server/$TEMPORAL_SERVER_VERSION"
frontend_port="${CLUSTER_FRONTEND_PORT:-7333}"
pg_port="${CLUSTER_PG_PORT:-5544}"
SERVICES="history matching frontend worker"

port_of() {
  case "$1" in
    frontend) echo "$frontend_port" ;;
    history) echo $((frontend_port + 1)) ;;
    matching) echo $((frontend_port + 2)) ;;
    worker) echo $((frontend_port + 6)) ;;
  esac
}

# --- the server, built once per version -------------------------------------------------------------------

ensure_binaries() {
  if [ -x "$cache/bin/temporal-server" ] && [ -x "$cache/bin/temporal-sql-tool" ] && [ -d "$cache/schema" ]; then
    return 0
  fi
  command -v go >/dev/null || { echo "cluster.sh: the Go toolchain is needed to build the Temporal server" >&2; exit 1; }
  mkdir -p "$cache/bin"
  local gopath="$cache/gopath"
  echo "building Temporal server $TEMPORAL_SERVER_VERSION from its Go module (once; cached in $cache)" >&2
  GOPATH="$gopath" GOMODCACHE="$gopath/pkg/mod" GOBIN="$cache/bin" GOFLAGS=-mod=mod \
    go install "go.temporal.io/server/cmd/server@v$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION"
  mv "$cache/bin/server" "$cache/bin/temporal-server"
  mv "$cache/bin/sql" "$cache/bin/temporal-sql-tool"
  rm -rf "$cache/schema"
  cp -r "$gopath/pkg/mod/go.temporal.io/server@v$TEMPORAL_SERVER_VERSION/schema" "$cache/schema"
  chmod -R u+w "$gopath" "$cache/schema"
  rm -rf "$gopath"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------

pg_bin() {
  local dir="/usr/lib/postgresql/$POSTGRES_MAJOR/bin"
  [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  echo "cluster.sh: PostgreSQL $POSTGRES_MAJOR is not installed (apt-get install -y postgresql-$POSTGRES_MAJOR)" >&2
  exit 1
}

start_postgres() {
  local bin; bin="$(pg_bin)"
  if [ ! -f "$state/pg/PG_VERSION" ]; then
    mkdir -p "$state/pg"
    echo temporal >"$state/pgpass"
    as_pg "$bin/initdb" -D "$state/pg" -U temporal --pwfile="$state/pgpass" -A scram-sha-256 >"$state/initdb.log"
  fi
  if as_pg "$bin/pg_ctl" -D "$state/pg" status >/dev/null 2>&1; then
    return 0
  fi
  as_pg "$bin/pg_ctl" -D "$state/pg" -l "$state/postgres.log" -w -t 60 \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $state -c max_connections=200" start >/dev/null
}

stop_postgres() {
  local bin; bin="$(pg_bin)"
  [ -f "$state/pg/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$state/pg" -m fast -w stop >/dev/null 2>&1 || true
}

# Starts PostgreSQL again after a kill: its old backends must have noticed and left its shared memory first.
restart_postgres() {
  for _ in $(seq 1 20); do
    if start_postgres 2>>"$state/postgres-restart.log"; then
      return 0
    fi
    sleep 1
  done
  echo "cluster.sh: PostgreSQL did not start again within 20s:" >&2; tail -n 20 "$state/postgres.log" >&2; exit 1
}

kill_postgres() {
  [ -f "$state/pg/postmaster.pid" ] && kill -9 "$(head -1 "$state/pg/postmaster.pid")" 2>/dev/null || true
}

# PostgreSQL refuses to run as root: as root, run it as the nobody-like user that owns its directory.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    id shepherd-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin shepherd-pg
    chown -R shepherd-pg "$state/pg" "$state"/pgpass 2>/dev/null || true
    chmod 0700 "$state/pg" 2>/dev/null || true
    chown shepherd-pg "$state"
    runuser -u shepherd-pg -- "$@"
  else
    "$@"
  fi
}

sql_tool() {
  SQL_PASSWORD=temporal "$cache/bin/temporal-sql-tool" --plugin postgres12 --ep 127.0.0.1 -p "$pg_port" \
    -u temporal --pw temporal "$@"
}

setup_schema() {
  if [ -f "$state/schema.done" ]; then
    return 0
  fi
  if ! (
    set -e
    sql_tool --db temporal create-database
    sql_tool --db temporal setup-schema -v 0.0
    sql_tool --db temporal update-schema -d "$cache/schema/postgresql/v12/temporal/versioned"
    sql_tool --db temporal_visibility create-database
    sql_tool --db temporal_visibility setup-schema -v 0.0
    sql_tool --db temporal_visibility update-schema -d "$cache/schema/postgresql/v12/visibility/versioned"
  ) >>"$state/schema.log" 2>&1; then
    echo "cluster.sh: applying Temporal's schema failed:" >&2; tail -n 20 "$state/schema.log" >&2; exit 1
  fi
  touch "$state/schema.done"
}

# --- the four services ---------------------------------------------------------------------------------------

write_config() {
  mkdir -p "$state/config"
  cat >"$state/config/dynamicconfig.yaml" <<EOF
# Shepherd's cluster: nothing changed from Temporal's defaults but what a one-machine cluster needs.
frontend.enableUpdateWorkflowExecution:
  - value: true
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
EOF
  {
    cat <<EOF
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: $NUM_HISTORY_SHARDS
  datastores:
    default:
      sql: &sql
        pluginName: postgres12
        databaseName: temporal
        connectAddr: "127.0.0.1:$pg_port"
        connectProtocol: tcp
        user: temporal
        password: temporal
        maxConns: 20
        maxIdleConns: 20
        maxConnLifetime: 1h
    visibility:
      sql:
        <<: *sql
        databaseName: temporal_visibility
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
EOF
    for service in $SERVICES; do
      local p; p="$(port_of "$service")"
      cat <<EOF
  $service:
    rpc:
      grpcPort: $p
      membershipPort: $((p + 100))
      bindOnIP: 127.0.0.1
EOF
      [ "$service" = frontend ] && echo "      httpPort: $((p + 10))"
    done
    cat <<EOF
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:$frontend_port"
      httpAddress: "127.0.0.1:$((frontend_port + 10))"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "$state/config/dynamicconfig.yaml"
  pollInterval: 10s
EOF
  } >"$state/config/cluster.yaml"
}

start_service() {
  local service="$1"
  if [ -f "$state/$service.pid" ] && kill -0 "$(cat "$state/$service.pid")" 2>/dev/null; then
    return 0
  fi
  "$cache/bin/temporal-server" --root "$state" --config config --env cluster start --service "$service" \
    >>"$state/$service.log" 2>&1 &
  echo $! >"$state/$service.pid"
}

stop_service() {
  local service="$1" signal="${2:-TERM}"
  if [ -f "$state/$service.pid" ]; then
    local pid; pid="$(cat "$state/$service.pid")"
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/$service.pid"
  fi
}

# Starts a service and keeps starting it until it has stayed up for 5 seconds (a service that starts while
# PostgreSQL is down exits at once); at most 60 seconds.
keep_up() {
  local service="$1" up=0
  start_service "$service"
  for _ in $(seq 1 60); do
    sleep 1
    if kill -0 "$(cat "$state/$service.pid")" 2>/dev/null; then
      up=$((up + 1))
      [ "$up" -ge 5 ] && return 0
    else
      up=0
      rm -f "$state/$service.pid"
      start_service "$service"
    fi
  done
  echo "cluster.sh: temporal $service did not stay up:" >&2; tail -n 20 "$state/$service.log" >&2; exit 1
}

await_frontend() {
  for _ in $(seq 1 300); do
    if temporal operator cluster health --address "127.0.0.1:$frontend_port" >/dev/null 2>&1; then
      return 0
    fi
    for service in $SERVICES; do
      kill -0 "$(cat "$state/$service.pid")" 2>/dev/null \
        || { echo "temporal $service exited:" >&2; tail -n 30 "$state/$service.log" >&2; exit 1; }
    done
    sleep 0.2
  done
  echo "the cluster's frontend did not become healthy within 60s" >&2; exit 1
}

register() {
  if [ -f "$state/registered.done" ]; then
    return 0
  fi
  local address="127.0.0.1:$frontend_port"
  for _ in $(seq 1 150); do
    temporal operator namespace create --address "$address" --namespace default --retention 72h >/dev/null 2>&1 && break
    temporal operator namespace describe --address "$address" --namespace default >/dev/null 2>&1 && break
    sleep 0.2
  done
  for attribute in ReleaseApplication ReleaseVersion ReleasePhase ReleaseInitiator; do
    temporal operator search-attribute create --address "$address" --namespace default \
      --name "$attribute" --type Keyword >/dev/null
  done
  touch "$state/registered.done"
}

print_env() {
  echo "SHEPHERD_CLUSTER_TEMPORAL=127.0.0.1:$frontend_port"
}

case "${1:-}" in
  start)
    ensure_binaries
    start_postgres
    setup_schema
    write_config
    for service in $SERVICES; do start_service "$service"; done
    await_frontend
    register
    print_env
    ;;
  stop)
    for service in frontend worker matching history; do stop_service "$service"; done
    stop_postgres
    ;;
  kill)
    case "${2:-}" in
      postgres) kill_postgres ;;
      frontend|history|matching|worker) stop_service "$2" KILL ;;
      *) echo "usage: $0 kill frontend|history|matching|worker|postgres" >&2; exit 2 ;;
    esac
    ;;
  restart)
    case "${2:-}" in
      postgres) kill_postgres; restart_postgres ;;
      frontend|history|matching|worker) stop_service "$2"; keep_up "$2" ;;
      *) echo "usage: $0 restart frontend|history|matching|worker|postgres" >&2; exit 2 ;;
    esac
    ;;
  env)
    print_env
    ;;
  *)
    echo "usage: $0 start | stop | kill SERVICE | restart SERVICE | env" >&2; exit 2
    ;;
esac
