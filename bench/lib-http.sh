# The HTTP benchmark's steps, shared by run-http.sh and run-all.sh; sourced after lib.sh.
# shellcheck shell=bash

HTTP_PORT="$(pick_port)"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_DURATION="${WRK_DURATION:-30s}"
WRK_WARMUP="${WRK_WARMUP:-10s}"
export WRK_LIMIT="${WRK_LIMIT:-10}"
HTTP_OUT="$RESULTS_DIR/http${HTTP_TAG:+-$HTTP_TAG}"
HTTP_DATA_DIR="$HTTP_OUT-data"
HTTP_URL="http://127.0.0.1:$HTTP_PORT"

# Starts the server with the national network imported into a fresh data dir, records one sample
# response, and warms up with wrk (discarded). Sets HTTP_READY_MS, HTTP_PLAIN_BYTES, HTTP_GZIP_BYTES.
http_setup() {
  ensure_points
  export WRK_POINTS="$POINTS_FILE"
  SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx512m -Xlog:gc:file=$HTTP_OUT-gc.log:uptime,level}"
  {
    environment
    echo "server:      java $SERVER_JAVA_OPTS -jar yizhan-all.jar --demo=national (fresh data dir)"
    echo "             YIZHAN_HTTP_INSTANCES=${YIZHAN_HTTP_INSTANCES:-<default: one per core>}"
    echo "wrk:         $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency -s wrk-nearby.lua, after one warm-up run -d$WRK_WARMUP (discarded)"
    echo "query:       GET /api/v1/stations/nearby?lat=..&lon=..&limit=$WRK_LIMIT at a random line of $(basename "$POINTS_FILE")"
  } >"$HTTP_OUT-env.txt"
  cat "$HTTP_OUT-env.txt" >&2

  rm -rf "$HTTP_DATA_DIR"
  mkdir -p "$HTTP_DATA_DIR"
  log "starting the server (importing the national network into a fresh data dir)"
  start_server "$HTTP_PORT" "$HTTP_DATA_DIR" "$HTTP_OUT-server.log" --demo=national
  HTTP_READY_MS=$(wait_ready "$HTTP_PORT" 600 "$SERVER_PID" "$SERVER_START_MS")
  log "ready after ${HTTP_READY_MS} ms"

  # One response, to record its size (plain and gzip) and check it is a full answer.
  local sample="$HTTP_URL/api/v1/stations/nearby?lat=39.904&lon=116.407&limit=$WRK_LIMIT" returned
  curl -sf -o "$HTTP_OUT-sample.json" "$sample"
  HTTP_PLAIN_BYTES=$(wc -c <"$HTTP_OUT-sample.json")
  HTTP_GZIP_BYTES=$(curl -sf -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$sample")
  returned=$(grep -o '"numberReturned":[0-9]*' "$HTTP_OUT-sample.json" | cut -d: -f2)
  if [[ "$returned" != "$WRK_LIMIT" ]]; then
    log "sample response returned '$returned' stations, expected $WRK_LIMIT"
    return 1
  fi

  log "wrk warm-up ($WRK_WARMUP, discarded)"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_WARMUP" -s "$BENCH_DIR/wrk-nearby.lua" "$HTTP_URL" \
    >"$HTTP_OUT-wrk-warmup.txt" 2>&1
}

# One measured wrk run; prints an HTTP_RESULT line (also appended to $HTTP_OUT-rounds.txt).
http_round() {
  local round="$1" out="$HTTP_OUT-wrk-$1.txt" gc0 gc1 cpu0 cpu1 result n wrk_cpu m0 m1
  gc0=$(jstat -gc "$SERVER_PID" | tail -1)
  cpu0=$(cpu_ticks "$SERVER_PID")
  m0=$(machine_ticks)
  log "wrk round $round ($WRK_DURATION)"
  local TIMEFORMAT='WRK_CPU user_s=%U sys_s=%S'
  { time wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency \
    -s "$BENCH_DIR/wrk-nearby.lua" "$HTTP_URL" >"$out" 2>&1; } 2>"$out.cpu"
  cpu1=$(cpu_ticks "$SERVER_PID")
  m1=$(machine_ticks)
  gc1=$(jstat -gc "$SERVER_PID" | tail -1)
  result=$(grep '^WRK_RESULT' "$out" | cut -d' ' -f2-)
  if [[ -z "$result" ]]; then
    log "wrk printed no result; see $out"
    return 1
  fi
  n=$(kv "$result" requests)
  wrk_cpu=$(grep WRK_CPU "$out.cpu" | cut -d' ' -f2-)
  rm -f "$out.cpu"
  # jstat -gc columns end with: YGC YGCT FGC FGCT CGC CGCT GCT.
  local line
  line=$(awk -v r="$round" -v res="$result" -v c0="$cpu0" -v c1="$cpu1" -v t="$(getconf CLK_TCK)" -v n="$n" \
    -v wu="$(kv "$wrk_cpu" user_s)" -v ws="$(kv "$wrk_cpu" sys_s)" -v g0="$gc0" -v g1="$gc1" \
    -v pb="$HTTP_PLAIN_BYTES" -v gb="$HTTP_GZIP_BYTES" -v busy="$(busy_cores "$m0" "$m1")" 'BEGIN {
      k = split(g0, x, " "); split(g1, y, " ")
      split(res, f, " "); for (i in f) { split(f[i], kv, "="); if (kv[1] == "seconds") secs = kv[2] }
      server = (c1 - c0) / t / secs; wrk = (wu + ws) / secs
      printf "HTTP_RESULT round=%s %s response_bytes=%s response_gzip_bytes=%s server_cpu_us_per_req=%.1f wrk_cpu_us_per_req=%.1f cores_server=%.2f cores_wrk=%.2f cores_other=%.2f young_gcs=%d gc_pause_ms=%.0f concurrent_cycles=%d\n",
        r, res, pb, gb, (c1 - c0) / t * 1e6 / n, (wu + ws) * 1e6 / n, server, wrk, busy - server - wrk, y[k-6] - x[k-6], (y[k] - x[k]) * 1000, y[k-2] - x[k-2] }')
  echo "$line" | tee -a "$HTTP_OUT-rounds.txt"
}

# Reads the used heap after a full GC, then stops the server. Sets HTTP_HEAP_MIB.
http_teardown() {
  if [[ -n "${SERVER_PID:-}" ]]; then
    HTTP_HEAP_MIB=$(heap_used_after_gc_mib "$SERVER_PID")
    rm -f "$RESULTS_DIR/heap-info-$SERVER_PID.txt"
    stop_server
  fi
  rm -rf "$HTTP_DATA_DIR"
}

# http_median KEY: the median of KEY over the rounds in $HTTP_OUT-rounds.txt.
http_median() {
  while read -r l; do kv "$l" "$1"; done <"$HTTP_OUT-rounds.txt" | median
}
