#!/usr/bin/env bash
# Load on the web server's heaviest route (docs/web.md): starts the published `rigsmith serve` on a fresh SQLite
# database, warms it up, then has ApacheBench (Debian's apache2-utils) send REQUESTS checks of the reference rig,
# CONCURRENCY at a time, and prints ab's throughput and latency percentiles. ab keeps CONCURRENCY requests in flight
# (a closed loop): the throughput it reports is what the server sustains at those latencies.
#
#   bench/web-load.sh [PUBLISHED_DIR] [REQUESTS] [CONCURRENCY]
#
# PUBLISHED_DIR holds rigsmith and rigsmith-web (default artifacts/publish, as .ci/run publishes them).
set -euo pipefail
cd "$(dirname "$0")/.."
published=${1:-artifacts/publish}
requests=${2:-20000}
concurrency=${3:-2}
command -v ab >/dev/null || { echo "error: ab not found (apt-get install apache2-utils)" >&2; exit 2; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
data=$(mktemp -d)
"$published/rigsmith" serve --listen "127.0.0.1:$port" --data "$data" >/dev/null &
parent=$!
trap 'kill -TERM "$parent" 2>/dev/null || true; wait "$parent" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/api/parts?q=3090" >/dev/null 2>&1 && break
  sleep 0.1
done
rig=examples/4x3090-x299-dark.rig.yaml
url="http://127.0.0.1:$port/api/check"
# Warm-up: the server's code is JIT-compiled and tiered up on first use.
ab -q -n 2000 -c "$concurrency" -p "$rig" -T application/yaml "$url" >/dev/null
ab -n "$requests" -c "$concurrency" -p "$rig" -T application/yaml "$url" \
  | grep -E "^(Complete requests|Failed requests|Non-2xx responses|Requests per second|Time per request)|^ +(50|90|95|99|100)%"
