#!/usr/bin/env bash
# Nearby latency while anonymous clients flood the log-in with large JSON bodies (issue 13, defect 5).
#
# Starts the server like run-http.sh (national network, -Xmx512m), measures GET
# /api/v1/stations/nearby with wrk once on a quiet server, then once more while FLOOD_CLIENTS curl
# threads each post a FLOOD_MIB MiB JSON body to /api/v1/auth/login, back to back, without
# "Expect: 100-continue" (an attacker does not wait for permission) and, like curl, stop sending
# once the server has answered. During the flood the heap is
# sampled every second with jstat. The log-in reads at most a few KB, so each flood request should
# be answered 413 from its Content-Length and cost the server next to nothing.
# Results: bench/results/http-body-flood-*.txt; the last lines printed compare the two runs.
#
# Environment (all optional), besides those of run-http.sh:
#   FLOOD_CLIENTS=16 FLOOD_MIB=16   concurrent flooders and the size of each body
#   WRK_DURATION=20s                length of each measured run
#   SERVER_JAR_OVERRIDE             a server jar to measure instead of this tree's (e.g. an older
#                                   build, for the figure before a fix); implies no build
set -euo pipefail
HTTP_TAG="${HTTP_TAG:-body-flood}"
WRK_DURATION="${WRK_DURATION:-20s}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$BENCH_DIR/lib-http.sh"

FLOOD_CLIENTS="${FLOOD_CLIENTS:-16}"
FLOOD_MIB="${FLOOD_MIB:-16}"
FLOOD_PID=""

# The flood runs as one JVM (bench/src/.../BodyFlood.java) sharing one in-memory body among its
# threads, so that the load generator itself takes little CPU from the 2-core machine.
start_flood() {
  local secs="${WRK_DURATION%s}"
  log "flood: $FLOOD_CLIENTS clients posting ${FLOOD_MIB} MiB log-ins"
  java -Xmx128m -cp "$BENCH_JAR" org.yizhan.bench.BodyFlood 127.0.0.1 "$HTTP_PORT" \
    /api/v1/auth/login "$FLOOD_CLIENTS" "$FLOOD_MIB" $((secs + 3)) >"$HTTP_OUT-flood.txt" 2>&1 &
  FLOOD_PID=$!
}

# Waits for the flood to finish its time (it stops by itself); kills it on an early exit.
stop_flood() {
  if [[ -n "$FLOOD_PID" ]]; then
    if [[ "${1:-}" == kill ]]; then
      kill "$FLOOD_PID" 2>/dev/null || true
    fi
    wait "$FLOOD_PID" 2>/dev/null || true
    FLOOD_PID=""
  fi
}

# Samples the server's used heap (MiB, survivors + eden + old, from jstat -gc) once a second.
sample_heap() {
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    jstat -gc "$SERVER_PID" 2>/dev/null | tail -1 | awk '{ printf "%.0f\n", ($3 + $4 + $6 + $8) / 1024 }'
    sleep 1
  done
}

teardown() {
  stop_flood kill
  [[ -n "${HEAP_PID:-}" ]] && kill "$HEAP_PID" 2>/dev/null
  http_teardown
}
trap teardown EXIT
trap 'exit 130' INT TERM

if [[ -n "${SERVER_JAR_OVERRIDE:-}" ]]; then
  cp "$SERVER_JAR_OVERRIDE" "$SERVER_JAR"
  SKIP_BUILD=1
fi
build_server
build_bench
: >"$HTTP_OUT-rounds.txt"
http_setup
sample_heap >"$HTTP_OUT-heap-quiet.txt" &
HEAP_PID=$!
http_round quiet
kill "$HEAP_PID" 2>/dev/null || true

start_flood
sample_heap >"$HTTP_OUT-heap.txt" &
HEAP_PID=$!
sleep 1
http_round flood
kill "$HEAP_PID" 2>/dev/null || true
HEAP_PID=""
stop_flood

flood_summary=$(grep '^FLOOD_RESULT' "$HTTP_OUT-flood.txt" | cut -d' ' -f2- || echo "flood printed nothing")
heap_quiet=$(sort -n "$HTTP_OUT-heap-quiet.txt" | tail -1)
heap_max=$(sort -n "$HTTP_OUT-heap.txt" | tail -1)
http_teardown
{
  cat "$HTTP_OUT-env.txt"
  echo "flood:       BodyFlood, $FLOOD_CLIENTS threads, ${FLOOD_MIB} MiB JSON each to POST /api/v1/auth/login, no Expect: 100-continue"
  echo
  cat "$HTTP_OUT-rounds.txt"
  for r in quiet flood; do
    l=$(grep "round=$r " "$HTTP_OUT-rounds.txt")
    echo "BODY_FLOOD round=$r p50_ms=$(kv "$l" p50_ms) p99_ms=$(kv "$l" p99_ms) rps=$(kv "$l" rps)"
  done
  echo "BODY_FLOOD $flood_summary heap_max_mib_quiet=$heap_quiet heap_max_mib_flood=$heap_max heap_after_gc_mib=$HTTP_HEAP_MIB"
} >"$HTTP_OUT-summary.txt"
tail -3 "$HTTP_OUT-summary.txt"
