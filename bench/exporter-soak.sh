#!/usr/bin/env bash
# The exporter's memory and CPU over many scrapes (docs/exporter.md): starts `rigsmith exporter` on the reference
# fixture captures (reading them anew every second, so every reading and the doctor run too), scrapes /metrics
# SCRAPES times one after the other on the loopback interface, and prints the exporter process's resident memory
# (VmRSS) and its CPU time (utime + stime) every REPORT scrapes. Flat means the RSS settles after the first few
# hundred scrapes and the CPU time grows by about the same amount per block.
#
#   bench/exporter-soak.sh [PUBLISHED_DIR] [SCRAPES] [REPORT]
#
# PUBLISHED_DIR holds rigsmith and rigsmith-exporter (default artifacts/publish, as .ci/run publishes them).
set -euo pipefail
cd "$(dirname "$0")/.."
published=${1:-artifacts/publish}
scrapes=${2:-1000}
report=${3:-100}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$published/rigsmith" exporter examples/4x3090-x299-dark.rig.yaml --from tests/Rigsmith.Tests/Doctor/Fixtures/reference-rig-differing \
  --listen "127.0.0.1:$port" --interval 1 >/dev/null &
parent=$!
trap 'kill -TERM "$parent" 2>/dev/null || true; wait "$parent" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/metrics" >/dev/null 2>&1 && break
  sleep 0.1
done
child=$(pgrep -P "$parent" -f rigsmith-exporter | head -1)
ticks=$(getconf CLK_TCK)
sample() {
  local rss cpu
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$child/status")
  cpu=$(awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$child/stat")
  printf "%6d scrapes  rss %7.1f MiB  cpu %7s s\n" "$1" "$(echo "$rss / 1024" | bc -l)" "$cpu"
}
sample 0
start=$(date +%s.%N)
for i in $(seq 1 "$scrapes"); do
  curl -sf "http://127.0.0.1:$port/metrics" >/dev/null
  (( i % report == 0 )) && sample "$i"
done
end=$(date +%s.%N)
printf "%d scrapes in %.1f s (%.2f ms per scrape, with curl's own start)\n" "$scrapes" "$(echo "$end - $start" | bc -l)" "$(echo "($end - $start) * 1000 / $scrapes" | bc -l)"
