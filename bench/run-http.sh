#!/usr/bin/env bash
# HTTP benchmark of GET /api/v1/stations/nearby with the national network (186,100 stations).
#
# Starts the server from the fat jar (-Xmx512m) with a fresh data dir under bench/results/ (the
# national demo network is imported on start), waits for /health/ready, warms up with wrk
# (discarded), measures HTTP_ROUNDS wrk runs, reads the heap after a full GC, and stops the server
# with SIGTERM. For the same run with the PostGIS baseline interleaved, use run-all.sh.
# Results: bench/results/http-*.txt; the last lines printed are the per-round results.
#
# Environment (all optional):
#   SKIP_BUILD=1             reuse the jars built by an earlier run
#   YIZHAN_BENCH_PORT        HTTP port of the server under test (default: a free one)
#   SERVER_JAVA_OPTS         JVM options of the server (default: -Xmx512m and a GC log)
#   YIZHAN_HTTP_INSTANCES    passed through to the server (its default: one per core)
#   WRK_THREADS=2 WRK_CONNECTIONS=64 WRK_DURATION=30s WRK_WARMUP=10s WRK_LIMIT=10 HTTP_ROUNDS=1
#   HTTP_TAG                 suffix of the result files, for side-by-side experiments
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$BENCH_DIR/lib-http.sh"

trap http_teardown EXIT
trap 'exit 130' INT TERM

build_server
build_bench
: >"$HTTP_OUT-rounds.txt"
http_setup
for r in $(seq 1 "${HTTP_ROUNDS:-1}"); do
  http_round "$r"
done
http_teardown
rps=$(http_median rps)
p99=$(http_median p99_ms)
{
  cat "$HTTP_OUT-env.txt"
  echo
  cat "$HTTP_OUT-rounds.txt"
  echo "HTTP_MEDIAN rps=$rps p50_ms=$(http_median p50_ms) p90_ms=$(http_median p90_ms) p99_ms=$p99 ready_ms=$HTTP_READY_MS heap_after_gc_mib=$HTTP_HEAP_MIB"
  awk -v r="$rps" -v p="$p99" 'BEGIN { printf "TARGET >= 25000 req/s: %s (%d); p99 < 10 ms: %s (%s ms)\n", (r >= 25000 ? "met" : "MISSED"), r, (p < 10 ? "met" : "MISSED"), p }'
} >"$HTTP_OUT-summary.txt"
tail -2 "$HTTP_OUT-summary.txt"
