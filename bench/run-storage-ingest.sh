#!/usr/bin/env bash
# Ingest throughput with day partitions and incremental rollups against today's single table
# (issue 19: at least 0.9 of today's). Builds the baseline server from BASE_COMMIT (a git worktree
# under /tmp) and the current one, then runs bench/run-ingest.sh (same simulator, same settings)
# ROUNDS times on each, alternating base/current (the order flips each round), and prints the
# median steady readings/s of each and their ratio. Both run the embedded PostgreSQL (plain: the
# current server partitions `reading` by day and keeps the rollups; the baseline has one table).
#
# Environment: BASE_COMMIT=a72b745, ROUNDS=2, SKIP_BUILD=1, and run-ingest.sh's variables
# (INGEST_DEVICES, INGEST_INTERVAL_S, INGEST_WARMUP_S, INGEST_MEASURE_S, ...), passed through.
# Results: bench/results/storage-ingest/{base,current}/ingest-rN-*, summary in
# bench/results/storage-ingest/summary.txt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BASE_COMMIT="${BASE_COMMIT:-a72b745}"
ROUNDS="${ROUNDS:-2}"
OUTDIR="$RESULTS_DIR/storage-ingest"
BASE_TREE="/tmp/yizhan-base-$BASE_COMMIT"
mkdir -p "$OUTDIR/base" "$OUTDIR/current"

build_server
build_bench
cp "$SERVER_JAR" "$OUTDIR/current/yizhan-all.jar"
if [[ ! -f "$BASE_TREE/target/yizhan-0.1.0-SNAPSHOT-all.jar" ]]; then
  log "building the baseline server at $BASE_COMMIT in $BASE_TREE"
  git -C "$ROOT_DIR" worktree add --detach "$BASE_TREE" "$BASE_COMMIT" >&2
  (cd "$BASE_TREE" && mvn -B -q -o package -DskipTests -DskipITs -Dspotless.check.skip=true)
fi
cp "$BASE_TREE/target/yizhan-0.1.0-SNAPSHOT-all.jar" "$OUTDIR/base/yizhan-all.jar"
{
  environment
  echo "baseline:    $BASE_COMMIT ($(git -C "$ROOT_DIR" log -1 --format=%s "$BASE_COMMIT" | cut -c1-80))"
  echo "runs:        $ROUNDS rounds of bench/run-ingest.sh on each, alternating"
} | tee "$OUTDIR/env.txt" >&2

: >"$OUTDIR/runs.txt"
for round in $(seq 1 "$ROUNDS"); do
  order="base current"
  ((round % 2 == 0)) && order="current base"
  for v in $order; do
    log "round $round: $v"
    RESULTS_DIR="$OUTDIR/$v" SKIP_BUILD=1 INGEST_TAG="r$round" "$BENCH_DIR/run-ingest.sh" >/dev/null 2>"$OUTDIR/$v/run-r$round.log" \
      || { log "run failed; see $OUTDIR/$v/run-r$round.log"; exit 1; }
    line=$(grep -m1 '^INGEST devices=' "$OUTDIR/$v/ingest-r$round-summary.txt")
    rate=$(kv "$line" steady_readings_per_s)
    stored=$(grep -m1 '^INGEST published=' "$OUTDIR/$v/ingest-r$round-summary.txt")
    cores=$(grep -m1 '^INGEST cores_server_jvm=' "$OUTDIR/$v/ingest-r$round-summary.txt")
    # CPU of the server and PostgreSQL per stored reading: steadier than readings/s when other
    # processes take a varying share of the two cores.
    us=$(awk -v s="$(kv "$cores" cores_server_jvm)" -v p="$(kv "$cores" cores_postgresql)" -v r="$rate" 'BEGIN { printf "%.1f", (s + p) / r * 1e6 }')
    echo "$v round=$round steady_readings_per_s=$rate server_pg_cpu_us_per_reading=$us p99_ms=$(kv "$line" puback_p99_ms) $(kv "$stored" stored_rows | sed 's/^/stored_rows=/') load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" | tee -a "$OUTDIR/runs.txt" >&2
  done
done
BASE=$(awk '$1 == "base" { split($3, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
CUR=$(awk '$1 == "current" { split($3, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
BASE_US=$(awk '$1 == "base" { split($4, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
CUR_US=$(awk '$1 == "current" { split($4, a, "="); print a[2] }' "$OUTDIR/runs.txt" | median)
{
  cat "$OUTDIR/runs.txt"
  echo "STORAGE_INGEST base=$BASE_COMMIT median_readings_per_s=$BASE current=$(git -C "$ROOT_DIR" rev-parse --short HEAD) median_readings_per_s=$CUR ratio=$(awk -v a="$CUR" -v b="$BASE" 'BEGIN { printf "%.3f", a / b }') (target >= 0.9)"
  echo "STORAGE_INGEST cpu_us_per_reading (server + PostgreSQL, median): base=$BASE_US current=$CUR_US base_over_current=$(awk -v a="$BASE_US" -v b="$CUR_US" 'BEGIN { printf "%.3f", a / b }')"
} | tee "$OUTDIR/summary.txt"
