# Shared helpers of the bench/run-*.sh scripts; sourced, not run.
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results}"
mkdir -p "$RESULTS_DIR"

# The server is run from a copy of the fat jar, so that a concurrent build of the root project
# cannot swap the jar under a running benchmark.
SERVER_JAR="$RESULTS_DIR/yizhan-all.jar"
BENCH_JAR="$BENCH_DIR/target/benchmarks.jar"
POINTS_FILE="$RESULTS_DIR/points.tsv"
NATIONAL_CSV="$RESULTS_DIR/national.csv"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Builds and installs the server (root project) unless SKIP_BUILD=1, then copies its fat jar.
build_server() {
  if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$SERVER_JAR" ]]; then
    log "building the server (mvn install in $ROOT_DIR)"
    (cd "$ROOT_DIR" && mvn -B -q install -DskipTests -DskipITs -Dspotless.check.skip=true)
    cp "$ROOT_DIR/target/yizhan-0.1.0-SNAPSHOT-all.jar" "$SERVER_JAR.tmp"
    mv "$SERVER_JAR.tmp" "$SERVER_JAR"
  fi
}

# Builds bench/target/benchmarks.jar (needs the server artifact installed) unless SKIP_BUILD=1.
build_bench() {
  if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$BENCH_JAR" ]]; then
    log "building the benchmarks (mvn package in $BENCH_DIR)"
    (cd "$BENCH_DIR" && mvn -B -q package)
  fi
}

# The 4096 query points shared by JMH, wrk and pgbench (same seed, same generator).
ensure_points() {
  if [[ ! -s "$POINTS_FILE" ]]; then
    java -cp "$BENCH_JAR" org.yizhan.bench.WritePoints "$POINTS_FILE" >&2
  fi
}

# The national demo network as CSV, written by the server's own `generate` command.
ensure_national_csv() {
  if [[ ! -s "$NATIONAL_CSV" ]]; then
    log "writing the national network CSV"
    YIZHAN_LOG_FORMAT=text java -jar "$SERVER_JAR" generate --network national --format csv \
      --out "$NATIONAL_CSV.tmp" >&2
    mv "$NATIONAL_CSV.tmp" "$NATIONAL_CSV"
  fi
}

# Prints a short description of the machine and the code being measured.
environment() {
  echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host:        $(uname -srm), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "load:        $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before this run)"
  echo "java:        $(java -version 2>&1 | head -2 | tail -1)"
  echo "commit:      $(git -C "$ROOT_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT_DIR" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (+ uncommitted changes in src/pom.xml)')"
}

# Sum of user+system CPU ticks of a process and its threads (not its children).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# System (kernel) CPU ticks of a process and its threads.
sys_ticks() { awk '{print $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Machine-wide kernel CPU ticks: system + irq + softirq (where loopback TCP is processed).
machine_kernel_ticks() { awk '/^cpu / { print $4 + $7 + $8 }' /proc/stat; }

# Machine-wide CPU ticks: "busy total" (all cores; /proc/stat).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# busy_cores "BUSY0 TOTAL0" "BUSY1 TOTAL1": how many cores were busy on average in between.
busy_cores() {
  awk -v a="$1" -v b="$2" -v n="$(nproc)" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f", (y[1] - x[1]) / (y[2] - x[2]) * n }'
}

# Milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A TCP port that nothing listens on, nor on the two above it + 3 and + 4 (the server's device
# listeners), picked at random in 20000-49999 so that a development server on a usual port, or
# another benchmark, is never measured by mistake; YIZHAN_BENCH_PORT forces one.
pick_port() {
  if [[ -n "${YIZHAN_BENCH_PORT:-}" ]]; then
    echo "$YIZHAN_BENCH_PORT"
    return 0
  fi
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 30000))
    if [[ -z "$(ss -ltnH "( sport = :$p or sport = :$((p + 3)) or sport = :$((p + 4)) )")" ]]; then
      echo "$p"
      return 0
    fi
  done
  log "no free port found"
  return 1
}

# Whether process $2 is the one listening on TCP port $1.
listens() { ss -ltnpH "sport = :$1" | grep -q "pid=$2,"; }

# Polls GET /health/ready until it answers 200; prints the time it took in ms. Fails after $2 s
# or as soon as process $3 dies.
wait_ready() {
  local port="$1" timeout_s="$2" pid="$3" start_ms="$4" code
  local deadline=$(($(now_ms) + timeout_s * 1000))
  while (($(now_ms) < deadline)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/health/ready" || true)
    if [[ "$code" == 200 ]]; then
      local t=$(($(now_ms) - start_ms))
      if ! listens "$port" "$pid"; then
        log "something other than the server ($pid) answers on port $port"
        return 1
      fi
      echo "$t"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "server process $pid exited before it was ready"
      return 1
    fi
    sleep 0.05
  done
  log "server not ready after ${timeout_s}s"
  return 1
}

# Fails when something already listens on the port (another server would be measured instead).
require_free_port() {
  if [[ -n "$(ss -ltnH "sport = :$1")" ]]; then
    log "port $1 is already in use; set YIZHAN_BENCH_PORT to another port, or leave it unset"
    return 1
  fi
}

# Starts the server in the background: start_server PORT DATA_DIR LOG_FILE [extra args...].
# JVM options come from $SERVER_JAVA_OPTS. Sets SERVER_PID and SERVER_START_MS.
start_server() {
  local port="$1" data_dir="$2" log_file="$3"
  shift 3
  require_free_port "$port"
  SERVER_START_MS=$(now_ms)
  # Device (MQTT) listeners next to the HTTP port, away from the defaults that a development
  # server on the same machine may hold; servers without MQTT ignore these.
  # shellcheck disable=SC2086
  YIZHAN_LOG_FORMAT=text YIZHAN_MQTT_PORT=$((port + 3)) YIZHAN_MQTT_TLS_PORT=$((port + 4)) \
    java ${SERVER_JAVA_OPTS:-} -jar "$SERVER_JAR" --port "$port" \
    --data-dir "$data_dir" "$@" >"$log_file" 2>&1 &
  SERVER_PID=$!
  SERVER_DATA_DIR="$data_dir"
  SERVER_LOG="$log_file"
}

# Stops the server started by start_server with SIGTERM (its shutdown hook closes HTTP and the
# embedded PostgreSQL); after 60 s it is killed, and so is an embedded postmaster left behind.
stop_server() {
  local pid="${SERVER_PID:-}"
  [[ -n "$pid" ]] || return 0
  # /health/ready answers before the server has logged "ready" and installed its shutdown hook;
  # a SIGTERM in that window exits without closing the embedded PostgreSQL. Wait for the line.
  for _ in $(seq 1 300); do
    grep -q 'started in' "${SERVER_LOG:-/dev/null}" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  sleep 0.2
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 600); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "server $pid did not stop within 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  local pm="${SERVER_DATA_DIR:-/nonexistent}/pg/postmaster.pid"
  if [[ -f "$pm" ]]; then
    local pg_pid
    pg_pid=$(head -1 "$pm")
    if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
      log "stopping the embedded PostgreSQL ($pg_pid) left behind"
      kill -INT "$pg_pid" 2>/dev/null || true
      sleep 2
    fi
  fi
  SERVER_PID=""
}

# Used heap after a full GC, in MiB, of a running JVM (jcmd GC.run, then GC.heap_info).
heap_used_after_gc_mib() {
  local pid="$1" out
  jcmd "$pid" GC.run >/dev/null
  out=$(jcmd "$pid" GC.heap_info)
  echo "$out" >"$RESULTS_DIR/heap-info-$pid.txt"
  # G1: " garbage-first heap   total 524288K, used 236512K [..."
  echo "$out" | awk '/heap/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); printf "%.1f\n", v / 1024; exit } }'
}

# Live heap of a running JVM in MiB: GC.class_histogram runs a full GC and sums what survives.
# Under load this is steadier than heap_used_after_gc_mib, whose second jcmd also counts what was
# allocated since the GC. The histogram is kept in $2 when given.
live_heap_mib() {
  local pid="$1" keep="${2:-/dev/null}"
  jcmd "$pid" GC.class_histogram | tee "$keep" | awk '/^Total/ { printf "%.1f\n", $3 / 1048576 }'
}

# Median of numbers given one per line on stdin.
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# kv LINE KEY: the value of KEY=value in a result line.
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2; exit }'; }

# Starts the throughput load in the background and sets SIM_PID: `yizhan simulate` with no
# faults, dropouts or outages, provisioning through the server at $2, publishing to the MQTT
# port $1; the rest comes from the caller's DEVICES, INTERVAL_S, DURATION_S, WARMUP_S, MEASURE_S,
# SIM_TRANSPORT, SIM_JAVA_OPTS, OUT and (optional, 5 s by default) SIM_REPORT_S.
start_simulator() {
  local mqtt_port="$1" url="$2" token="$3"
  # shellcheck disable=SC2086
  YIZHAN_LOG_FORMAT=text YIZHAN_NET_TRANSPORT="$SIM_TRANSPORT" java $SIM_JAVA_OPTS -jar "$SERVER_JAR" simulate \
    --mqtt "tcp://127.0.0.1:$mqtt_port" --http "$url" --admin-token "$token" \
    --credentials "$OUT-credentials.csv" --stations "$DEVICES" --interval-s "$INTERVAL_S" \
    --duration-s "$DURATION_S" --warmup-s "$WARMUP_S" --measure-s "$MEASURE_S" \
    --faulty-share 0 --dropout-share 0 --outages-per-hour 0 --connect-rate 2000 \
    --report-s "${SIM_REPORT_S:-5}" --summary "$OUT-sim.json" >"$OUT-sim.log" 2>&1 &
  SIM_PID=$!
}

# Waits (up to $2 s) until the simulator's log has the line $1; fails if the simulator exits first.
await_simulator() {
  local line="$1" limit="$2"
  for _ in $(seq 1 "$limit"); do
    grep -q "$line" "$OUT-sim.log" 2>/dev/null && return 0
    kill -0 "$SIM_PID" 2>/dev/null || { log "simulator exited early; see $OUT-sim.log"; exit 1; }
    sleep 1
  done
  log "the simulator never logged '$line'; see $OUT-sim.log"
  exit 1
}
