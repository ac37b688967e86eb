#!/usr/bin/env bash
# What a durable commit costs the reading writer (issue 13): the same transaction, one batch of
# COMMIT_ROWS readings inserted into a table shaped like `reading` (same columns, same two
# indexes), run by pgbench on one connection with synchronous_commit=off and =on, alternated
# COMMIT_ROUNDS times for COMMIT_SECONDS each, so that the noise of a shared machine falls on both
# alike. fsync and full_page_writes stay on throughout, as the server runs them.
#
# Usage: bench/run-commit-cost.sh DATA_DIR, the data directory of a stopped embedded server (for
# instance bench/results/ingest-data after run-ingest.sh): its PostgreSQL is started from its own
# programs (DATA_DIR/pg-bin) on a free port, and stopped at the end.
# Environment (optional): COMMIT_ROWS="150 700" (batch sizes; the writer's averages at 2k-6k
# readings/s), COMMIT_ROUNDS=3, COMMIT_SECONDS=10.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DATA="$(cd "${1:?usage: $0 DATA_DIR}" && pwd)"
ROWS_LIST="${COMMIT_ROWS:-150 700}"
ROUNDS="${COMMIT_ROUNDS:-3}"
SECONDS_EACH="${COMMIT_SECONDS:-10}"
OUT="$RESULTS_DIR/commit-cost"

BIN=$(dirname "$(ls "$DATA"/pg-bin/PG-*/bin/postgres | head -1)")
AS=()
[[ $(id -u) == 0 ]] && AS=(unshare -U) # PostgreSQL refuses to run as root; zonky does the same
PORT=$(pick_port)
export PGPASSWORD
PGPASSWORD=$(cat "$DATA/db-password")
"${AS[@]}" "$BIN/pg_ctl" -D "$DATA/pg" -l "$OUT-postgres.log" -w \
  -o "-p $PORT -c fsync=on -c full_page_writes=on" start >/dev/null
trap '"${AS[@]}" "$BIN/pg_ctl" -D "$DATA/pg" -m fast -w stop >/dev/null' EXIT
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres)
"${PSQL[@]}" -c "drop table if exists reading_commit_cost" \
  -c "create table reading_commit_cost (like reading including all)"

{
  environment
  echo "postgres:    embedded PostgreSQL of $DATA, fsync=on, full_page_writes=on, port $PORT"
  echo "load:        pgbench -n -c 1 -T $SECONDS_EACH, one INSERT of N rows per transaction, N in: $ROWS_LIST; $ROUNDS rounds alternating off/on"
} >"$OUT-env.txt"

for rows in $ROWS_LIST; do
  cat >"$OUT-$rows.sql" <<SQL
INSERT INTO reading_commit_cost (time, station_id, device_id, seq, occupancy, temperature_c, humidity_pct, received_at)
SELECT now(), 'st-' || (g % 3000), 'dev-' || (g % 3000), (:client_id::bigint << 40) + txid_current() * $rows + g, g % 9, 21.5, 55, now()
FROM generate_series(1, $rows) g;
SQL
  for round in $(seq 1 "$ROUNDS"); do
    for mode in off on; do
      tps=$(PGOPTIONS="-c synchronous_commit=$mode" pgbench -n -c 1 -T "$SECONDS_EACH" \
        -h 127.0.0.1 -p "$PORT" -U postgres -f "$OUT-$rows.sql" postgres 2>/dev/null \
        | awk '/^tps/ { printf "%.1f", $3 }')
      echo "COMMIT_COST rows=$rows round=$round synchronous_commit=$mode tps=$tps readings_per_s=$(awk -v t="$tps" -v r="$rows" 'BEGIN { printf "%.0f", t * r }') ms_per_batch=$(awk -v t="$tps" 'BEGIN { printf "%.2f", 1000 / t }')"
    done
  done
  "${PSQL[@]}" -c "truncate reading_commit_cost"
done | tee "$OUT-summary.txt"
"${PSQL[@]}" -c "drop table reading_commit_cost"
