#!/usr/bin/env bash
# Baseline: the same "10 nearest stations" question answered by PostGIS KNN (GiST index,
# ORDER BY <-> LIMIT 10) in the system PostgreSQL 15, driven by pgbench.
#
# Loads the national network CSV (written by the server's own `generate` command) and the query
# points into a scratch database, runs each pgbench script (see lib-postgis.sh) after a short
# discarded warm-up, then drops the database and stops the cluster if it was down before.
# For the same run interleaved with the HTTP benchmark, use run-all.sh.
# Results: bench/results/postgis-*.txt; the last lines printed are the results.
#
# Environment (all optional):
#   SKIP_BUILD=1   reuse the jars built by an earlier run
#   PGBENCH_CLIENTS=8 PGBENCH_THREADS=2 PGBENCH_DURATION=30 PGBENCH_WARMUP=5
#   PGBENCH_SCRIPTS="geom-points geom-uniform geog-points"  PG_CLUSTER="15 main"  KEEP_PG_DB=1
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$BENCH_DIR/lib-postgis.sh"

trap pg_teardown EXIT
trap 'exit 130' INT TERM

build_server
build_bench
: >"$PG_OUT-rounds.txt"
pg_setup
for script in ${PGBENCH_SCRIPTS:-geom-points geom-uniform geog-points}; do
  pg_round "$script" 1
done
pg_teardown
