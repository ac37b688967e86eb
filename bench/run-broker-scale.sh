#!/usr/bin/env bash
# Two instances through one broker against one (issue 18, speeds): readings stored per second by
# 1, then 2 server instances in broker mode (shared subscription) on one Mosquitto and one
# PostgreSQL, under one offered load, in the same run; baselines in the same run: Mosquitto alone
# delivering the same load to a plain shared subscriber that stores nothing, and a raw COPY of the
# rows the instances stored.
#
#  1. PostgreSQL: a cluster of its own (Debian's initdb/pg_ctl, run as user postgres) on a free
#     port, with the embedded database's durability settings (fsync, synchronous_commit on,
#     max_wal_size 4GB, checkpoint_timeout 15min). Mosquitto 2 on loopback: anonymous (the broker's
#     device authentication is not what is measured), no persistence, max_inflight_messages BROKER_INFLIGHT (10000)
#     and a queue deep enough that nothing offered is dropped while the instances lag.
#  2. Instance 1: YIZHAN_MQTT_MODE=broker, the national network (186,100 stations).
#  3. Load: `yizhan simulate` (devices provisioned through instance 1, real MQTT to Mosquitto),
#     DEVICES devices each publishing one QoS 1 reading every INTERVAL_S: the offered rate, meant
#     to be well above what one instance stores. Mosquitto acknowledges each PUBLISH at once; the
#     backlog queues at the broker.
#  4. Phase "1 instance": after WARMUP_S, rows added to `reading` over MEASURE_S, and the CPU of
#     each process (broker, instances, PostgreSQL, generator) and of the machine.
#  5. Phase "2 instances": instance 2 joins (same database, same shared group); after WARMUP_S,
#     the same measurement.
#  6. Phase "broker alone": both instances stop and their sessions are cleared; mosquitto_sub in
#     a shared group of its own counts what it receives over MEASURE_S (QoS 1, stores nothing).
#  7. The stored rows are exported and COPYed into an empty copy of `reading`, timed.
# Prints a table and a BROKER_SCALE line (bench/results/broker-scale-summary.txt).
#
# Environment (all optional): SKIP_BUILD=1, DEVICES=2000, INTERVAL_S=0.2 (offered 10,000/s),
# WARMUP_S=30, MEASURE_S=60, SERVER_JAVA_OPTS (-Xmx1g), SIM_JAVA_OPTS (-Xmx1g),
# SIM_NET_TRANSPORT (epoll), PG_BIN (/usr/lib/postgresql/15/bin), SCALE_TAG, KEEP_PG=1 (keep the
# database directory), BROKER_INFLIGHT=10000 (Mosquitto's max_inflight_messages, as in ops/mosquitto/mosquitto.conf: with acknowledgement
# after commit it caps each instance at BROKER_INFLIGHT / (delivery-to-commit latency)).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEVICES="${DEVICES:-2000}"
INTERVAL_S="${INTERVAL_S:-0.2}"
WARMUP_S="${WARMUP_S:-30}"
MEASURE_S="${MEASURE_S:-60}"
OUT="$RESULTS_DIR/broker-scale${SCALE_TAG:+-$SCALE_TAG}"
BROKER_INFLIGHT="${BROKER_INFLIGHT:-10000}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx1g}"
SIM_JAVA_OPTS="${SIM_JAVA_OPTS:--Xmx1g}"
SIM_TRANSPORT="${SIM_NET_TRANSPORT:-epoll}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
OFFERED=$(awk -v d="$DEVICES" -v i="$INTERVAL_S" 'BEGIN { printf "%.0f", d / i }')
command -v mosquitto >/dev/null || { log "mosquitto is not installed (apt-get install mosquitto)"; exit 1; }
command -v mosquitto_sub >/dev/null || { log "mosquitto_sub is missing (apt-get install mosquitto-clients)"; exit 1; }
[[ -x "$PG_BIN/initdb" ]] || { log "no PostgreSQL binaries in $PG_BIN (set PG_BIN)"; exit 1; }

PGDATA_DIR="$OUT-pg"
PIDS=()
SIM_PID=""
BROKER_PID=""
SUB_PID=""
I1_PID=""
I2_PID=""
cleanup() {
  set +e
  [[ -n "$SUB_PID" ]] && kill "$SUB_PID" 2>/dev/null
  [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null
  for p in "$I1_PID" "$I2_PID"; do
    [[ -n "$p" ]] && kill -TERM "$p" 2>/dev/null
  done
  for p in "$I1_PID" "$I2_PID" "$SIM_PID"; do
    [[ -n "$p" ]] && wait "$p" 2>/dev/null
  done
  [[ -n "$BROKER_PID" ]] && kill "$BROKER_PID" 2>/dev/null
  if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1
  fi
  # Gigabytes of readings; KEEP_PG=1 keeps them for a look afterwards.
  [[ "${KEEP_PG:-0}" == 1 ]] || rm -rf "$PGDATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_server
build_bench
{
  environment
  echo "database:    PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') of its own, fsync and synchronous_commit on"
  echo "broker:      $(mosquitto -h 2>/dev/null | head -1), anonymous, no persistence, max_inflight_messages $BROKER_INFLIGHT"
  echo "instances:   java $SERVER_JAVA_OPTS -jar yizhan-all.jar, YIZHAN_MQTT_MODE=broker, national network"
  echo "load:        yizhan simulate, $DEVICES devices, one QoS 1 reading each every $INTERVAL_S s = $OFFERED offered readings/s; java $SIM_JAVA_OPTS, $SIM_TRANSPORT"
  echo "             ${WARMUP_S} s warm-up before each phase, ${MEASURE_S} s measured"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

# --- PostgreSQL of its own ---
rm -rf "$PGDATA_DIR" "$OUT"-data-*
mkdir -p "$PGDATA_DIR"
chown postgres: "$PGDATA_DIR"
chmod 700 "$PGDATA_DIR"
PG_PORT=$(pick_port)
require_free_port "$PG_PORT"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres >"$OUT-initdb.log" 2>&1
cat >>"$PGDATA_DIR/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PGDATA_DIR'
max_connections = 100
fsync = on
synchronous_commit = on
full_page_writes = on
max_wal_size = 4GB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9
EOF
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/postgres.log" -w start >/dev/null
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "create database yizhan"
PSQL+=(-d yizhan)
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/yizhan"

# --- Mosquitto ---
BROKER_PORT=$(pick_port)
require_free_port "$BROKER_PORT"
cat >"$OUT-mosquitto.conf" <<EOF
listener $BROKER_PORT 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages $BROKER_INFLIGHT
max_queued_messages 10000000
max_connections -1
log_dest stderr
log_type error
log_type warning
EOF
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mosquitto -c "$OUT-mosquitto.conf" >"$OUT-broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 100); do
  ss -ltnH "sport = :$BROKER_PORT" | grep -q . && break
  sleep 0.1
done

# start_instance K: an instance in broker mode on the shared database; sets I<K>_PID and I<K>_URL.
start_instance() {
  local k="$1" port data
  port=$(pick_port)
  data="$OUT-data-$k"
  mkdir -p "$data"
  # shellcheck disable=SC2086
  YIZHAN_LOG_FORMAT=text YIZHAN_DB_URL="$DB_URL" YIZHAN_DB_USER=postgres \
    YIZHAN_MQTT_MODE=broker YIZHAN_MQTT_BROKER_URL="tcp://127.0.0.1:$BROKER_PORT" \
    YIZHAN_MQTT_CLIENT_ID="bench-yizhan-$k" YIZHAN_MQTT_PORT=$((port + 3)) YIZHAN_MQTT_TLS_PORT=$((port + 4)) \
    java $SERVER_JAVA_OPTS -jar "$SERVER_JAR" --port "$port" --data-dir "$data" --demo=national \
    >"$OUT-instance-$k.log" 2>&1 &
  local pid=$! t0
  t0=$(now_ms)
  eval "I${k}_PID=$pid"
  eval "I${k}_URL=http://127.0.0.1:$port"
  local ms
  ms=$(wait_ready "$port" 600 "$pid" "$t0")
  log "instance $k ready after $ms ms (pid $pid, port $port)"
}

# Ticks of PostgreSQL: the postmaster (with its exited children) plus the live backends.
pg_ticks() {
  local master
  master=$(head -1 "$PGDATA_DIR/postmaster.pid")
  {
    awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat"
    for c in $(pgrep -P "$master"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk '{ s += $1 } END { print s + 0 }'
}
stored() { "${PSQL[@]}" -At -c "select count(*) from reading"; }

# measure NAME COUNTER: over MEASURE_S, the rate of COUNTER (a command printing a number) and the
# cores of each process; appends a PHASE line to $OUT-phases.txt.
measure() {
  local name="$1" counter="$2" n0 n1 b0 b1 i10 i11 i20 i21 p0 p1 s0 s1 x0 x1 m0 m1 t0 t1
  n0=$($counter)
  b0=$(cpu_ticks "$BROKER_PID")
  i10=$(cpu_ticks "${I1_PID:-0}")
  i20=$(cpu_ticks "${I2_PID:-0}")
  p0=$(pg_ticks)
  s0=$(cpu_ticks "$SIM_PID")
  x0=$(cpu_ticks "${SUB_PID:-0}")
  m0=$(machine_ticks)
  t0=$(now_ms)
  sleep "$MEASURE_S"
  n1=$($counter)
  b1=$(cpu_ticks "$BROKER_PID")
  i11=$(cpu_ticks "${I1_PID:-0}")
  i21=$(cpu_ticks "${I2_PID:-0}")
  p1=$(pg_ticks)
  s1=$(cpu_ticks "$SIM_PID")
  x1=$(cpu_ticks "${SUB_PID:-0}")
  m1=$(machine_ticks)
  t1=$(now_ms)
  awk -v name="$name" -v n0="$n0" -v n1="$n1" -v b="$((b1 - b0))" -v i1="$((i11 - i10))" -v i2="$((i21 - i20))" \
    -v p="$((p1 - p0))" -v s="$((s1 - s0))" -v x="$((x1 - x0))" -v t="$(getconf CLK_TCK)" -v ms="$((t1 - t0))" \
    -v busy="$(busy_cores "$m0" "$m1")" 'BEGIN { secs = ms / 1000;
      printf "PHASE %s rate=%.0f broker=%.2f instance1=%.2f instance2=%.2f postgres=%.2f generator=%.2f subscriber=%.2f machine_busy=%s seconds=%.1f\n", \
        name, (n1 - n0) / secs, b / t / secs, i1 / t / secs, i2 / t / secs, p / t / secs, s / t / secs, x / t / secs, busy, secs }' \
    | tee -a "$OUT-phases.txt" >&2
}
: >"$OUT-phases.txt"

log "instance 1 (imports the national network into the new database)"
start_instance 1
TOKEN=$(cat "$OUT-data-1/admin-token")

log "generator: provisioning $DEVICES devices through instance 1, then $OFFERED readings/s to Mosquitto"
# shellcheck disable=SC2086
YIZHAN_LOG_FORMAT=text YIZHAN_NET_TRANSPORT="$SIM_TRANSPORT" java $SIM_JAVA_OPTS -jar "$SERVER_JAR" simulate \
  --mqtt "tcp://127.0.0.1:$BROKER_PORT" --http "$I1_URL" --admin-token "$TOKEN" \
  --credentials "$OUT-credentials.csv" --stations "$DEVICES" --interval-s "$INTERVAL_S" \
  --duration-s 86400 --faulty-share 0 --dropout-share 0 --outages-per-hour 0 --connect-rate 1000 \
  --event-loops 1 --report-s 10 >"$OUT-sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 600); do
  grep -q "$DEVICES/$DEVICES online" "$OUT-sim.log" 2>/dev/null && break
  kill -0 "$SIM_PID" 2>/dev/null || { log "generator exited; see $OUT-sim.log"; exit 1; }
  sleep 1
done

log "phase: 1 instance (warm-up $WARMUP_S s)"
sleep "$WARMUP_S"
measure one stored

log "phase: 2 instances"
start_instance 2
sleep "$WARMUP_S"
measure two stored
BACKLOG=$(grep -o 'sim: .*' "$OUT-sim.log" | tail -1)

log "phase: broker alone to a plain subscriber (instances stopped, their sessions cleared)"
kill -TERM "$I1_PID" "$I2_PID"
wait "$I1_PID" "$I2_PID" 2>/dev/null || true
I1_PID=""
I2_PID=""
for k in 1 2; do
  # A clean-session CONNECT with the instance's client id ends its persistent session and its queue.
  mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -i "bench-yizhan-$k" -t bench/none -W 1 >/dev/null 2>&1 || true
done
: >"$OUT-sub.count"
# One dot a message: the counter reads the file's size, without parsing payloads.
mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -i bench-plain -q 1 -t '$share/bench/yz/v1/st/+/dev/+/telemetry' \
  -F '.' -N >"$OUT-sub.count" 2>"$OUT-sub.log" &
SUB_PID=$!
sleep "$((WARMUP_S / 3 + 5))"
sub_count() { stat -c %s "$OUT-sub.count"; }
measure broker-alone sub_count
kill "$SUB_PID" 2>/dev/null || true
wait "$SUB_PID" 2>/dev/null || true
SUB_PID=""
OFFERED_ACKED=$({ grep -o '[0-9]* readings/s acked' "$OUT-sim.log" || true; } | tail -3 | awk '{ s += $1; n++ } END { printf "%.0f", n ? s / n : 0 }')
kill "$SIM_PID" 2>/dev/null || true
wait "$SIM_PID" 2>/dev/null || true
SIM_PID=""

# --- Baseline: raw COPY of the stored rows into a table shaped like `reading` ---
ROWS=$(stored)
log "exporting the $ROWS stored rows, then COPYing them into an empty copy of the table"
"${PSQL[@]}" -c "\\copy (select * from reading) to '$OUT-rows.copy'"
"${PSQL[@]}" -c "drop table if exists reading_copy_baseline; create table reading_copy_baseline (like reading including all)"
c0=$(now_ms)
"${PSQL[@]}" -c "\\copy reading_copy_baseline from '$OUT-rows.copy'"
c1=$(now_ms)
"${PSQL[@]}" -c "drop table reading_copy_baseline"
rm -f "$OUT-rows.copy"
COPY_RATE=$(awk -v r="$ROWS" -v ms="$((c1 - c0))" 'BEGIN { printf "%.0f", r / (ms / 1000) }')

ONE=$(grep '^PHASE one ' "$OUT-phases.txt")
TWO=$(grep '^PHASE two ' "$OUT-phases.txt")
ALONE=$(grep '^PHASE broker-alone ' "$OUT-phases.txt")
{
  echo "# bench/run-broker-scale.sh"
  cat "$OUT-env.txt"
  echo
  echo "| Phase | readings/s | broker | instance 1 | instance 2 | PostgreSQL | generator | subscriber | machine busy (of $(nproc)) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for l in "$ONE" "$TWO" "$ALONE"; do
    echo "| $(awk '{print $2}' <<<"$l") | $(kv "$l" rate) | $(kv "$l" broker) | $(kv "$l" instance1) | $(kv "$l" instance2) | $(kv "$l" postgres) | $(kv "$l" generator) | $(kv "$l" subscriber) | $(kv "$l" machine_busy) |"
  done
  echo "| raw COPY of the $ROWS stored rows | $COPY_RATE | | | | | | | |"
  echo
  echo "CPU in cores (process CPU time / wall). Offered: $OFFERED readings/s; acknowledged by Mosquitto to the generator: $OFFERED_ACKED/s (last 30 s)."
  echo "Generator at the end of phase two: $BACKLOG"
  awk -v a="$(kv "$ONE" rate)" -v b="$(kv "$TWO" rate)" -v c="$(kv "$ALONE" rate)" -v d="$COPY_RATE" 'BEGIN {
    printf "BROKER_SCALE one=%d two=%d two_over_one=%.2f broker_alone=%d one_over_broker_alone=%.2f copy=%d one_over_copy=%.3f\n", a, b, b / a, c, a / c, d, a / d }'
  # CPU per stored reading, in microseconds: the model for more cores.
  for l in "$ONE" "$TWO"; do
    awk -v l="$l" 'BEGIN { n = split(l, f, " "); for (i = 3; i <= n; i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
      r = v["rate"]; if (r <= 0) exit
      printf "CPU_PER_READING phase=%s broker_us=%.1f instances_us=%.1f postgres_us=%.1f generator_us=%.1f machine_us=%.1f\n", f[2], v["broker"] * 1e6 / r, (v["instance1"] + v["instance2"]) * 1e6 / r, v["postgres"] * 1e6 / r, v["generator"] * 1e6 / r, v["machine_busy"] * 1e6 / r }'
  done
} | tee "$OUT-summary.txt"
