#!/usr/bin/env bash
# Storage at scale (issue 19), on both stores, each against today's single raw table in the same
# run (org.yizhan.bench.StorageBench does the work; this script makes and drops the databases).
#
#  PLAIN:     a PostgreSQL without TimescaleDB preloaded (STORAGE_PLAIN_URL, default the cluster
#             made with `pg_createcluster 15 bench --port 5433`): `reading` partitioned by day,
#             rollup tables kept by the trigger and the fold.
#  TIMESCALE: a PostgreSQL with TimescaleDB preloaded (STORAGE_TS_URL, default 15/main on 5432):
#             hypertable, compression after 7 days, continuous aggregates.
# In a fresh database of each, the server's migrations and TimescaleSetup run, then STATIONS
# stations x DAYS days of readings, one every INTERVAL_S, go in by COPY day by day, with the
# store's upkeep after each day (fold; or aggregate refresh and compression of chunks older than
# 7 days, as the policies would), and the same rows into `reading_flat` (today's table and indexes).
# Measured: hourly history of a station over 30 days (p50/p95), the planner's hourly readings of all
# stations over the whole period (median), disk per row and per 1,000 stations per year, and
# dropping the oldest 30 days (at most 2/3 of the period) while a writer inserts (longest stall), each with its baseline.
#
# Environment: STORAGE_STATIONS=4640 STORAGE_DAYS=90 STORAGE_INTERVAL_S=300 STORAGE_STORES="PLAIN
# TIMESCALE" STORAGE_HISTORY_QUERIES=200 STORAGE_UTIL_RUNS=3 STORAGE_UTIL_BASELINE_RUNS=2
# STORAGE_DELETE_CAP_S=120 STORAGE_TAG, SKIP_BUILD=1, STORAGE_PLAIN_URL/USER/PASSWORD,
# STORAGE_TS_URL/USER/PASSWORD, STORAGE_KEEP_DB=1 (leave the databases).
# Results: bench/results/storage-*; the last lines printed are the summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATIONS="${STORAGE_STATIONS:-4640}"
DAYS="${STORAGE_DAYS:-90}"
INTERVAL_S="${STORAGE_INTERVAL_S:-300}"
STORES="${STORAGE_STORES:-PLAIN TIMESCALE}"
OUT="$RESULTS_DIR/storage${STORAGE_TAG:+-$STORAGE_TAG}"
PLAIN_URL="${STORAGE_PLAIN_URL:-jdbc:postgresql://127.0.0.1:5433}"
PLAIN_USER="${STORAGE_PLAIN_USER:-postgres}"
PLAIN_PASSWORD="${STORAGE_PLAIN_PASSWORD:-bench}"
TS_URL="${STORAGE_TS_URL:-jdbc:postgresql://127.0.0.1:5432}"
TS_USER="${STORAGE_TS_USER:-postgres}"
TS_PASSWORD="${STORAGE_TS_PASSWORD:-yizhan-ci}"
DB="yz_sbench_$$"

build_server
build_bench
environment | tee "$OUT-env.txt" >&2

psql_admin() { # URL USER PASSWORD SQL
  local hostport="${1#jdbc:postgresql://}"
  PGPASSWORD="$3" psql -X -q -v ON_ERROR_STOP=1 -h "${hostport%%:*}" -p "${hostport##*:}" -U "$2" -d postgres -c "$4"
}

CREATED=()
cleanup() {
  if [[ "${STORAGE_KEEP_DB:-0}" != 1 ]]; then
    for c in "${CREATED[@]}"; do
      IFS='|' read -r u us pw <<<"$c"
      psql_admin "$u" "$us" "$pw" "drop database if exists $DB" || true
    done
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

: >"$OUT-summary.txt"
for store in $STORES; do
  if [[ "$store" == PLAIN ]]; then u=$PLAIN_URL us=$PLAIN_USER pw=$PLAIN_PASSWORD; else u=$TS_URL us=$TS_USER pw=$TS_PASSWORD; fi
  psql_admin "$u" "$us" "$pw" "create database $DB"
  CREATED+=("$u|$us|$pw")
  log "$store: $STATIONS stations x $DAYS days every ${INTERVAL_S} s into database $DB at $u (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Xmx3g -Dstations="$STATIONS" -Ddays="$DAYS" -Dinterval.s="$INTERVAL_S" \
    -Dhistory.queries="${STORAGE_HISTORY_QUERIES:-200}" -Dutil.runs="${STORAGE_UTIL_RUNS:-3}" \
    -Dutil.baseline.runs="${STORAGE_UTIL_BASELINE_RUNS:-2}" -Ddelete.cap.s="${STORAGE_DELETE_CAP_S:-120}" \
    -cp "$BENCH_JAR" org.yizhan.bench.StorageBench "$u/$DB" "$us" "$pw" "$store" "$OUT-$store.txt" \
    2> >(tee "$OUT-$store.log" >&2) >/dev/null
  echo "LOAD_AVG store=$store after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT-$store.txt"
  cat "$OUT-$store.txt" >>"$OUT-summary.txt"
  if [[ "${STORAGE_KEEP_DB:-0}" != 1 ]]; then
    psql_admin "$u" "$us" "$pw" "drop database $DB"
  fi
done
cat "$OUT-summary.txt"
