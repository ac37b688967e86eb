#!/usr/bin/env bash
# Map clusters over the national network (issue 5): payload and server time of the overview.
#
#  1. Server with --demo=national (186,100 stations) on a fresh data dir, embedded defaults.
#  2. Payload: GET /api/v1/stations/clusters for China's box at zoom 3..8, plain and gzip-encoded
#     (the server compresses at level 1), against the baseline of sending the stations themselves:
#     GET /api/v1/stations for the same box, the first 10,000 features, gzip-encoded, scaled to all.
#  3. Time: wrk -t1 -c1 for 10 s per case after a 5 s warm-up, p50/p90/p99 with the HTTP round
#     trip on this machine: the national overview at zoom 5 and 6, a province (Shanxi, zoom 7) and a
#     city view (Taiyuan, zoom 12).
# Results: bench/results/clusters-*.txt; the last lines printed are the summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="$RESULTS_DIR/clusters"
DATA="$OUT-data"
trap stop_server EXIT
trap 'exit 130' INT TERM

build_server
environment >"$OUT-env.txt"
rm -rf "$DATA"
mkdir -p "$DATA"
PORT=$(pick_port)
URL="http://127.0.0.1:$PORT"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo=national
wait_ready "$PORT" 300 "$SERVER_PID" "$SERVER_START_MS" >/dev/null

CHINA="73,18,135,54"
: >"$OUT.txt"
for z in 3 4 5 6 7 8; do
  q="$URL/api/v1/stations/clusters?bbox=$CHINA&zoom=$z"
  raw=$(curl -s "$q" | wc -c)
  gz=$(curl -s -H 'Accept-Encoding: gzip' "$q" | wc -c)
  n=$(curl -s "$q" | grep -o '"count"' | wc -l)
  echo "PAYLOAD zoom=$z clusters=$n raw_bytes=$raw gzip_bytes=$gz" | tee -a "$OUT.txt"
done
first=$(curl -s -H 'Accept-Encoding: gzip' "$URL/api/v1/stations?bbox=$CHINA&limit=10000" | wc -c)
echo "BASELINE stations_as_geojson first_10000_gzip_bytes=$first all_186100_gzip_bytes_estimated=$((first * 186100 / 10000))" | tee -a "$OUT.txt"

run_case() {
  local name="$1" query="$2"
  wrk -t1 -c1 -d5s -H 'Accept-Encoding: gzip' "$URL$query" >/dev/null 2>&1 || true
  wrk -t1 -c1 -d10s --latency -H 'Accept-Encoding: gzip' "$URL$query" >"$OUT-$name.wrk" 2>&1
  local p50 p90 p99 rps
  p50=$(awk '$1 == "50%" { print $2 }' "$OUT-$name.wrk")
  p90=$(awk '$1 == "90%" { print $2 }' "$OUT-$name.wrk")
  p99=$(awk '$1 == "99%" { print $2 }' "$OUT-$name.wrk")
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT-$name.wrk")
  echo "TIME $name p50=$p50 p90=$p90 p99=$p99 rps=$rps" | tee -a "$OUT.txt"
}
run_case national-z5 "/api/v1/stations/clusters?bbox=$CHINA&zoom=5"
run_case national-z6 "/api/v1/stations/clusters?bbox=$CHINA&zoom=6"
run_case shanxi-z7 "/api/v1/stations/clusters?bbox=110.2,34.5,114.6,40.8&zoom=7"
run_case taiyuan-z12 "/api/v1/stations/clusters?bbox=112.4,37.75,112.7,37.95&zoom=12"
