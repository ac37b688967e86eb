#!/usr/bin/env bash
# Where does the time go? A profiler-free breakdown, about 5 minutes.
#
# Part 1, HTTP: short wrk runs against one national server, each reporting requests/s, p99 and the server's CPU
# time per request (from /proc/PID/stat), so that requests/s can be told apart from CPU cost:
#   live          GET /health/live: the HTTP stack alone (tiny JSON)
#   fixed10       nearby at one fixed point (Beijing), limit=10: HTTP + a cache-hot search
#   random1       nearby at the random points, limit=1 (~0.7 KB answer)
#   random10      nearby at the random points, limit=10 (the benchmark itself)
#   random10-gzip the same with Accept-Encoding: gzip
# then restarts the server on the same data dir with YIZHAN_HTTP_INSTANCES=1 and 4, and with
# -Xmx1g, and runs random10 again.
# Part 2, index: SearchCost counts the nodes, box bounds and distances of one search (replaying
# PointIndex's algorithm); GreatCircleBenchmark times one box bound and one haversine;
# NearbyBreakdownBenchmark times the station filter and the per-result open-state work;
# DeflateCost times gzip (deflate) of one nearby response at levels 6 and 1.
# Results: bench/results/diag-*.txt, summary in diag-summary.txt.
#
# Environment (all optional): SKIP_BUILD=1, YIZHAN_BENCH_PORT (default: a free port), DIAG_DURATION=12s,
#   WRK_THREADS=2 WRK_CONNECTIONS=64
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="$(pick_port)"
DURATION="${DIAG_DURATION:-10s}"
THREADS="${WRK_THREADS:-2}"
CONNECTIONS="${WRK_CONNECTIONS:-64}"
OUT="$RESULTS_DIR/diag"
DATA_DIR="$RESULTS_DIR/diag-data"
URL="http://127.0.0.1:$PORT"

trap stop_server EXIT
trap 'exit 130' INT TERM

build_server
build_bench
ensure_points
environment >"$OUT-env.txt"
cat "$OUT-env.txt" >&2
: >"$OUT-summary.txt"

# measure NAME [wrk args...]: one warm-up of 5 s, then one measured run.
measure() {
  local name="$1"
  shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$@" >/dev/null 2>&1 # warm-up
  local c0 c1 g0 g1 m0 m1
  g0=$(jstat -gc "$SERVER_PID" | tail -1)
  c0=$(cpu_ticks "$SERVER_PID")
  m0=$(machine_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$OUT-$name.txt" 2>&1
  c1=$(cpu_ticks "$SERVER_PID")
  m1=$(machine_ticks)
  g1=$(jstat -gc "$SERVER_PID" | tail -1)
  awk -v busy="$(busy_cores "$m0" "$m1")" -v name="$name" -v c0="$c0" -v c1="$c1" -v t="$(getconf CLK_TCK)" -v g0="$g0" -v g1="$g1" '
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { p99 = $2 }
    /^ +50%/ { p50 = $2 }
    END {
      k = split(g0, x, " "); split(g1, y, " ")
      printf "DIAG %-28s rps=%-8.0f p50=%-8s p99=%-8s server_cpu_us_per_req=%.1f server_cores=%.2f machine_cores=%.2f young_gcs=%d gc_ms=%.0f concurrent_cycles=%d\n",
        name, rps, p50, p99, (c1 - c0) / t * 1e6 / n, (c1 - c0) / t / (n / rps), busy, y[k-6] - x[k-6], (y[k] - x[k]) * 1000, y[k-2] - x[k-2]
    }' "$OUT-$name.txt" | tee -a "$OUT-summary.txt" >&2
}

# run_server TAG [INSTANCES]: (re)starts the server on the diag data dir, with
# YIZHAN_HTTP_INSTANCES=INSTANCES when given (else the server's default, one per core).
run_server() {
  local tag="$1" instances="${2:-}" ms
  if [[ -n "$instances" ]]; then
    export YIZHAN_HTTP_INSTANCES="$instances"
  else
    unset YIZHAN_HTTP_INSTANCES
  fi
  start_server "$PORT" "$DATA_DIR" "$OUT-server-$tag.log" --demo=national
  ms=$(wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS")
  log "server ($tag) ready after $ms ms"
}

export WRK_POINTS="$POINTS_FILE"
rm -rf "$DATA_DIR"
mkdir -p "$DATA_DIR"
SERVER_JAVA_OPTS="-Xmx512m"
export SERVER_JAVA_OPTS
run_server default
curl -sf -o "$OUT-sample.json" "$URL/api/v1/stations/nearby?lat=39.904&lon=116.407&limit=10"
measure "live (instances=default)" "$URL/health/live"
measure "fixed10" "$URL/api/v1/stations/nearby?lat=39.904&lon=116.407&limit=10"
WRK_LIMIT=1 measure "random1" -s "$BENCH_DIR/wrk-nearby.lua" "$URL"
WRK_LIMIT=10 measure "random10 (instances=default)" -s "$BENCH_DIR/wrk-nearby.lua" "$URL"
WRK_LIMIT=10 measure "random10-gzip" -H 'Accept-Encoding: gzip' -s "$BENCH_DIR/wrk-nearby.lua" "$URL"
stop_server

for n in 1 4; do
  run_server "instances$n" "$n"
  WRK_LIMIT=10 measure "random10 (instances=$n)" -s "$BENCH_DIR/wrk-nearby.lua" "$URL"
  stop_server
done

SERVER_JAVA_OPTS="-Xmx1g"
run_server xmx1g
WRK_LIMIT=10 measure "random10 (-Xmx1g)" -s "$BENCH_DIR/wrk-nearby.lua" "$URL"
stop_server
rm -rf "$DATA_DIR"

log "index: search cost counts"
java -cp "$BENCH_JAR" org.yizhan.bench.SearchCost | tee "$OUT-search-cost.txt" | sed 's/^/DIAG /' >>"$OUT-summary.txt"
java -cp "$BENCH_JAR" org.yizhan.bench.DeflateCost "$OUT-sample.json" | tee "$OUT-deflate.txt" | sed 's/^/DIAG /' >>"$OUT-summary.txt"
log "index: JMH diagnostics"
java -jar "$BENCH_JAR" 'GreatCircleBenchmark|NearbyBreakdownBenchmark' -rf csv -rff "$OUT-jmh.csv" >"$OUT-jmh.txt" 2>&1
sed -n '/^Benchmark /,$p' "$OUT-jmh.txt" | grep -E 'Units$|avgt' | sed 's/^/DIAG /' >>"$OUT-summary.txt"
cat "$OUT-summary.txt"
