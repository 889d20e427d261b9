#!/usr/bin/env bash
# Starts and stops moto (local AWS) on 127.0.0.1 for Shepherd's tests, with the CodeBuild timestamp
# correction of moto_server.py. State lives under target/moto/.
#
#   scripts/moto.sh start [PORT]   start (default port 5055, or $MOTO_PORT); prints SHEPHERD_AWS_ENDPOINT=...
#   scripts/moto.sh stop           stop the server started by "start"
#   scripts/moto.sh url            print the endpoint of the running server
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$here/../target/moto"
mkdir -p "$state"

case "${1:-}" in
  start)
    port="${2:-${MOTO_PORT:-5055}}"
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
      echo "moto already running (pid $(cat "$state/pid")) at $(cat "$state/url")"; exit 0
    fi
    python3 -c "import moto.server" 2>/dev/null || {
      echo "moto is not installed: pip install 'moto[server]==5.2.1'" >&2; exit 1; }
    python3 "$here/moto_server.py" --port "$port" >"$state/log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 100); do
      if curl -sf "http://127.0.0.1:$port/moto-api/" -o /dev/null; then
        echo "http://127.0.0.1:$port" >"$state/url"
        echo "SHEPHERD_AWS_ENDPOINT=http://127.0.0.1:$port"
        exit 0
      fi
      kill -0 "$(cat "$state/pid")" 2>/dev/null || { echo "moto exited:" >&2; cat "$state/log" >&2; exit 1; }
      sleep 0.2
    done
    echo "moto did not answer on port $port within 20s:" >&2; cat "$state/log" >&2
    kill "$(cat "$state/pid")" 2>/dev/null || true; exit 1
    ;;
  stop)
    if [ -f "$state/pid" ]; then
      pid="$(cat "$state/pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$state/pid" "$state/url"
    fi
    ;;
  url)
    cat "$state/url"
    ;;
  *)
    echo "usage: $0 start [PORT] | stop | url" >&2; exit 2
    ;;
esac
