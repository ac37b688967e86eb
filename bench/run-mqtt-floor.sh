#!/usr/bin/env bash
# The floor under issue 3's ingest target on this machine: the same load as run-ingest.sh (the
# project's simulator, 10,000 devices, one QoS 1 reading each every INGEST_INTERVAL_S, one TCP
# connection per device), but sent to Mosquitto 2 (a C broker) that acknowledges each PUBLISH at
# once, stores nothing and forwards nothing. What the machine spends here (load generator, kernel
# TCP over loopback, a minimal MQTT server) is spent by any server on this box before it decodes,
# validates or stores a single reading; raw PostgreSQL COPY of the same rows comes on top.
#
# The Yizhan server runs only to list stations and provision the devices' credentials (its HTTP
# admin API), and stays idle: no device talks to it. Mosquitto runs with allow_anonymous and no
# password file, so it accepts the devices' usernames and passwords without checking them.
#
# Environment (all optional): SKIP_BUILD=1, INGEST_DEVICES=10000, INGEST_INTERVAL_S=0.3333,
# INGEST_WARMUP_S=45, INGEST_MEASURE_S=60, SIM_JAVA_OPTS, SIM_NET_TRANSPORT (io_uring by
# default, as in run-ingest.sh), INGEST_TAG.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEVICES="${INGEST_DEVICES:-10000}"
INTERVAL_S="${INGEST_INTERVAL_S:-0.3333}"
WARMUP_S="${INGEST_WARMUP_S:-45}"
MEASURE_S="${INGEST_MEASURE_S:-60}"
OUT="$RESULTS_DIR/mqtt-floor${INGEST_TAG:+-$INGEST_TAG}"
DATA="$OUT-data"
SIM_JAVA_OPTS="${SIM_JAVA_OPTS:--Xmx2g}"
SIM_TRANSPORT="${SIM_NET_TRANSPORT:-io_uring}" # as in run-ingest.sh
DURATION_S=$(awk -v w="$WARMUP_S" -v m="$MEASURE_S" 'BEGIN { print w + m + 5 }')
command -v mosquitto >/dev/null || { log "mosquitto is not installed (apt-get install mosquitto)"; exit 1; }
MOSQUITTO=$(command -v mosquitto)

SIM_PID=""
BROKER_PID=""
cleanup() {
  [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null || true
  [[ -n "$BROKER_PID" ]] && kill "$BROKER_PID" 2>/dev/null || true
  stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_server
build_bench
{
  environment
  echo "broker:      $($MOSQUITTO -h 2>/dev/null | head -1), allow_anonymous, no persistence, acks at once"
  echo "load:        yizhan simulate, $DEVICES devices, one QoS 1 reading each every ${INTERVAL_S} s, no faults; java $SIM_JAVA_OPTS, network I/O $SIM_TRANSPORT"
  echo "             ${WARMUP_S} s warm-up, ${MEASURE_S} s measured"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

rm -rf "$DATA"
mkdir -p "$DATA"
PORT=$(pick_port)
BROKER_PORT=$((PORT + 5))
require_free_port "$BROKER_PORT"
URL="http://127.0.0.1:$PORT"
log "starting the server (for the station list and provisioning only)"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo=national
READY_MS=$(wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS")
log "ready after ${READY_MS} ms"
TOKEN=$(cat "$DATA/admin-token")

cat >"$DATA/mosquitto.conf" <<EOF
listener $BROKER_PORT 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages 8
max_connections -1
log_dest stderr
log_type error
log_type warning
EOF
ulimit -n 65536 2>/dev/null || true
"$MOSQUITTO" -c "$DATA/mosquitto.conf" >"$OUT-broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 100); do
  ss -ltnH "sport = :$BROKER_PORT" | grep -q . && break
  sleep 0.1
done

log "simulator: $DEVICES devices to Mosquitto on port $BROKER_PORT, $DURATION_S s"
start_simulator "$BROKER_PORT" "$URL" "$TOKEN"
await_simulator 'warm-up over' 900

b0=$(cpu_ticks "$BROKER_PID")
s0=$(cpu_ticks "$SIM_PID")
y0=$(cpu_ticks "$SERVER_PID")
k0=$(machine_kernel_ticks)
m0=$(machine_ticks)
t0=$(now_ms)
until grep -q 'steady measurement over' "$OUT-sim.log"; do
  kill -0 "$SIM_PID" 2>/dev/null || { log "simulator exited early; see $OUT-sim.log"; exit 1; }
  sleep 0.5
done
b1=$(cpu_ticks "$BROKER_PID")
s1=$(cpu_ticks "$SIM_PID")
y1=$(cpu_ticks "$SERVER_PID")
k1=$(machine_kernel_ticks)
m1=$(machine_ticks)
t1=$(now_ms)
wait "$SIM_PID" || { log "simulator failed; see $OUT-sim.log"; exit 1; }
SIM_PID=""

steady=$(java -cp "$BENCH_JAR" org.yizhan.bench.JsonField "$OUT-sim.json" \
  steady.acknowledged_readings_per_s steady.latency_ms.p50 steady.latency_ms.p99 steady.latency_ms.max)
read -r RATE P50 P99 PMAX <<<"$steady"
LAT="p50_ms=$P50 puback_p99_ms=$P99 puback_max_ms=$PMAX"
awk -v b0="$b0" -v b1="$b1" -v s0="$s0" -v s1="$s1" -v y0="$y0" -v y1="$y1" -v k0="$k0" -v k1="$k1" \
  -v t="$(getconf CLK_TCK)" -v ms="$((t1 - t0))" -v busy="$(busy_cores "$m0" "$m1")" \
  -v rate="$RATE" -v lat="$LAT" -v n="$DEVICES" \
  'BEGIN { secs = ms / 1000;
    printf "MQTT_FLOOR devices=%d steady_readings_per_s=%s puback_%s\n", n, rate, lat;
    printf "MQTT_FLOOR cores_broker=%.2f cores_simulator=%.2f cores_idle_server=%.2f machine_kernel_cores=%.2f cores_machine_busy=%s\n", \
      (b1 - b0) / t / secs, (s1 - s0) / t / secs, (y1 - y0) / t / secs, (k1 - k0) / t / secs, busy }' \
  | tee "$OUT-summary.txt"
