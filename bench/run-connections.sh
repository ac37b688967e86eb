#!/usr/bin/env bash
# Many device connections on one instance (issue 18, item 5): bench/run-connections.sh [N]
#
#  1. Server: java $SERVER_JAVA_OPTS -jar yizhan-all.jar --demo=national (186,100 stations) on a
#     fresh data dir, built-in MQTT endpoint; embedded PostgreSQL, or YIZHAN_DB_URL when set.
#  2. Without devices: wrk on GET /api/v1/stations/nearby (bench/wrk-nearby.lua, the shared query
#     points) after a discarded warm-up, the live heap after a full GC, and the server's CPU over
#     CPU_S seconds of idling.
#  3. N devices: `yizhan simulate` in GENERATORS processes (--part k/G; one process holds at most
#     its open-file limit of connections), each device provisioned through the admin API, a real
#     CONNECT with its credentials, one QoS 1 reading every 60 s at a random phase, connections
#     spread over SOURCE_ADDRESSES loopback source addresses 127.0.0.x (one address gives about
#     28,000 source ports to one server port). No faults, dropouts or outages.
#  4. With the devices connected: the server's CPU over CPU_S seconds (a whole reporting cycle),
#     the same wrk run, then the live heap after a full GC. Heap per connection = (heap with N -
#     heap with 0) / connections held; connections held = ESTABLISHED sockets on the server's
#     MQTT port.
# Prints a summary table (also in bench/results/connections-N-summary.txt).
#
# Environment (all optional): SKIP_BUILD=1, GENERATORS (default: one per 15,000 devices),
# SOURCE_ADDRESSES (default: one per 20,000 devices, at least 2), CONNECT_RATE=1000 (new
# connections per second, all generators), CPU_S=60, SETTLE_S=30 (after the last connection,
# before measuring), CONNECT_TIMEOUT_S (default N/CONNECT_RATE*2 + 120), SERVER_JAVA_OPTS,
# SIM_JAVA_OPTS (default -Xmx1g per generator), SIM_NET_TRANSPORT (epoll), WRK_THREADS=2,
# WRK_CONNECTIONS=64, WRK_DURATION=20s, WRK_WARMUP=10s, CONN_TAG, CONN_DEMO=national (shanxi:
# 4,640 stations, a faster start), SERVER_FD_LIMIT (lowers the running server's open-files limit
# with prlimit, to see what it does at the limit, e.g. SERVER_FD_LIMIT=1000 with N=1500).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N="${1:-50000}"
GENERATORS="${GENERATORS:-$(((N + 14999) / 15000))}"
SOURCE_ADDRESSES="${SOURCE_ADDRESSES:-$(((N + 19999) / 20000 > 2 ? (N + 19999) / 20000 : 2))}"
CONNECT_RATE="${CONNECT_RATE:-1000}"
CPU_S="${CPU_S:-60}"
SETTLE_S="${SETTLE_S:-30}"
CONNECT_TIMEOUT_S="${CONNECT_TIMEOUT_S:-$((N / CONNECT_RATE * 2 + 120))}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_DURATION="${WRK_DURATION:-20s}"
WRK_WARMUP="${WRK_WARMUP:-10s}"
OUT="$RESULTS_DIR/connections-$N${CONN_TAG:+-$CONN_TAG}"
DEMO="${CONN_DEMO:-national}"
DATA="$OUT-data"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xlog:gc:file=$OUT-gc.log:uptime,level}"
SIM_JAVA_OPTS="${SIM_JAVA_OPTS:--Xmx1g}"
SIM_TRANSPORT="${SIM_NET_TRANSPORT:-epoll}"
PER_GEN=$(((N + GENERATORS - 1) / GENERATORS))

GEN_PIDS=()
cleanup() {
  set +e
  for p in "${GEN_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${GEN_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every socket is a file descriptor: the server needs N of them (plus about 60 of its own), each
# generator its share.
NEED_FDS=$((N + 1024))
if ! ulimit -n "$NEED_FDS" 2>/dev/null; then
  ulimit -n "$(ulimit -Hn)"
  log "open files: need about $NEED_FDS, the hard limit is $(ulimit -Hn); the server cannot hold more than that (raise it: ulimit -Hn as root, or LimitNOFILE= in systemd)"
fi
FD_LIMIT=$(ulimit -n)
if ((PER_GEN + 1024 > FD_LIMIT)); then
  log "each generator would hold $PER_GEN connections but may open only $FD_LIMIT files; set GENERATORS higher"
  exit 1
fi

build_server
build_bench
ensure_points
{
  environment
  echo "server:      java $SERVER_JAVA_OPTS -jar yizhan-all.jar --demo=$DEMO, built-in MQTT endpoint, ${YIZHAN_DB_URL:+database $YIZHAN_DB_URL}${YIZHAN_DB_URL:-embedded PostgreSQL}; open files limit ${SERVER_FD_LIMIT:-$FD_LIMIT}"
  echo "devices:     $N, yizhan simulate in $GENERATORS processes (java $SIM_JAVA_OPTS, $SIM_TRANSPORT), one QoS 1 reading every 60 s each, over $SOURCE_ADDRESSES source addresses, $CONNECT_RATE connects/s"
  echo "wrk:         -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency -s wrk-nearby.lua after a -d$WRK_WARMUP warm-up; CPU over $CPU_S s"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

rm -rf "$DATA"
mkdir -p "$DATA"
PORT=$(pick_port)
MQTT_PORT=$((PORT + 3))
URL="http://127.0.0.1:$PORT"
log "starting the server (importing the $DEMO network)"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo="$DEMO"
READY_MS=$(wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS")
log "ready after $READY_MS ms"
if [[ -n "${SERVER_FD_LIMIT:-}" ]]; then
  prlimit --pid "$SERVER_PID" --nofile="$SERVER_FD_LIMIT:$SERVER_FD_LIMIT"
  log "server open-files limit lowered to $SERVER_FD_LIMIT ($(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l) open now)"
fi
TOKEN=$(cat "$DATA/admin-token")
CLK=$(getconf CLK_TCK)

# nearby TAG: one discarded warm-up and one measured wrk run; prints "rps p50 p99".
nearby() {
  WRK_POINTS="$POINTS_FILE" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_WARMUP" \
    -s "$BENCH_DIR/wrk-nearby.lua" "$URL" >/dev/null 2>&1
  WRK_POINTS="$POINTS_FILE" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency \
    -s "$BENCH_DIR/wrk-nearby.lua" "$URL" >"$OUT-wrk-$1.txt" 2>&1
  local r
  r=$(grep '^WRK_RESULT' "$OUT-wrk-$1.txt")
  echo "$(kv "$r" rps) $(kv "$r" p50_ms) $(kv "$r" p99_ms) $(kv "$r" errors)"
}

gen_ticks() {
  local s=0 p
  for p in "${GEN_PIDS[@]}"; do s=$((s + $(cpu_ticks "$p"))); done
  echo "$s"
}
# cores SECONDS: "SERVER GENERATORS", the cores each used on average over that span.
cores() {
  local c0 c1 g0 g1 t0 t1
  c0=$(cpu_ticks "$SERVER_PID")
  g0=$(gen_ticks)
  t0=$(now_ms)
  sleep "$1"
  c1=$(cpu_ticks "$SERVER_PID")
  g1=$(gen_ticks)
  t1=$(now_ms)
  awk -v a="$c0" -v b="$c1" -v g0="$g0" -v g1="$g1" -v t="$CLK" -v ms="$((t1 - t0))" \
    'BEGIN { s = ms / 1000; printf "%.3f %.3f\n", (b - a) / t / s, (g1 - g0) / t / s }'
}

# Resident memory of a process in MiB: the heap as sized by the JVM, plus direct (Netty) buffers,
# thread stacks, code and metaspace.
rss_mib() { awk '/^VmRSS/ { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"; }

held() { ss -tnH state established "( sport = :$MQTT_PORT )" | wc -l; }

log "no devices: wrk nearby (after a JIT warm-up), heap, idle CPU"
WRK_POINTS="$POINTS_FILE" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" \
  -s "$BENCH_DIR/wrk-nearby.lua" "$URL" >/dev/null 2>&1
read -r RPS0 P50_0 P99_0 ERR0 <<<"$(nearby 0)"
HEAP0=$(live_heap_mib "$SERVER_PID" "$OUT-histogram-0.txt")
RSS0=$(rss_mib "$SERVER_PID")
read -r CORES0 _ <<<"$(cores "$CPU_S")"
log "no devices: nearby $RPS0 req/s p99 $P99_0 ms; heap $HEAP0 MiB; server $CORES0 cores idle"

log "starting $GENERATORS generators, $PER_GEN devices each (provisioning first)"
for k in $(seq 0 $((GENERATORS - 1))); do
  # shellcheck disable=SC2086
  YIZHAN_LOG_FORMAT=text YIZHAN_NET_TRANSPORT="$SIM_TRANSPORT" java $SIM_JAVA_OPTS -jar "$SERVER_JAR" simulate \
    --mqtt "tcp://127.0.0.1:$MQTT_PORT" --http "$URL" --admin-token "$TOKEN" \
    --credentials "$OUT-gen$k-credentials.csv" --stations "$N" --part "$k/$GENERATORS" \
    --source-addresses "$SOURCE_ADDRESSES" --interval-s 60 --duration-s 86400 \
    --faulty-share 0 --dropout-share 0 --outages-per-hour 0 \
    --connect-rate "$(awk -v r="$CONNECT_RATE" -v g="$GENERATORS" 'BEGIN { print r / g }')" \
    --event-loops 2 --report-s 10 --summary "$OUT-gen$k-sim.json" >"$OUT-gen$k-sim.log" 2>&1 &
  GEN_PIDS+=($!)
done

# Connected devices as the generators count them (their last report lines).
online() {
  local s=0 k n
  for k in $(seq 0 $((GENERATORS - 1))); do
    n=$({ grep -o 'sim: [0-9]*/' "$OUT-gen$k-sim.log" 2>/dev/null || true; } | tail -1 | tr -dc 0-9)
    s=$((s + ${n:-0}))
  done
  echo "$s"
}
t_connect0=$(now_ms)
deadline=$(($(now_ms) + CONNECT_TIMEOUT_S * 1000 + 600000)) # + provisioning
last=-1
stalled=0
while :; do
  for p in "${GEN_PIDS[@]}"; do
    kill -0 "$p" 2>/dev/null || { log "a generator exited; see $OUT-gen*-sim.log"; exit 1; }
  done
  # ESTABLISHED also counts what waits in the kernel's accept queue; the generators' online count
  # (CONNACK received) is what the server really serves.
  h=$(held)
  o=$(online)
  if ((h >= N && o >= N)); then break; fi
  if ((o == last && o > 0)); then stalled=$((stalled + 1)); else stalled=0; fi
  if ((stalled >= 12)); then
    log "connections stopped growing at $o of $N online (60 s without progress)"
    break
  fi
  if (($(now_ms) > deadline)); then
    log "not all connected before the deadline: $h of $N"
    break
  fi
  last=$o
  log "server holds $h connections; generators report $o online"
  sleep 5
done
CONNECT_S=$(awk -v a="$t_connect0" -v b="$(now_ms)" 'BEGIN { printf "%.0f", (b - a) / 1000 }')
log "settling $SETTLE_S s"
sleep "$SETTLE_S"

log "$(held) connections: server CPU over $CPU_S s"
read -r CORES_N GEN_CORES_N <<<"$(cores "$CPU_S")"
log "$(held) connections: wrk nearby"
read -r RPS_N P50_N P99_N ERR_N <<<"$(nearby n)"
HELD=$(held)
HEAP_N=$(live_heap_mib "$SERVER_PID" "$OUT-histogram-n.txt")
RSS_N=$(rss_mib "$SERVER_PID")
ONLINE=$(online)
SERVER_FDS=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
# The JVM raises its soft limit to the hard one at start (MaxFDLimit): this is what it may open.
FD_LIMIT=$(awk '/^Max open files/ { print $4 }' "/proc/$SERVER_PID/limits")
LOSSES=$(for k in $(seq 0 $((GENERATORS - 1))); do { grep -o 'losses [0-9]*' "$OUT-gen$k-sim.log" || true; } | tail -1 | tr -dc 0-9; echo; done | awk '{ s += $1 } END { print s + 0 }')
FAILED=$(for k in $(seq 0 $((GENERATORS - 1))); do { grep -o 'failed connects [0-9]*' "$OUT-gen$k-sim.log" || true; } | tail -1 | tr -dc 0-9; echo; done | awk '{ s += $1 } END { print s + 0 }')
RATE=$(for k in $(seq 0 $((GENERATORS - 1))); do { grep -o '[0-9]* readings/s acked' "$OUT-gen$k-sim.log" || true; } | tail -1 | tr -dc 0-9; echo; done | awk '{ s += $1 } END { print s + 0 }')
PGPASSWORD=$(cat "$DATA/db-password" 2>/dev/null || true)
export PGPASSWORD
STORED=""
if [[ -z "${YIZHAN_DB_URL:-}" ]]; then
  STORED=$(psql -X -At -h 127.0.0.1 -p "$(sed -n 4p "$DATA/pg/postmaster.pid")" -U postgres -d postgres \
    -c "select count(*) from reading" 2>/dev/null || echo '?')
fi
TOO_MANY=$(grep -c -i 'too many open files' "$OUT-server.log" || true)

# The devices say goodbye and disconnect; what stays in the heap belongs to the provisioned
# devices (registry, latest readings, quality state), not to their connections.
log "stopping the generators; heap with the devices provisioned but disconnected"
for p in "${GEN_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
for p in "${GEN_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
GEN_PIDS=()
for _ in $(seq 1 60); do
  (($(held) == 0)) && break
  sleep 1
done
LEFT=$(held)
sleep 5
HEAP_AFTER=$(live_heap_mib "$SERVER_PID" "$OUT-histogram-after.txt")
log "no devices again: wrk nearby"
read -r RPS2 P50_2 P99_2 ERR2 <<<"$(nearby after)"

{
  echo "# bench/run-connections.sh $N"
  cat "$OUT-env.txt"
  echo
  awk -v n="$N" -v held="$HELD" -v online="$ONLINE" -v cs="$CONNECT_S" -v h0="$HEAP0" -v hn="$HEAP_N" \
    -v c0="$CORES0" -v cn="$CORES_N" -v g="$GEN_CORES_N" -v rate="$RATE" \
    -v r0="$RPS0" -v rn="$RPS_N" -v a0="$P50_0" -v an="$P50_N" -v p0="$P99_0" -v pn="$P99_N" \
    -v e0="$ERR0" -v en="$ERR_N" -v fds="$SERVER_FDS" -v lim="$FD_LIMIT" -v losses="$LOSSES" \
    -v failed="$FAILED" -v stored="$STORED" -v tmf="$TOO_MANY" -v ha="$HEAP_AFTER" -v left="$LEFT" \
    -v rss0="$RSS0" -v rssn="$RSS_N" -v r2="$RPS2" -v a2="$P50_2" -v p2="$P99_2" -v e2="$ERR2" 'BEGIN {
    printf "| Measure | Without devices | With devices | Ratio with / without |\n|---|---|---|---|\n"
    printf "| devices online (CONNACK received; server ESTABLISHED incl. the accept queue) | 0 | %d of %d (%d) | %.3f |\n", online, n, held, online / n
    printf "| time to connect them all | | %d s | |\n", cs
    printf "| live heap after full GC | %.1f MiB | %.1f MiB | %.2f |\n", h0, hn, hn / h0
    printf "| heap per connected device, (with - without) / held | | %.1f KiB | |\n", (held > 0 ? (hn - h0) * 1024 / held : 0)
    printf "| live heap after all disconnected (devices still provisioned; %d still connected) | | %.1f MiB | |\n", left, ha
    printf "| of which the connection, (with - after) / held | | %.1f KiB | |\n", (held > 0 ? (hn - ha) * 1024 / held : 0)
    printf "| of which the provisioned device, (after - without) / n | | %.1f KiB | |\n", (ha - h0) * 1024 / n
    printf "| server resident memory (RSS) | %d MiB | %d MiB | %.2f |\n", rss0, rssn, (rss0 > 0 ? rssn / rss0 : 0)
    printf "| server CPU (process CPU time / wall) | %.3f cores | %.3f cores | |\n", c0, cn
    printf "| readings acked/s (generators, last 10 s) | | %d | |\n", rate
    printf "| server CPU added per reading (with - without) / readings/s | | %.0f us | |\n", (rate > 0 ? (cn - c0) * 1e6 / rate : 0)
    printf "| generators CPU | | %.3f cores | |\n", g
    printf "| nearby req/s (wrk; without: before / after the devices) | %d / %d | %d | %.2f / %.2f |\n", r0, r2, rn, (r0 > 0 ? rn / r0 : 0), (r2 > 0 ? rn / r2 : 0)
    printf "| nearby p50 | %s / %s ms | %s ms | %.2f / %.2f |\n", a0, a2, an, (a0 > 0 ? an / a0 : 0), (a2 > 0 ? an / a2 : 0)
    printf "| nearby p99 | %s / %s ms | %s ms | %.2f / %.2f |\n", p0, p2, pn, (p0 > 0 ? pn / p0 : 0), (p2 > 0 ? pn / p2 : 0)
    printf "| wrk errors | %d / %d | %d | |\n", e0, e2, en
    printf "| server open files (limit) | | %d (%d) | |\n", fds, lim
    printf "| connection losses / failed connects (generators) | | %d / %d | |\n", losses, failed
    printf "| readings stored | | %s | |\n", stored
    printf "| \"Too many open files\" in the server log | | %d | |\n", tmf
  }'
  echo "CONNECTIONS n=$N held=$HELD online=$ONLINE heap0_mib=$HEAP0 heapn_mib=$HEAP_N server_cores0=$CORES0 server_coresn=$CORES_N generator_cores=$GEN_CORES_N nearby0_rps=$RPS0 nearbyn_rps=$RPS_N nearby0_p99_ms=$P99_0 nearbyn_p99_ms=$P99_N nearby_after_rps=$RPS2 nearby_after_p99_ms=$P99_2 heap_after_mib=$HEAP_AFTER"
} | tee "$OUT-summary.txt"
