#!/usr/bin/env bash
# Cold start to ready, and heap with the national network loaded.
#
# Start time = from launching `java -jar` to the first 200 from GET /health/ready (polled every
# 50 ms), with the server's embedded defaults (embedded PostgreSQL, default JVM options):
#   a) fresh data dir, no demo network;
#   b) fresh data dir with --demo (Shanxi, 4,640 stations);
#   c) restart on a data dir that already holds the national network (186,100 stations).
# Each case runs STARTUP_RUNS times (default 3); the medians are reported. The national data dir
# for (c) is made by one fresh --demo=national start, timed too ("national import").
# Heap: the server is started once more on the national data dir with -Xmx512m; after ready a full
# GC is forced (jcmd GC.run) and the used heap read (jcmd GC.heap_info).
# Results: bench/results/startup-*.txt; the last line printed is the summary.
#
# Environment (all optional): SKIP_BUILD=1, STARTUP_RUNS=3, YIZHAN_BENCH_PORT (default: a free port)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${STARTUP_RUNS:-3}"
OUT="$RESULTS_DIR/startup"
DATA="$RESULTS_DIR/startup-data"

trap stop_server EXIT
trap 'exit 130' INT TERM

build_server
environment >"$OUT-env.txt"
echo "server:      java -jar yizhan-all.jar --data-dir DIR [--demo[=national]], default JVM options; heap run with -Xmx512m" >>"$OUT-env.txt"
cat "$OUT-env.txt" >&2
: >"$OUT-runs.txt"

# timed_start CASE RUN DATA_DIR [server args...]: one start to ready, then a clean stop.
timed_start() {
  local case_name="$1" run="$2" dir="$3"
  shift 3
  local logf="$OUT-$case_name-$run.log" ms internal
  PORT=$(pick_port)
  start_server "$PORT" "$dir" "$logf" "$@"
  ms=$(wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS")
  stop_server
  internal=$(grep -o 'started in [0-9]* ms' "$logf" | grep -o '[0-9]*' || echo '?')
  echo "$case_name run=$run ready_ms=$ms server_reported_ms=$internal" | tee -a "$OUT-runs.txt" >&2
}

SERVER_JAVA_OPTS=""
for i in $(seq 1 "$RUNS"); do
  rm -rf "$DATA/fresh"
  timed_start fresh "$i" "$DATA/fresh"
done
for i in $(seq 1 "$RUNS"); do
  rm -rf "$DATA/demo"
  timed_start demo-shanxi "$i" "$DATA/demo" --demo
done
rm -rf "$DATA/fresh" "$DATA/demo" "$DATA/national"
timed_start national-import 1 "$DATA/national" --demo=national
for i in $(seq 1 "$RUNS"); do
  timed_start national-restart "$i" "$DATA/national" --demo=national
done

log "heap: national network, -Xmx512m"
SERVER_JAVA_OPTS="-Xmx512m"
PORT=$(pick_port)
start_server "$PORT" "$DATA/national" "$OUT-heap.log" --demo=national
wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS" >/dev/null
curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/stations/nearby?lat=39.904&lon=116.407"
heap_mib=$(heap_used_after_gc_mib "$SERVER_PID")
{
  echo "jcmd GC.heap_info after jcmd GC.run:"
  cat "$RESULTS_DIR/heap-info-$SERVER_PID.txt"
  echo
  echo "jstat -gc:"
  jstat -gc "$SERVER_PID"
  echo
  echo "jcmd GC.class_histogram (top 20):"
  jcmd "$SERVER_PID" GC.class_histogram | sed -n '1,23p' 
} >"$OUT-heap.txt"
rm -f "$RESULTS_DIR/heap-info-$SERVER_PID.txt"
stop_server
rm -rf "$DATA"

med() { awk -v c="$1" '$1 == c { sub(/ready_ms=/, "", $3); print $3 }' "$OUT-runs.txt" | median; }
summary="STARTUP_RESULT fresh_ms=$(med fresh) demo_shanxi_ms=$(med demo-shanxi) national_restart_ms=$(med national-restart) national_import_ms=$(med national-import) heap_national_mib=$heap_mib runs=$RUNS"
{
  cat "$OUT-env.txt"
  echo
  cat "$OUT-runs.txt"
  echo
  echo "$summary"
} >"$OUT-summary.txt"
awk -v s="$summary" 'BEGIN {
  n = split(s, f, " "); for (i = 2; i <= n; i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
  printf "target cold start < 15 s: fresh %s, shanxi demo %s, national restart %s; target heap < 512 MiB: %s (%s MiB)\n",
    (v["fresh_ms"] < 15000 ? "met" : "MISSED"), (v["demo_shanxi_ms"] < 15000 ? "met" : "MISSED"),
    (v["national_restart_ms"] < 15000 ? "met" : "MISSED"), (v["heap_national_mib"] < 512 ? "met" : "MISSED"), v["heap_national_mib"] }' |
  tee -a "$OUT-summary.txt" >&2
echo "$summary"
