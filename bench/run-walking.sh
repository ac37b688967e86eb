#!/usr/bin/env bash
# Walking network (issue 17): what routing costs, on a SYNTHETIC city (no real OSM extract is on
# the benchmark machine): org.yizhan.bench.SyntheticCity writes a street grid of ~100 m blocks,
# 20 x 20 km around Taiyuan's demo stations, with a river and a railway crossed only at bridges
# and crossings, as OSM XML.
#
#  1. In process (org.yizhan.bench.WalkingCost): import time, graph memory per km² (heap after GC
#     and GraphHopper's own count), and the routing cost per nearby request: the same points asked
#     by straight line and through the walking network, alternating, one thread.
#  2. Over HTTP (org.yizhan.bench.NearbyLoad, open loop at WALK_RATE req/s): GET /nearby?limit=10
#     at points inside the city, against two servers with the Shanxi demo network, one started
#     with routing.osm.file and one without, phases interleaved (A/B) WALK_ROUNDS times.
#
# Results: bench/results/walking-*.txt; the last lines printed are the summary.
# Environment (all optional): WALK_SIZE_KM=20 WALK_SPACING_M=100 WALK_QUERIES=20000 WALK_RATE=1000
# WALK_LOAD_S=20 WALK_ROUNDS=3 WALK_WARMUP_S=10 WALK_CONNECTIONS=16 SKIP_BUILD=1 SKIP_HTTP=1 SKIP_INPROCESS=1
# SERVER_JAVA_OPTS (default -Xmx1g) LOAD_JAVA_OPTS
# Small proof run: WALK_SIZE_KM=3 WALK_QUERIES=2000 WALK_RATE=200 WALK_LOAD_S=5 WALK_ROUNDS=1 WALK_WARMUP_S=3
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE_KM="${WALK_SIZE_KM:-20}"
SPACING_M="${WALK_SPACING_M:-100}"
QUERIES="${WALK_QUERIES:-20000}"
RATE="${WALK_RATE:-1000}"
LOAD_S="${WALK_LOAD_S:-20}"
ROUNDS="${WALK_ROUNDS:-3}"
WARMUP_S="${WALK_WARMUP_S:-10}"
CONNECTIONS="${WALK_CONNECTIONS:-16}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx1g}"
LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
OUT="$RESULTS_DIR/walking-${SIZE_KM}km"
CITY="$OUT-city.osm"
CITY_POINTS="$OUT-points.tsv"
PORT_A="$(pick_port)"
PORT_B="$(pick_port)"
PID_A=""
PID_B=""

cleanup() {
  if [[ -n "$PID_A" ]]; then
    SERVER_PID="$PID_A" SERVER_LOG="$OUT-server-routed.log" SERVER_DATA_DIR="$OUT-data-routed" stop_server || true
  fi
  if [[ -n "$PID_B" ]]; then
    SERVER_PID="$PID_B" SERVER_LOG="$OUT-server-plain.log" SERVER_DATA_DIR="$OUT-data-plain" stop_server || true
  fi
  rm -rf "$OUT-data-routed" "$OUT-data-plain" "$OUT-graph"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_server
build_bench
mkdir -p "$RESULTS_DIR"
{
  environment
  echo "city:        SYNTHETIC street grid ${SIZE_KM} x ${SIZE_KM} km, ${SPACING_M} m blocks, around Taiyuan (SyntheticCity, seed 17)"
  echo "stations:    the Shanxi demo network (4,640; those inside the city matter)"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

log "writing the synthetic city"
java -cp "$BENCH_JAR" org.yizhan.bench.SyntheticCity "$CITY" size_km="$SIZE_KM" \
  spacing_m="$SPACING_M" points="$CITY_POINTS" | tee "$OUT-city.txt"

if [[ "${SKIP_INPROCESS:-0}" != 1 ]]; then
  log "in-process cost ($QUERIES queries)"
  rm -rf "$OUT-graph"
  YIZHAN_LOG_FORMAT=text java -Xmx2g -cp "$BENCH_JAR" org.yizhan.bench.WalkingCost "$CITY" "$OUT-graph" \
    queries="$QUERIES" >"$OUT-cost.log" 2>&1 || { log "WalkingCost failed; see $OUT-cost.log"; exit 1; }
  grep '^WALKING_' "$OUT-cost.log" | tee "$OUT-cost.txt"
else
  : >"$OUT-cost.txt"
fi

if [[ "${SKIP_HTTP:-0}" == 1 ]]; then
  exit 0
fi

rm -rf "$OUT-data-routed" "$OUT-data-plain"
mkdir -p "$OUT-data-routed" "$OUT-data-plain"
log "starting a server with routing.osm.file and one without (Shanxi demo network)"
YIZHAN_ROUTING_OSM_FILE="$CITY" start_server "$PORT_A" "$OUT-data-routed" "$OUT-server-routed.log" --demo=shanxi
PID_A=$SERVER_PID
wait_ready "$PORT_A" 600 "$PID_A" "$SERVER_START_MS" >/dev/null
start_server "$PORT_B" "$OUT-data-plain" "$OUT-server-plain.log" --demo=shanxi
PID_B=$SERVER_PID
wait_ready "$PORT_B" 600 "$PID_B" "$SERVER_START_MS" >/dev/null
log "waiting for the walking network's import"
read -r lat lon < <(head -1 "$CITY_POINTS")
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$PORT_A/api/v1/stations/nearby?lat=$lat&lon=$lon&limit=1" | grep -q '"walking_source":"network"'; then
    break
  fi
  sleep 1
done
grep 'walking network:' "$OUT-server-routed.log" | tail -1 >&2 || true

# load TAG PORT SECONDS: one NearbyLoad phase; prints its NEARBY_RESULT line.
load() {
  java $LOAD_JAVA_OPTS -cp "$BENCH_JAR" org.yizhan.bench.NearbyLoad "http://127.0.0.1:$2" "$3" \
    rate="$RATE" connections="$CONNECTIONS" points="$CITY_POINTS" tag="$1" warmup_s=2 \
    2>"$OUT-load-$1.err" | grep '^NEARBY_RESULT'
}
log "warm-up ($WARMUP_S s each, discarded)"
load warm-routed "$PORT_A" "$WARMUP_S" >/dev/null
load warm-plain "$PORT_B" "$WARMUP_S" >/dev/null
: >"$OUT-rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  load "routed-$r" "$PORT_A" "$LOAD_S" | tee -a "$OUT-rounds.txt"
  load "plain-$r" "$PORT_B" "$LOAD_S" | tee -a "$OUT-rounds.txt"
done
{
  cat "$OUT-env.txt"
  cat "$OUT-city.txt" "$OUT-cost.txt" "$OUT-rounds.txt"
} >"$OUT-summary.txt"
log "summary: $OUT-summary.txt"
