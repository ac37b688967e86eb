#!/usr/bin/env bash
# What the Prometheus metrics cost ingest (issue 16: under 3 % of readings/s). One server build,
# run by bench/run-ingest.sh (same simulator, same settings) ROUNDS times with metrics on
# (YIZHAN_METRICS_ENABLED=true, the default) and ROUNDS times with them off, alternating (the
# order flips each round); while metrics are on, /metrics is scraped every 15 s as Prometheus
# would. Prints the median steady readings/s of each, their ratio, and the CPU per reading.
#
# Environment: ROUNDS=2, FIRST_ROUND=1 (above 1: add rounds to the runs already in runs.txt, e.g.
# after a round disturbed by other load), SKIP_BUILD=1, SCRAPE_S=15, and run-ingest.sh's variables (INGEST_DEVICES,
# INGEST_INTERVAL_S, INGEST_WARMUP_S, INGEST_MEASURE_S, ...), passed through.
# Results: bench/results/metrics-cost/{on,off}/ingest-rN-*, summary in
# bench/results/metrics-cost/summary.txt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${ROUNDS:-2}"
FIRST_ROUND="${FIRST_ROUND:-1}"
SCRAPE_S="${SCRAPE_S:-15}"
OUTDIR="$RESULTS_DIR/metrics-cost"
mkdir -p "$OUTDIR/on" "$OUTDIR/off"

SCRAPER_PID=""
trap '[[ -n "$SCRAPER_PID" ]] && kill "$SCRAPER_PID" 2>/dev/null || true' EXIT

build_server
build_bench
cp "$SERVER_JAR" "$OUTDIR/on/yizhan-all.jar"
cp "$SERVER_JAR" "$OUTDIR/off/yizhan-all.jar"
{
  environment
  echo "runs:        $ROUNDS rounds of bench/run-ingest.sh with metrics on and off, alternating; /metrics scraped every $SCRAPE_S s while on"
} | tee "$OUTDIR/env.txt" >&2

# Scrapes whichever server run-ingest.sh started (the newest ingest-rN-server.log names its port).
scrape_while_running() {
  local log="$1" port=""
  while [[ -z "$port" ]]; do
    sleep 1
    port=$(grep -m1 -oE 'ready: http://[^:]+:[0-9]+' "$log" 2>/dev/null | sed 's/.*://') || true
  done
  while sleep "$SCRAPE_S"; do
    curl -s -o /dev/null "http://127.0.0.1:$port/metrics" || true
  done
}

((FIRST_ROUND > 1)) || : >"$OUTDIR/runs.txt"
for round in $(seq "$FIRST_ROUND" "$ROUNDS"); do
  order="on off"
  ((round % 2 == 0)) && order="off on"
  for v in $order; do
    log "round $round: metrics $v"
    enabled=true
    [[ "$v" == off ]] && enabled=false
    rm -f "$OUTDIR/$v/ingest-r$round-server.log"
    if [[ "$v" == on ]]; then
      scrape_while_running "$OUTDIR/$v/ingest-r$round-server.log" &
      SCRAPER_PID=$!
    fi
    RESULTS_DIR="$OUTDIR/$v" SKIP_BUILD=1 INGEST_TAG="r$round" YIZHAN_METRICS_ENABLED=$enabled \
      "$BENCH_DIR/run-ingest.sh" >/dev/null 2>"$OUTDIR/$v/run-r$round.log" \
      || { log "run failed; see $OUTDIR/$v/run-r$round.log"; exit 1; }
    if [[ -n "$SCRAPER_PID" ]]; then
      kill "$SCRAPER_PID" 2>/dev/null || true
      wait "$SCRAPER_PID" 2>/dev/null || true
      SCRAPER_PID=""
    fi
    line=$(grep -m1 '^INGEST devices=' "$OUTDIR/$v/ingest-r$round-summary.txt")
    rate=$(kv "$line" steady_readings_per_s)
    cores=$(grep -m1 '^INGEST cores_server_jvm=' "$OUTDIR/$v/ingest-r$round-summary.txt")
    us=$(awk -v s="$(kv "$cores" cores_server_jvm)" -v p="$(kv "$cores" cores_postgresql)" -v r="$rate" 'BEGIN { printf "%.1f", (s + p) / r * 1e6 }')
    echo "$v round=$round steady_readings_per_s=$rate server_pg_cpu_us_per_reading=$us p99_ms=$(kv "$line" puback_p99_ms) load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" | tee -a "$OUTDIR/runs.txt" >&2
  done
done
ON=$(awk '$1 == "on" { split($3, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
OFF=$(awk '$1 == "off" { split($3, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
ON_US=$(awk '$1 == "on" { split($4, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
OFF_US=$(awk '$1 == "off" { split($4, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
{
  cat "$OUTDIR/runs.txt"
  echo "METRICS_COST median_readings_per_s on=$ON off=$OFF on_over_off=$(awk -v a="$ON" -v b="$OFF" 'BEGIN { printf "%.3f", a / b }') (target >= 0.97)"
  echo "METRICS_COST cpu_us_per_reading (server + PostgreSQL, median): on=$ON_US off=$OFF_US off_over_on=$(awk -v a="$OFF_US" -v b="$ON_US" 'BEGIN { printf "%.3f", a / b }')"
} | tee "$OUTDIR/summary.txt"
