#!/usr/bin/env bash
# Soak (issue 13): half of the machine's ingest capacity plus the users of the map and the console,
# for SOAK_MINUTES, to show whether memory, file descriptors, threads or latency keep growing.
# Not for CI: 30 minutes by default, and the whole machine.
#
#  1. Server: java $SERVER_JAVA_OPTS (default -Xmx1g, with a GC log) -jar yizhan-all.jar --demo
#     on a fresh data dir: the README's way, the Shanxi network (4,640 stations) on the embedded
#     PostgreSQL, the built-in MQTT endpoint.
#  2. Ingest: `yizhan simulate` with SOAK_DEVICES devices (default 4,640, one a station), each
#     publishing one QoS 1 reading every SOAK_INTERVAL_S, by default SOAK_DEVICES / SOAK_RATE with
#     SOAK_RATE=10000: half of the ~20,000 readings/s where this 2-core machine saturates
#     (docs/ingest.md). No faults, dropouts or outages. A report line a minute.
#  3. Users: org.yizhan.bench.SoakLoad at fixed rates: SOAK_NEARBY_PER_S (30) nearest-station
#     queries at random points of Shanxi, SOAK_ADMIN_PER_S (5) admin reads taking turns (device
#     table, refusal log, fleet summary), and SOAK_SSE_CLIENTS (20) live streams on SOAK_SSE_BBOX
#     (Shanxi's box), reopened when dropped. A line a minute: counts, errors, timeouts, p50/p99.
#  4. Every minute: the server's file descriptors, threads, RSS, heap in use (jstat), the lowest
#     heap after a young GC and the GC pauses (from its GC log), its CPU; the embedded PostgreSQL's
#     processes, client backends, PSS and RSS (postmaster and children) and CPU; the data dir's
#     size. Every SOAK_GC_EVERY_MIN minutes (5) also the live heap after a full GC (jcmd
#     GC.class_histogram); that full GC pauses the server for a moment, in the latency figures.
#  5. The first SOAK_WARMUP_MIN minutes (2: connecting 4,640 devices on a busy machine can take
#     more than one) are warm-up; the soak's minutes 0..SOAK_MINUTES follow.
#     The summary compares the first and last few minutes of each figure, and gives a verdict on
#     the live heap and the file descriptors from their slopes in the first and last ten minutes.
# Results: bench/results/soak[-TAG]-*: env.txt, minutes.tsv (one row a minute, all figures),
# summary.txt (printed at the end), and the raw logs. The data dir takes about 0.5 KB a stored
# reading (some 10 GB for the default run: check the free disk) and is deleted at the end
# (SOAK_KEEP_DATA=1 keeps it).
#
# Environment (all optional): SOAK_MINUTES=30, SOAK_RATE=10000, SOAK_DEVICES=4640,
# SOAK_INTERVAL_S, SOAK_WARMUP_MIN=2, SOAK_NEARBY_PER_S=30, SOAK_ADMIN_PER_S=5,
# SOAK_SSE_CLIENTS=20, SOAK_SSE_BBOX=110.2,34.5,114.6,40.8, SOAK_GC_EVERY_MIN (5; 1 under 20 min),
# SOAK_TAG, SOAK_KEEP_DATA=1, SKIP_BUILD=1, SERVER_JAVA_OPTS, SIM_JAVA_OPTS, SIM_NET_TRANSPORT (io_uring),
# SOAK_HEAP_FLOOR=0.5 (MiB/min) and SOAK_FD_FLOOR=0.2 (fds/min): slopes at or under these, or
# within two standard errors of zero, count as flat (see soak-summary.awk).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MINUTES="${SOAK_MINUTES:-30}"
RATE="${SOAK_RATE:-10000}"
DEVICES="${SOAK_DEVICES:-4640}"
INTERVAL_S="${SOAK_INTERVAL_S:-$(awk -v d="$DEVICES" -v r="$RATE" 'BEGIN { printf "%.4f", d / r }')}"
WARMUP_MIN="${SOAK_WARMUP_MIN:-2}"
NEARBY_RATE="${SOAK_NEARBY_PER_S:-30}"
ADMIN_RATE="${SOAK_ADMIN_PER_S:-5}"
SSE_CLIENTS="${SOAK_SSE_CLIENTS:-20}"
SSE_BBOX="${SOAK_SSE_BBOX:-110.2,34.5,114.6,40.8}"
GC_EVERY_MIN="${SOAK_GC_EVERY_MIN:-$((MINUTES >= 20 ? 5 : 1))}"
OUT="$RESULTS_DIR/soak${SOAK_TAG:+-$SOAK_TAG}"
DATA="$OUT-data"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx1g} -Xlog:gc:file=$OUT-gc.log:uptime,level"
SIM_JAVA_OPTS="${SIM_JAVA_OPTS:--Xmx1g}"
SIM_TRANSPORT="${SIM_NET_TRANSPORT:-io_uring}" # as in run-ingest.sh
SIM_REPORT_S=60
TOTAL_MIN=$((WARMUP_MIN + MINUTES))
WARMUP_S=$((WARMUP_MIN * 60))
MEASURE_S=$((MINUTES * 60))
DURATION_S=$((TOTAL_MIN * 60 + 10)) # the simulator's last minute line comes before its end
CLK_TCK=$(getconf CLK_TCK)

SIM_PID=""
LOAD_PID=""
SLEEP_PID=""
# Stops a process of ours: SIGTERM, then SIGKILL after $2 s.
stop_pid() {
  local pid="$1" grace_s="$2"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((grace_s * 10))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$SLEEP_PID" 1
  stop_pid "$LOAD_PID" 15
  stop_pid "$SIM_PID" 40 # its shutdown hook waits for the PUBACKs in flight
  SLEEP_PID="" LOAD_PID="" SIM_PID=""
  stop_server # also stops an embedded PostgreSQL left behind
  if [[ "${SOAK_KEEP_DATA:-0}" != 1 ]]; then
    rm -rf "$DATA"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Sleeps until the epoch millisecond $1, in a way a signal interrupts at once.
pause_until() {
  local ms=$(($1 - $(now_ms)))
  ((ms > 0)) || return 0
  sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')" &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=""
}

build_server
build_bench
{
  environment
  echo "server:      java $SERVER_JAVA_OPTS -jar yizhan-all.jar --demo (Shanxi, fresh data dir, embedded PostgreSQL, built-in MQTT endpoint)"
  echo "ingest:      yizhan simulate, $DEVICES devices, one QoS 1 reading each every ${INTERVAL_S} s (~$RATE/s), window 8, no faults; java $SIM_JAVA_OPTS, $SIM_TRANSPORT"
  echo "users:       SoakLoad: $NEARBY_RATE nearby/s in Shanxi, $ADMIN_RATE admin reads/s (devices?limit=100, rejections, fleet/summary in turn), $SSE_CLIENTS SSE streams on bbox=$SSE_BBOX"
  echo "span:        $WARMUP_MIN min warm-up, then $MINUTES min; live heap (full GC) every $GC_EVERY_MIN min"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

rm -rf "$DATA" "$OUT-gc.log"*
mkdir -p "$DATA"
PORT=$(pick_port)
MQTT_PORT=$((PORT + 3)) # start_server puts the MQTT listener there
URL="http://127.0.0.1:$PORT"
log "starting the server (Shanxi demo network into a fresh data dir)"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo
READY_MS=$(wait_ready "$PORT" 300 "$SERVER_PID" "$SERVER_START_MS")
log "ready after ${READY_MS} ms"
PG_PID=$(head -1 "$DATA/pg/postmaster.pid")

log "simulator: provisioning $DEVICES devices, then $TOTAL_MIN min at one reading each every $INTERVAL_S s"
start_simulator "$MQTT_PORT" "$URL" "$(cat "$DATA/admin-token")"
await_simulator 'devices to' 900 # logged once provisioning is done, as the load starts
T0=$(now_ms)
java -cp "$BENCH_JAR" org.yizhan.bench.SoakLoad "$URL" "$DATA/admin-token" $((TOTAL_MIN * 60 + 5)) \
  nearby_per_s="$NEARBY_RATE" admin_per_s="$ADMIN_RATE" sse_clients="$SSE_CLIENTS" \
  bbox="$SSE_BBOX" window_s=60 >"$OUT-load.log" 2>"$OUT-load.err" &
LOAD_PID=$!

# The embedded PostgreSQL: "processes client_backends pss_mib rss_mib cpu_ticks", the postmaster
# (with the CPU of its exited children) and its children alive now. Shared memory is in every
# process's RSS, so the PSS sum is the one to read.
pg_stats() {
  local procs=0 backends=0 pss=0 rss=0 ticks=0 p cmd
  for p in "$PG_PID" $(pgrep -P "$PG_PID" || true); do
    cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) || continue
    procs=$((procs + 1))
    if [[ "$cmd" =~ \([0-9]+\)|\[local\] ]]; then backends=$((backends + 1)); fi
    pss=$((pss + $(awk '/^Pss:/ { print $2; exit }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
    rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
    if [[ "$p" == "$PG_PID" ]]; then
      ticks=$((ticks + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat")))
    else
      ticks=$((ticks + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
    fi
  done
  echo "$procs $backends $((pss / 1024)) $((rss / 1024)) $ticks"
}

# GC log lines $1+1..$2: "pauses max_pause_ms full_gcs min_heap_after_young_mib", leaving out the
# full GCs this script asks for (System.gc(), heap inspection).
gc_window() {
  if (($2 <= $1)); then
    echo "0 0.0 0 -"
    return 0
  fi
  sed -n "$(($1 + 1)),${2}p" "$OUT-gc.log" 2>/dev/null | awk '
    /Pause/ && !/System.gc|Heap Inspection/ {
      pauses++
      ms = $NF; sub(/ms$/, "", ms); if (ms + 0 > max) max = ms + 0
      if (/Pause Full/) full++
      if (/Pause Young/ && match($0, /[0-9]+M->[0-9]+M/)) {
        split(substr($0, RSTART, RLENGTH), a, "->"); v = a[2] + 0
        if (min == "" || v < min) min = v
      }
    }
    END { printf "%d %.1f %d %s\n", pauses, max, full, (min == "" ? "-" : min) }'
}

echo -e "minute\tphase\tt_s\tfds\tthreads\trss_mib\theap_used_mib\tyoung_after_min_mib\tgc_pauses\tgc_pause_max_ms\tfull_gcs\tlive_heap_mib\tserver_cores\tpg_cores\tmachine_cores\tpg_procs\tpg_backends\tpg_pss_mib\tpg_rss_mib\tdata_mib" >"$OUT-samples.tsv"
prev_server=$(cpu_ticks "$SERVER_PID")
read -r _ _ _ _ prev_pg <<<"$(pg_stats)"
prev_machine=$(machine_ticks)
prev_ms=$T0
gc_seen=0
for k in $(seq 0 "$TOTAL_MIN"); do
  pause_until $((T0 + k * 60000))
  kill -0 "$SERVER_PID" 2>/dev/null || { log "the server died; see $OUT-server.log"; exit 1; }
  kill -0 "$SIM_PID" 2>/dev/null || { log "the simulator exited early; see $OUT-sim.log"; exit 1; }
  kill -0 "$LOAD_PID" 2>/dev/null || { log "the load tool exited early; see $OUT-load.err"; exit 1; }
  m=$((k - WARMUP_MIN))
  phase=$([[ $m -lt 0 ]] && echo warmup || echo soak)
  t_ms=$(now_ms)
  fds=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status")
  rss=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
  heap_used=$(jstat -gc "$SERVER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i }
    NR == 2 { printf "%.0f", ($h["S0U"] + $h["S1U"] + $h["EU"] + $h["OU"]) / 1024 }')
  server_now=$(cpu_ticks "$SERVER_PID")
  machine_now=$(machine_ticks)
  read -r pg_procs pg_backends pg_pss pg_rss pg_now <<<"$(pg_stats)"
  gc_lines=$(wc -l <"$OUT-gc.log" 2>/dev/null || echo 0)
  read -r gc_pauses gc_max full_gcs young_min <<<"$(gc_window "$gc_seen" "$gc_lines")"
  data_mib=$(du -sm "$DATA" 2>/dev/null | cut -f1)
  secs=$(awk -v a="$prev_ms" -v b="$t_ms" 'BEGIN { print (b - a) / 1000 }')
  cores=$(awk -v s="$((server_now - prev_server))" -v p="$((pg_now - prev_pg))" -v t="$CLK_TCK" -v d="$secs" \
    'BEGIN { if (d <= 0) print "- -"; else printf "%.2f %.2f\n", s / t / d, p / t / d }')
  busy=$([[ $k -eq 0 ]] && echo - || busy_cores "$prev_machine" "$machine_now")
  [[ $k -eq 0 ]] && cores="- -"
  live="-"
  if ((m >= 0 && (m % GC_EVERY_MIN == 0 || m == MINUTES))); then
    live=$(live_heap_mib "$SERVER_PID")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$m" "$phase" "$(awk -v a="$T0" -v b="$t_ms" 'BEGIN { printf "%.0f", (b - a) / 1000 }')" \
    "$fds" "$threads" "$rss" "$heap_used" "$young_min" "$gc_pauses" "$gc_max" "$full_gcs" "$live" \
    ${cores} "$busy" "$pg_procs" "$pg_backends" "$pg_pss" "$pg_rss" "$data_mib" >>"$OUT-samples.tsv"
  log "minute $m ($phase): fds $fds, threads $threads, RSS ${rss} MiB, heap ${heap_used} MiB, live heap $live MiB, PostgreSQL $pg_backends backends ${pg_pss} MiB PSS, data ${data_mib} MiB; $(grep 'readings/s acked' "$OUT-sim.log" | tail -1 | sed -E 's/.* ([0-9]+) readings\/s acked.*p50 ([0-9.]+) p90 [0-9.]+ p99 ([0-9.]+).*/\1 acked\/s, PUBACK p50 \2 p99 \3 ms/')"
  prev_server=$server_now prev_pg=$pg_now prev_machine=$machine_now prev_ms=$t_ms gc_seen=$gc_lines
done

log "soak over; waiting for the load tool and the simulator to finish"
wait "$LOAD_PID" || log "the load tool failed; see $OUT-load.err"
LOAD_PID=""
wait "$SIM_PID" || log "the simulator failed; see $OUT-sim.log"
SIM_PID=""
stop_server

# One row a minute: the samples, the simulator's line and the load tool's window of that minute.
grep 'readings/s acked' "$OUT-sim.log" | sed -E \
  's/.*sim: ([0-9]+)\/[0-9]+ online, ([0-9]+) readings\/s acked.*losses ([0-9]+),.*p50 ([0-9.]+) p90 [0-9.]+ p99 ([0-9.]+) max ([0-9.]+).*/\1 \2 \3 \4 \5 \6/' \
  >"$OUT-sim-minutes.txt"
grep '^SOAK_WINDOW' "$OUT-load.log" >"$OUT-load-minutes.txt" || true
awk -v warm="$WARMUP_MIN" -F'\t' -v OFS='\t' '
  FILENAME == ARGV[1] { sim[FNR] = $0; next }
  FILENAME == ARGV[2] {
    n = split($0, f, " "); delete v
    for (i = 2; i <= n; i++) { split(f[i], kv, "="); v[kv[1]] = kv[2] }
    adm_err = v["devices_err"] + v["devices_timeout"] + v["rejections_err"] + v["rejections_timeout"] + v["fleet_err"] + v["fleet_timeout"]
    load[v["minute"]] = v["nearby_n"] OFS v["nearby_err"] + v["nearby_timeout"] OFS v["nearby_p50_ms"] OFS v["nearby_p99_ms"] \
      OFS v["devices_p50_ms"] OFS v["devices_p99_ms"] OFS v["rejections_p50_ms"] OFS v["rejections_p99_ms"] \
      OFS v["fleet_p50_ms"] OFS v["fleet_p99_ms"] OFS adm_err OFS v["nearby_shed"] + v["devices_shed"] + v["rejections_shed"] + v["fleet_shed"] \
      OFS v["sse_open"] OFS v["sse_events"] OFS v["sse_mib"] OFS v["sse_drops"] + v["sse_connect_failures"]
    next
  }
  FNR == 1 {
    print $0, "online", "acked_per_s", "losses", "puback_p50_ms", "puback_p99_ms", "puback_max_ms", "nearby_n", "nearby_errors", "nearby_p50_ms", "nearby_p99_ms", "devices_p50_ms", "devices_p99_ms", "rejections_p50_ms", "rejections_p99_ms", "fleet_p50_ms", "fleet_p99_ms", "admin_errors", "shed", "sse_open", "sse_events", "sse_mib", "sse_drops"
    next
  }
  {
    k = $1 + warm
    s = (k in sim) ? sim[k] : "- - - - - -"; gsub(/ /, OFS, s)
    l = (k in load) ? load[k] : "-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-"
    print $0, s, l
  }' "$OUT-sim-minutes.txt" "$OUT-load-minutes.txt" "$OUT-samples.tsv" >"$OUT-minutes.tsv"

STEADY=$(java -cp "$BENCH_JAR" org.yizhan.bench.JsonField "$OUT-sim.json" \
  steady.acknowledged_readings_per_s steady.latency_ms.p50 steady.latency_ms.p99 steady.latency_ms.max \
  acknowledged_readings failed_connects connection_losses 2>/dev/null || echo "- - - - - - -")
read -r S_RATE S_P50 S_P99 S_MAX S_ACKED S_FAILED S_LOSSES <<<"$STEADY"
{
  cat "$OUT-env.txt"
  echo
  echo "SOAK ingest over the $MINUTES min: ${S_RATE} readings/s acked, PUBACK p50 ${S_P50} ms p99 ${S_P99} ms max ${S_MAX} ms; acked ${S_ACKED}, failed connects ${S_FAILED}, connection losses ${S_LOSSES}"
  echo "SOAK users over the run: $(grep '^SOAK_TOTAL' "$OUT-load.log" | cut -d' ' -f2- || echo 'no totals (see load.err)')"
  awk -F'\t' -v minutes="$MINUTES" -v heap_floor="${SOAK_HEAP_FLOOR:-0.5}" -v fd_floor="${SOAK_FD_FLOOR:-0.2}" \
    -f "$BENCH_DIR/soak-summary.awk" "$OUT-minutes.tsv"
} | tee "$OUT-summary.txt"
