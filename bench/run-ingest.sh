#!/usr/bin/env bash
# Durable MQTT ingest under load (issue 3), with a raw PostgreSQL COPY of the same rows as the
# baseline, in the same script, on the same machine.
#
#  1. Server: java $SERVER_JAVA_OPTS (default -Xmx1g: the 10,000 devices must fit in 1 GiB of heap)
#     -jar yizhan-all.jar --demo=national on a fresh data dir: embedded PostgreSQL, the built-in
#     MQTT endpoint, ack-after-commit.
#  2. Load: `yizhan simulate` (the project's own simulator, real MQTT, real credentials provisioned
#     through the admin API) with INGEST_DEVICES devices, each publishing one reading every
#     INGEST_INTERVAL_S at QoS 1 (10,000 every 1/3 s = 30,000 readings/s: the national network of
#     186,100 stations reporting every 6 s). No faults, dropouts or outages: this is the throughput
#     case. The first INGEST_WARMUP_S (connecting, JIT) are left out; the steady rate and the
#     publish-to-PUBACK latencies cover the next INGEST_MEASURE_S.
#  3. Visibility, during the steady span: org.yizhan.bench.VisibilityProbe publishes
#     PROBE_RATE readings/s on a station of its own and measures PUBACK -> SSE event and
#     PUBACK -> first GET /api/v1/stations/{id} showing the reading.
#  4. Heap with every device still connected, after the steady span: the live objects after a
#     full GC (jcmd GC.class_histogram), and the heap size, which -Xmx1g caps.
#  5. The device table (issue 4): wrk on one page of GET /api/v1/devices at a time, 10,000 devices
#     provisioned, after the load.
#  6. Baseline: the rows the server stored are exported, then COPYed (psql \copy, the protocol the
#     server's writer uses) into a new table with the same columns and indexes as `reading`, in the
#     same embedded PostgreSQL, and timed.
# Results: bench/results/ingest-*; the last line printed is the summary.
#
# Environment (all optional): SKIP_BUILD=1, INGEST_DEVICES=10000, INGEST_INTERVAL_S=0.3333,
# INGEST_WARMUP_S=45, INGEST_MEASURE_S=60, PROBE_RATE=20, SERVER_JAVA_OPTS, SIM_JAVA_OPTS,
# INGEST_TAG (suffix of the result files, to keep several runs), YIZHAN_NET_TRANSPORT (the
# server's network I/O: epoll or io_uring), SIM_NET_TRANSPORT (the simulator's, io_uring by
# default), PG_SETTINGS ("name=value ..." for the embedded PostgreSQL, applied with ALTER SYSTEM
# once the server is ready).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEVICES="${INGEST_DEVICES:-10000}"
INTERVAL_S="${INGEST_INTERVAL_S:-0.3333}"
WARMUP_S="${INGEST_WARMUP_S:-45}"
MEASURE_S="${INGEST_MEASURE_S:-60}"
PROBE_RATE="${PROBE_RATE:-20}"
OUT="$RESULTS_DIR/ingest${INGEST_TAG:+-$INGEST_TAG}"
DATA="$OUT-data"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx1g -Xlog:gc:file=$OUT-gc.log:uptime,level}"
SIM_JAVA_OPTS="${SIM_JAVA_OPTS:--Xmx2g}"
SERVER_TRANSPORT="${YIZHAN_NET_TRANSPORT:-epoll}"
# The load generator on io_uring: in session 6 it cost the machine less kernel time than on epoll
# (a simulator kernel share of 32 % against 41 %) and left more of the two cores to the server.
SIM_TRANSPORT="${SIM_NET_TRANSPORT:-io_uring}"
# The load keeps going 25 s past the steady span: the heap is read in that time, devices connected.
DURATION_S=$(awk -v w="$WARMUP_S" -v m="$MEASURE_S" 'BEGIN { print w + m + 25 }')

SIM_PID=""
PROBE_PID=""
cleanup() {
  [[ -n "$PROBE_PID" ]] && kill "$PROBE_PID" 2>/dev/null || true
  [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null || true
  stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_server
build_bench
{
  environment
  echo "server:      java $SERVER_JAVA_OPTS -jar yizhan-all.jar --demo=national (fresh data dir, embedded PostgreSQL, built-in MQTT endpoint)"
  echo "load:        yizhan simulate, $DEVICES devices, one QoS 1 reading each every ${INTERVAL_S} s, window 8, no faults; java $SIM_JAVA_OPTS"
  echo "             ${WARMUP_S} s warm-up, ${MEASURE_S} s measured, $DURATION_S s in all"
  echo "transport:   server $SERVER_TRANSPORT (YIZHAN_NET_TRANSPORT), simulator $SIM_TRANSPORT (SIM_NET_TRANSPORT); PostgreSQL settings: ${PG_SETTINGS:-defaults}"
  echo "probe:       VisibilityProbe, $PROBE_RATE readings/s on its own station during the measured span"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

rm -rf "$DATA"
mkdir -p "$DATA"
PORT=$(pick_port)
MQTT_PORT=$((PORT + 3)) # start_server puts the MQTT listener there
URL="http://127.0.0.1:$PORT"
log "starting the server (importing the national network into a fresh data dir)"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo=national
READY_MS=$(wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS")
log "ready after ${READY_MS} ms"
TOKEN=$(cat "$DATA/admin-token")
# The embedded PostgreSQL asks every connection for the password the server generated.
PGPASSWORD=$(cat "$DATA/db-password")
export PGPASSWORD
if [[ -n "${PG_SETTINGS:-}" ]]; then
  # Experiments on the embedded PostgreSQL: "name=value ..." applied with ALTER SYSTEM and a reload.
  for kv in $PG_SETTINGS; do
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(sed -n 4p "$DATA/pg/postmaster.pid")" -U postgres -d postgres \
      -c "alter system set ${kv%%=*} = '${kv#*=}'" -c "select pg_reload_conf()" >/dev/null
  done
  log "PostgreSQL settings: $PG_SETTINGS"
fi

log "simulator: provisioning $DEVICES devices, then $DURATION_S s of load"
start_simulator "$MQTT_PORT" "$URL" "$TOKEN"
# The simulator's clock starts once provisioning is done: wait for its first report line.
await_simulator 'online,' 600
log "load running; waiting for the warm-up to end"
await_simulator 'warm-up over' 600

# The embedded PostgreSQL: its postmaster (with the CPU of exited children, such as autovacuum
# workers) plus the backends alive now.
pg_ticks() {
  local master
  master=$(head -1 "$DATA/pg/postmaster.pid")
  {
    awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat"
    for c in $(pgrep -P "$master"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk '{ s += $1 } END { print s + 0 }'
}
cpu0=$(cpu_ticks "$SERVER_PID")
sim0=$(cpu_ticks "$SIM_PID")
ssys0=$(sys_ticks "$SERVER_PID")
simsys0=$(sys_ticks "$SIM_PID")
k0=$(machine_kernel_ticks)
pg0=$(pg_ticks)
m0=$(machine_ticks)
t0=$(now_ms)
log "visibility probe ($PROBE_RATE/s) during the measured span"
PROBE_S=$(awk -v m="$MEASURE_S" 'BEGIN { print (m > 10 ? m - 10 : m) }')
# A probe that gives up keeps its JVM (Vert.x threads): bounded, so the run goes on.
timeout "$((${PROBE_S%.*} + 90))" java -cp "$BENCH_JAR" org.yizhan.bench.VisibilityProbe "$URL" 127.0.0.1 "$MQTT_PORT" "$TOKEN" auto \
  "$PROBE_RATE" "$PROBE_S" "$OUT-visibility.txt" >"$OUT-probe.log" 2>&1 &
PROBE_PID=$!

until grep -q 'steady measurement over' "$OUT-sim.log"; do
  kill -0 "$SIM_PID" 2>/dev/null || { log "simulator exited early; see $OUT-sim.log"; exit 1; }
  sleep 0.5
done
cpu1=$(cpu_ticks "$SERVER_PID")
sim1=$(cpu_ticks "$SIM_PID")
ssys1=$(sys_ticks "$SERVER_PID")
simsys1=$(sys_ticks "$SIM_PID")
k1=$(machine_kernel_ticks)
pg1=$(pg_ticks)
m1=$(machine_ticks)
t1=$(now_ms)
ONLINE=$(grep 'online,' "$OUT-sim.log" | tail -1 | sed -E 's/.*sim: ([0-9]+)\/([0-9]+) online.*/\1/')
log "steady span over ($ONLINE devices online); heap after a full GC, devices still connected"
# GC.class_histogram runs a full GC and counts what survives: the live heap. (GC.heap_info just
# after a full GC also counts what the 30k readings/s have allocated since, hundreds of MiB.)
jcmd "$SERVER_PID" GC.class_histogram >"$OUT-histogram.txt"
HEAP_MIB=$(awk '/^Total/ { printf "%.1f\n", $3 / 1048576 }' "$OUT-histogram.txt")
HEAP_COMMITTED_MIB=$(jcmd "$SERVER_PID" GC.heap_info | awk '/heap/ && /total/ { for (i = 1; i <= NF; i++) if ($i == "total") { v = $(i + 1); sub(/K.*/, "", v); printf "%.0f\n", v / 1024; exit } }')
log "live heap after a full GC: ${HEAP_MIB} MiB (heap size ${HEAP_COMMITTED_MIB} MiB)"

wait "$PROBE_PID" || log "probe failed; see $OUT-probe.log"
PROBE_PID=""
wait "$SIM_PID" || { log "simulator failed; see $OUT-sim.log"; exit 1; }
SIM_PID=""

# --- Baseline: raw COPY of the same rows into a table shaped like `reading`. ---
PG_PORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres)
# What PostgreSQL did in the background during the run: checkpoints and autovacuum of `reading`,
# both able to stall the writer's commits.
PG_ACTIVITY=$("${PSQL[@]}" -At -F ' ' -c "select 'checkpoints_timed=' || checkpoints_timed, 'checkpoints_requested=' || checkpoints_req, 'checkpoint_write_ms=' || round(checkpoint_write_time) from pg_stat_bgwriter" -c "select 'reading_autovacuums=' || autovacuum_count, 'reading_autoanalyzes=' || autoanalyze_count, 'last_autovacuum=' || coalesce(to_char(last_autovacuum, 'HH24:MI:SS'), '-'), 'last_autoanalyze=' || coalesce(to_char(last_autoanalyze, 'HH24:MI:SS'), '-') from pg_stat_user_tables where relname = 'reading'" -c "select 'wal_bytes=' || wal_bytes, 'wal_fpi=' || wal_fpi, 'wal_records=' || wal_records from pg_stat_wal" | tr '\n' ' ')
ROWS=$("${PSQL[@]}" -At -c "select count(*) from reading")
log "exporting the $ROWS stored rows, then COPYing them into an empty copy of the table"
# A SELECT: `reading` may be a partitioned table (issue 19), which COPY TO cannot read directly.
"${PSQL[@]}" -c "\\copy (select * from reading) to '$OUT-rows.copy'"
"${PSQL[@]}" -c "drop table if exists reading_copy_baseline; create table reading_copy_baseline (like reading including all)"
c0=$(now_ms)
"${PSQL[@]}" -c "\\copy reading_copy_baseline from '$OUT-rows.copy'"
c1=$(now_ms)
"${PSQL[@]}" -c "drop table reading_copy_baseline"
rm -f "$OUT-rows.copy"
COPY_MS=$((c1 - c0))

# --- The device table over HTTP, 10,000 devices provisioned (issue 4: p95 under 50 ms) ---
TABLE=$(WRK_TOKEN="$TOKEN" WRK_PATH="/api/v1/devices?sort=last_seen&limit=100" \
  WRK_PAGES=$((DEVICES / 100)) wrk -t1 -c1 -d10s --latency -s "$BENCH_DIR/wrk-devices.lua" "$URL" \
  | grep '^WRK_RESULT' | cut -d' ' -f2-)

# --- Summary ---
steady=$(java -cp "$BENCH_JAR" org.yizhan.bench.JsonField "$OUT-sim.json" \
  steady.acknowledged_readings_per_s steady.latency_ms.p50 steady.latency_ms.p99 steady.latency_ms.max \
  steady.latency_ms.count acknowledged_readings published_readings failed_connects connection_losses)
read -r RATE P50 P99 PMAX NLAT ACKED PUBLISHED FAILED LOSSES <<<"$steady"
VIS=$(cat "$OUT-visibility.txt" 2>/dev/null || echo "VISIBILITY missing")
read -r SERVER_CORES SIM_CORES PG_CORES BUSY <<<"$(awk -v c0="$cpu0" -v c1="$cpu1" -v s0="$sim0" -v s1="$sim1" \
  -v p0="$pg0" -v p1="$pg1" -v t="$(getconf CLK_TCK)" -v ms="$((t1 - t0))" -v busy="$(busy_cores "$m0" "$m1")" \
  'BEGIN { secs = ms / 1000; printf "%.2f %.2f %.2f %s\n", (c1 - c0) / t / secs, (s1 - s0) / t / secs, (p1 - p0) / t / secs, busy }')"
KERNEL=$(awk -v c0="$cpu0" -v c1="$cpu1" -v s0="$sim0" -v s1="$sim1" -v a0="$ssys0" -v a1="$ssys1" \
  -v b0="$simsys0" -v b1="$simsys1" -v k0="$k0" -v k1="$k1" -v t="$(getconf CLK_TCK)" -v ms="$((t1 - t0))" \
  'BEGIN { printf "server_kernel_share=%.0f%% simulator_kernel_share=%.0f%% machine_kernel_cores=%.2f", \
    (c1 > c0 ? 100 * (a1 - a0) / (c1 - c0) : 0), (s1 > s0 ? 100 * (b1 - b0) / (s1 - s0) : 0), \
    (k1 - k0) / t / (ms / 1000) }')
STORED=$("${PSQL[@]}" -At -c "select count(*) from reading")
COPY_RATE=$(awk -v r="$ROWS" -v ms="$COPY_MS" 'BEGIN { printf "%.0f", r / (ms / 1000) }')
RATIO=$(awk -v a="$RATE" -v b="$COPY_RATE" 'BEGIN { printf "%.3f", a / b }')
{
  echo "INGEST devices=$DEVICES online=$ONLINE steady_readings_per_s=$RATE puback_p50_ms=$P50 puback_p99_ms=$P99 puback_max_ms=$PMAX latency_samples=$NLAT"
  echo "INGEST published=$PUBLISHED acked=$ACKED stored_rows=$STORED failed_connects=$FAILED connection_losses=$LOSSES"
  echo "INGEST cores_server_jvm=$SERVER_CORES cores_simulator=$SIM_CORES cores_postgresql=$PG_CORES cores_machine_busy=$BUSY (the probe and the rest of the machine make up the difference)"
  echo "INGEST $KERNEL (system time of each process; machine: system + irq + softirq, where loopback TCP is processed)"
  echo "INGEST live_heap_mib=$HEAP_MIB heap_size_mib=$HEAP_COMMITTED_MIB with $ONLINE devices connected ($SERVER_JAVA_OPTS)"
  echo "INGEST baseline_copy_rows=$ROWS copy_ms=$COPY_MS copy_rows_per_s=$COPY_RATE ingest_over_copy=$RATIO"
  echo "DEVICE_TABLE $DEVICES devices, GET /api/v1/devices?sort=last_seen&limit=100&offset=..., wrk -t1 -c1 -d10s (one admin at a time), server idle: $TABLE"
  echo "$VIS"
  echo "PG_ACTIVITY $PG_ACTIVITY"
} | tee "$OUT-summary.txt"
