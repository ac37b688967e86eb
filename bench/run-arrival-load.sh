#!/usr/bin/env bash
# Nearby with free seats on arrival (issue 17): "p99 under 10 ms at 5,000 req/s on the national
# network (baseline: nearby without them, same run)".
#
#  1. Server: java $SERVER_JAVA_OPTS (default -Xmx3g) -jar yizhan-all.jar --demo=national (186,100
#     stations) on a fresh data dir with the embedded PostgreSQL.
#  2. History: the stations the load touches (the 10 nearest of each of the first
#     ARRIVAL_LOAD_POINTS lines of points.tsv, asked of the server) get four weeks of hourly
#     rollups (rollup_1h, one row per station and hour, 1-5 people, written by generate_series
#     through psql); the server is then restarted so it builds its typical weeks from them.
#  3. Rounds (ARRIVAL_LOAD_ROUNDS, 3), interleaved: the server restarted on the same data dir with
#     YIZHAN_ARRIVAL_ENABLED=true ("on") then false ("off"); after each start, a discarded warm-up of
#     ARRIVAL_LOAD_WARMUP_S (15 s), then org.yizhan.bench.NearbyLoad: GET
#     /api/v1/stations/nearby?limit=10 at those points at a FIXED rate (ARRIVAL_LOAD_RATE, 5,000/s,
#     open loop) over 32 keep-alive connections for ARRIVAL_LOAD_S (20 s).
#  4. Per round: p50/p99/p999 from NearbyLoad, the share of answered features with a predicted
#     arrival (one answer per point, checked with curl) and the server's CPU. summary.txt gives the
#     medians per setting and the verdict (p99 with predictions under 10 ms).
#     STATUSES lines (statuses.txt) break the arrivals of those answers down by status.
# Results: bench/results/arrival-load-*: env.txt, rounds.txt, summary.txt, logs. The data dir is
# deleted at the end.
#
# Environment (all optional): ARRIVAL_LOAD_RATE=5000 ARRIVAL_LOAD_S=20 ARRIVAL_LOAD_ROUNDS=3
# ARRIVAL_LOAD_WARMUP_S=15 ARRIVAL_LOAD_POINTS=4096 ARRIVAL_LOAD_CONNECTIONS=32 SERVER_JAVA_OPTS,
# LOAD_JAVA_OPTS (default -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1), SKIP_BUILD=1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE="${ARRIVAL_LOAD_RATE:-5000}"
LOAD_S="${ARRIVAL_LOAD_S:-20}"
ROUNDS="${ARRIVAL_LOAD_ROUNDS:-3}"
WARMUP_S="${ARRIVAL_LOAD_WARMUP_S:-15}"
NPOINTS="${ARRIVAL_LOAD_POINTS:-4096}"
CONNECTIONS="${ARRIVAL_LOAD_CONNECTIONS:-32}"
OUT="$RESULTS_DIR/arrival-load"
DATA="$OUT-data"
PORT="$(pick_port)"
URL="http://127.0.0.1:$PORT"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx3g}"
LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
CLK_TCK=$(getconf CLK_TCK)
POINTS="$OUT-points.tsv"

trap 'stop_server; rm -rf "$DATA"' EXIT
trap 'exit 130' INT TERM

command -v psql >/dev/null || { log "psql missing: apt-get install -y postgresql-client"; exit 1; }
build_server
build_bench
ensure_points
head -n "$NPOINTS" "$POINTS_FILE" >"$POINTS"

{
  environment
  echo "server:      java $SERVER_JAVA_OPTS -jar yizhan-all.jar --demo=national, restarted per round with YIZHAN_ARRIVAL_ENABLED=true/false"
  echo "load:        java $LOAD_JAVA_OPTS NearbyLoad rate=$RATE/s connections=$CONNECTIONS, $LOAD_S s per round (+2 s ramp), $ROUNDS rounds on/off interleaved, warm-up ${WARMUP_S} s after each start"
  echo "query:       GET /api/v1/stations/nearby?lat=..&lon=..&limit=10 at a random line of the first $NPOINTS points of $(basename "$POINTS_FILE")"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

# start ENABLED: the server on the data dir, ready, and (on) its typical weeks built.
start() {
  YIZHAN_ARRIVAL_ENABLED="$1" start_server "$PORT" "$DATA" "$OUT-server-$1.log" --demo=national
  wait_ready "$PORT" 900 "$SERVER_PID" "$SERVER_START_MS" >/dev/null
  if [[ "$1" == true ]]; then
    for _ in $(seq 1 1200); do
      grep -q 'arrival: typical weeks of' "$SERVER_LOG" && break
      sleep 0.5
    done
    grep 'arrival: typical weeks of' "$SERVER_LOG" | tail -1 >&2
  fi
}

# kv_col ROWS KEY: the median of KEY=value over the lines of ROWS.
kv_col() {
  while read -r line; do kv "$line" "$2"; done <<<"$1" | median
}

psql_db() {
  PGPASSWORD="$(head -1 "$DATA/db-password")" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 \
    -p "$(sed -n 4p "$DATA/pg/postmaster.pid")" -U postgres -d postgres "$@"
}

rm -rf "$DATA"
mkdir -p "$DATA"
log "starting the server (importing the national network into a fresh data dir)"
start true
log "collecting the stations the load touches"
while IFS=$'\t' read -r lat lon; do
  curl -sf "$URL/api/v1/stations/nearby?lat=$lat&lon=$lon&limit=10" | jq -r '.features[].id'
done <"$POINTS" | sort -u >"$OUT-stations.txt"
log "$(wc -l <"$OUT-stations.txt") stations: writing four weeks of hourly rollups"
t0=$(now_ms)
psql_db <<SQL
CREATE TEMP TABLE touched (id text PRIMARY KEY);
\copy touched FROM '$OUT-stations.txt'
INSERT INTO rollup_1h (station_id, bucket, readings, occ_n, occ_sum, occ_max, temp_n, hum_n)
SELECT t.id, b, 12, 12, (12 * (1 + 4 * random()))::bigint, 5, 0, 0
FROM touched t,
     generate_series(date_trunc('hour', now()) - interval '28 days',
                     date_trunc('hour', now()) - interval '1 hour', interval '1 hour') b
ON CONFLICT DO NOTHING;
SQL
HISTORY_LINE="ARRIVAL_HISTORY stations=$(wc -l <"$OUT-stations.txt") station_hours=$(($(wc -l <"$OUT-stations.txt") * 672)) insert_ms=$(($(now_ms) - t0))"
echo "$HISTORY_LINE" | tee "$OUT-history.txt" >&2
stop_server

# predicted SHARE: the share of answered features with a predicted arrival, one answer per point.
predicted_share() {
  local n=0 p=0 line
  while IFS=$'\t' read -r lat lon; do
    line=$(curl -sf "$URL/api/v1/stations/nearby?lat=$lat&lon=$lon&limit=10" |
      jq -r '[.features[].properties.arrival.status] | "\(length) \(map(select(. == "predicted")) | length)"')
    n=$((n + ${line% *}))
    p=$((p + ${line#* }))
  done < <(head -n 200 "$POINTS")
  awk -v n="$n" -v p="$p" 'BEGIN { printf "%.3f", n ? p / n : 0 }'
}

# STATUSES: how the answered features' arrivals break down (predicted, closed_at_arrival,
# insufficient_history), over the same 200 answers.
statuses() {
  while IFS=$'\t' read -r lat lon; do
    curl -sf "$URL/api/v1/stations/nearby?lat=$lat&lon=$lon&limit=10" |
      jq -r '.features[].properties.arrival.status // "none"'
  done < <(head -n 200 "$POINTS") | sort | uniq -c | awk '{ printf "%s%s=%s", NR > 1 ? " " : "", $2, $1 }'
}

: >"$OUT-rounds.txt"
: >"$OUT-statuses.txt"
for r in $(seq 1 "$ROUNDS"); do
  for enabled in true false; do
    log "round $r, arrival.enabled=$enabled: starting"
    start "$enabled"
    java $LOAD_JAVA_OPTS -cp "$BENCH_JAR" org.yizhan.bench.NearbyLoad "$URL" "$WARMUP_S" \
      rate="$RATE" connections="$CONNECTIONS" points="$POINTS" tag=warmup >/dev/null 2>&1
    share=$(predicted_share)
    echo "STATUSES arrival=$enabled round=$r $(statuses)" | tee -a "$OUT-statuses.txt" >&2
    c0=$(cpu_ticks "$SERVER_PID")
    t0=$(now_ms)
    # shellcheck disable=SC2086
    res=$(java $LOAD_JAVA_OPTS -cp "$BENCH_JAR" org.yizhan.bench.NearbyLoad "$URL" "$LOAD_S" \
      rate="$RATE" connections="$CONNECTIONS" points="$POINTS" tag="$enabled$r" 2>"$OUT-load.err" |
      grep '^NEARBY_RESULT' | cut -d' ' -f2-)
    c1=$(cpu_ticks "$SERVER_PID")
    t1=$(now_ms)
    awk -v res="$res" -v e="$enabled" -v s="$share" -v c="$((c1 - c0))" -v t="$CLK_TCK" \
      -v w="$((t1 - t0))" 'BEGIN { printf "ROUND arrival=%s predicted_share=%s %s server_cores=%.2f\n", e, s, res, c / t / (w / 1000) }' |
      tee -a "$OUT-rounds.txt" >&2
    stop_server
  done
done

{
  echo "$HISTORY_LINE"
  for enabled in true false; do
    rows=$(grep "arrival=$enabled " "$OUT-rounds.txt")
    p50=$(kv_col "$rows" p50_ms)
    printf 'ARRIVAL_LOAD arrival=%s rate=%s rounds=%s median_p50_ms=%s median_p99_ms=%s median_p999_ms=%s median_rps=%s errors=%s\n' \
      "$enabled" "$RATE" "$ROUNDS" "$p50" "$(kv_col "$rows" p99_ms)" "$(kv_col "$rows" p999_ms)" \
      "$(kv_col "$rows" rps)" "$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^errors=/) { split($i, a, "="); s += a[2] } } END { print s + 0 }' <<<"$rows")"
  done
} >"$OUT-summary.txt"
on_p99=$(awk '/arrival=true/ { for (i = 1; i <= NF; i++) if ($i ~ /^median_p99_ms=/) { split($i, a, "="); print a[2] } }' "$OUT-summary.txt")
echo "ARRIVAL_LOAD_VERDICT p99_with_predictions_ms=$on_p99 target_ms=10 met=$(awk -v p="$on_p99" 'BEGIN { print (p < 10 ? "yes" : "no") }')" >>"$OUT-summary.txt"
cat "$OUT-summary.txt"
