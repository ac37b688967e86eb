#!/usr/bin/env bash
# OGC API - Features (issue 16): items for a box of 1,000 stations with live values, and GDAL
# reading the whole national network through /ogc.
#
#  1. Server with --demo=national (186,100 stations) on a fresh data dir, embedded defaults.
#  2. Live values: every station in BOX (about 1,090 around Taiyuan) gets a device (interval 1 h,
#     so its value stays current for the whole run) and one reading (occupancy, temperature) by
#     mosquitto_pub, checked current through /ogc before measuring.
#  3. Latency: ROUNDS alternating rounds of wrk -t1 -c$WRK_CONNECTIONS for $WRK_DURATION (after one
#     discarded warm-up each) on the baseline GET /api/v1/stations?bbox=BOX&limit=1000 and on
#     GET /ogc/collections/stations/items?bbox=BOX&limit=1000, both gzip-encoded: 1,000 features
#     with live values each. p50/p95/p99 per round, medians and the OGC/baseline ratio.
#  4. GDAL: GDAL_RUNS times ogr2ogr -oo PAGE_SIZE=10000 -f GPKG of the whole stations collection
#     (186,100 features in 19 pages), wall time, and the row count in the GeoPackage.
# Results: bench/results/ogc-*.txt; the last lines printed are the summary.
#
# Environment (all optional): SKIP_BUILD=1, ROUNDS=3, WRK_CONNECTIONS=4, WRK_DURATION=10s,
# GDAL_RUNS=2, BOX=minLon,minLat,maxLon,maxLat
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${ROUNDS:-3}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-4}"
WRK_DURATION="${WRK_DURATION:-10s}"
GDAL_RUNS="${GDAL_RUNS:-2}"
BOX="${BOX:-112.33,37.63,112.77,38.07}"
OUT="$RESULTS_DIR/ogc"
DATA="$OUT-data"
trap stop_server EXIT
trap 'exit 130' INT TERM

for tool in wrk mosquitto_pub ogr2ogr sqlite3; do
  command -v "$tool" >/dev/null || { log "$tool is missing (apt-get install wrk mosquitto-clients gdal-bin sqlite3)"; exit 1; }
done
build_server
{
  environment
  echo "gdal:        $(ogr2ogr --version)"
  echo "wrk:         -t1 -c$WRK_CONNECTIONS -d$WRK_DURATION, gzip, $ROUNDS alternating rounds after a warm-up"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2
rm -rf "$DATA"
mkdir -p "$DATA"
PORT=$(pick_port)
URL="http://127.0.0.1:$PORT"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo=national
wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS" >/dev/null
TOKEN=$(cat "$DATA/admin-token")

# One device and one current reading for each station in the box.
seed_one() {
  local st="$1" d id secret ts
  d=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"station_id\":\"$st\",\"expected_interval_s\":3600}" "$URL/api/v1/devices")
  id=$(grep -o '"id":"[^"]*"' <<<"$d" | head -1 | cut -d'"' -f4)
  secret=$(grep -o '"secret":"[^"]*"' <<<"$d" | cut -d'"' -f4)
  ts=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  # The server limits how fast devices connect: try again after a pause when it refuses.
  for _ in 1 2 3 4 5 6 7 8; do
    mosquitto_pub -h 127.0.0.1 -p $((PORT + 3)) -V mqttv311 -q 1 -i "$id-c" -u "$id" -P "$secret" \
      -t "yz/v1/st/$st/dev/$id/telemetry" \
      -m "{\"seq\":1,\"ts\":\"$ts\",\"occupancy\":$((RANDOM % 2)),\"temperature_c\":31.5}" \
      2>/dev/null && return 0
    sleep 0.5
  done
  echo "no reading published for $st" >&2
}
export -f seed_one
export TOKEN URL PORT
curl -sf "$URL/api/v1/stations?bbox=$BOX&limit=10000" | grep -o '"type":"Feature","id":"[^"]*"' |
  cut -d'"' -f8 >"$OUT-stations.txt"
log "seeding live values for $(wc -l <"$OUT-stations.txt") stations in $BOX"
xargs -P 4 -I{} bash -c 'seed_one {}' <"$OUT-stations.txt"
OGC="$URL/ogc/collections/stations/items?bbox=$BOX&limit=1000"
BASE="$URL/api/v1/stations?bbox=$BOX&limit=1000"
for _ in $(seq 1 100); do
  current=$(curl -s "$OGC" | grep -o '"occupancy_state":"current"' | wc -l)
  [[ "$current" -ge 1000 ]] && break
  sleep 0.2
done
echo "LIVE box=$BOX stations=$(wc -l <"$OUT-stations.txt") ogc_features_with_current_occupancy=$current" | tee "$OUT.txt"

measure() {
  local name="$1" url="$2" round="$3" line
  wrk -t1 -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" -H 'Accept-Encoding: gzip' -s "$BENCH_DIR/wrk-p95.lua" \
    "$url" >"$OUT-$name-$round.wrk" 2>&1
  line=$(grep '^WRK_P95' "$OUT-$name-$round.wrk" | cut -d' ' -f2-)
  echo "ROUND $round $name $line" | tee -a "$OUT.txt"
}
wrk -t1 -c"$WRK_CONNECTIONS" -d5s -H 'Accept-Encoding: gzip' "$BASE" >/dev/null 2>&1
wrk -t1 -c"$WRK_CONNECTIONS" -d5s -H 'Accept-Encoding: gzip' "$OGC" >/dev/null 2>&1
for r in $(seq 1 "$ROUNDS"); do
  measure baseline "$BASE" "$r"
  measure ogc "$OGC" "$r"
done

for r in $(seq 1 "$GDAL_RUNS"); do
  rm -f "$OUT.gpkg" "$OUT.gpkg-"*
  t0=$(now_ms)
  ogr2ogr -oo PAGE_SIZE=10000 -f GPKG "$OUT.gpkg" "OAPIF:$URL/ogc" stations 2>"$OUT-gdal.log"
  t1=$(now_ms)
  rows=$(sqlite3 "$OUT.gpkg" 'SELECT COUNT(*) || " " || COUNT(DISTINCT id) FROM stations')
  echo "GDAL run=$r seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }') rows=${rows% *} distinct_ids=${rows#* }" | tee -a "$OUT.txt"
done
stop_server

med() { grep "^ROUND .* $1 " "$OUT.txt" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }' | median; }
{
  cat "$OUT-env.txt"
  echo
  cat "$OUT.txt"
  for n in baseline ogc; do
    echo "MEDIAN $n p50_ms=$(med "$n" p50_ms) p95_ms=$(med "$n" p95_ms) p99_ms=$(med "$n" p99_ms) rps=$(med "$n" rps) bytes=$(med "$n" bytes_per_response)"
  done
  awk -v o="$(med ogc p95_ms)" -v b="$(med baseline p95_ms)" \
    -v g="$(grep '^GDAL' "$OUT.txt" | tr ' ' '\n' | awk -F= '$1 == "seconds" { print $2 }' | median)" 'BEGIN {
      printf "TARGET ogc p95 < 30 ms: %s (%s ms; %.2fx the baseline %s ms); GDAL national < 60 s: %s (median %s s)\n",
        (o < 30 ? "met" : "MISSED"), o, o / b, b, (g < 60 ? "met" : "MISSED"), g }'
} >"$OUT-summary.txt"
tail -3 "$OUT-summary.txt"
