#!/usr/bin/env bash
# Every benchmark of the nearest-stations capability in one go (about 10 minutes):
#   1. HTTP (wrk) against the PostGIS baseline (pgbench) on the same query points, interleaved:
#      ROUNDS x (30 s wrk, 30 s pgbench geom-points), then one 20 s run of each other pgbench
#      script; the server and the database are both up (idle when not measured) all along, so
#      both sides see the same machine, and the noise of a shared machine hits both alike;
#   2. JMH: the index against brute-force scans (run-jmh.sh);
#   3. cold start and heap (run-startup.sh).
# Prints the medians, the ratios against the baselines and the targets; all of it is also in
# bench/results/summary.txt.
# Environment: what the run-*.sh scripts take, plus ROUNDS=3 and ONLY="http jmh startup".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$BENCH_DIR/lib-http.sh"
source "$BENCH_DIR/lib-postgis.sh"

ONLY="${ONLY:-http jmh startup}"
ROUNDS="${ROUNDS:-3}"
has() { [[ " $ONLY " == *" $1 "* ]]; }

cleanup() {
  set +e
  http_teardown
  pg_teardown
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_server
build_bench
export SKIP_BUILD=1
SUMMARY="$RESULTS_DIR/summary.txt"
{
  echo "# bench/run-all.sh"
  environment
  echo
} >"$SUMMARY"

if has http; then
  : >"$HTTP_OUT-rounds.txt"
  : >"$PG_OUT-rounds.txt"
  pg_setup
  http_setup
  for r in $(seq 1 "$ROUNDS"); do
    http_round "$r" >/dev/null
    pg_round geom-points "$r" >/dev/null
  done
  PGBENCH_DURATION=20 pg_round geom-uniform 1 >/dev/null
  PGBENCH_DURATION=20 pg_round geog-points 1 >/dev/null
  http_teardown
  pg_teardown
  {
    cat "$HTTP_OUT-env.txt" | sed -n '/^server/,$p'
    sed -n '/^postgres/,$p' "$PG_OUT-env.txt"
    cat "$HTTP_OUT-rounds.txt" "$PG_OUT-rounds.txt"
    # Ratio per round (each wrk round is followed by its pgbench round), then medians.
    paste -d' ' <(while read -r l; do kv "$l" rps; done <"$HTTP_OUT-rounds.txt") \
      <(grep 'script=geom-points ' "$PG_OUT-rounds.txt" | while read -r l; do kv "$l" tps; done) |
      awk '{ printf "RATIO round %d: http %d req/s / postgis geom-points %d tps = %.2f\n", NR, $1, $2, $1 / $2 }'
    rps=$(http_median rps)
    p99=$(http_median p99_ms)
    echo "HTTP_MEDIAN rps=$rps p50_ms=$(http_median p50_ms) p90_ms=$(http_median p90_ms) p99_ms=$p99 server_cpu_us_per_req=$(http_median server_cpu_us_per_req) response_bytes=$HTTP_PLAIN_BYTES response_gzip_bytes=$HTTP_GZIP_BYTES heap_after_gc_mib=$HTTP_HEAP_MIB (server options: ${SERVER_JAVA_OPTS:-default}; after the run)"
    for s in geom-points geom-uniform geog-points; do
      echo "PGBENCH_MEDIAN script=$s tps=$(pg_median "$s" tps) p50_ms=$(pg_median "$s" p50_ms) p90_ms=$(pg_median "$s" p90_ms) p99_ms=$(pg_median "$s" p99_ms)"
      awk -v r="$rps" -v t="$(pg_median "$s" tps)" -v s="$s" 'BEGIN { printf "RATIO median http req/s / postgis %s tps = %.2f\n", s, r / t }'
    done
    awk -v r="$rps" -v p="$p99" 'BEGIN { printf "TARGET http >= 25000 req/s: %s (%d); p99 < 10 ms: %s (%s ms)\n", (r >= 25000 ? "met" : "MISSED"), r, (p < 10 ? "met" : "MISSED"), p }'
    echo
  } >>"$SUMMARY"
fi

if has jmh; then
  jmh=$("$BENCH_DIR/run-jmh.sh" | grep '^JMH_RESULT')
  {
    echo "$jmh"
    awk -v i="$(kv "$jmh" index_us)" 'BEGIN { printf "TARGET index 10-nearest < 15 us: %s (%.2f us)\n", (i < 15 ? "met" : "MISSED"), i }'
    echo
  } >>"$SUMMARY"
fi

if has startup; then
  startup=$("$BENCH_DIR/run-startup.sh" | grep '^STARTUP_RESULT')
  {
    echo "$startup"
    awk -v a="$(kv "$startup" fresh_ms)" -v b="$(kv "$startup" demo_shanxi_ms)" -v c="$(kv "$startup" national_restart_ms)" -v h="$(kv "$startup" heap_national_mib)" 'BEGIN {
      printf "TARGET cold start < 15 s: fresh %s (%d ms), shanxi demo %s (%d ms), national restart %s (%d ms)\n", (a < 15000 ? "met" : "MISSED"), a, (b < 15000 ? "met" : "MISSED"), b, (c < 15000 ? "met" : "MISSED"), c
      printf "TARGET heap < 512 MiB with the national network: %s (%.1f MiB)\n", (h < 512 ? "met" : "MISSED"), h }'
  } >>"$SUMMARY"
fi
cat "$SUMMARY"
