#!/usr/bin/env bash
# Offline detection (issue 4): how soon after its window a silent device is marked offline.
#
#  1. Server on a fresh data dir with the Shanxi demo network (embedded defaults).
#  2. `yizhan simulate`: OFFLINE_DEVICES devices (default 1,000), one reading each every 5 s (the
#     shortest interval a device may have: its window is 3 intervals, 15 s), no faults.
#  3. After 30 s the simulator is frozen with SIGSTOP: connections stay open, telemetry stops, as
#     when a sensor hangs but its modem keeps the link (keep-alives would say "online").
#  4. org.yizhan.bench.OfflineDetection waits until every device is offline and reports, for each,
#     the time its change to offline was recorded minus the end of its window (last receipt +
#     3 intervals). Target: within the window + 5 s.
# Results: bench/results/offline-*; the last line printed is the summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEVICES="${OFFLINE_DEVICES:-1000}"
OUT="$RESULTS_DIR/offline"
DATA="$OUT-data"
SIM_PID=""
cleanup() {
  if [[ -n "$SIM_PID" ]]; then
    kill -CONT "$SIM_PID" 2>/dev/null || true
    kill -9 "$SIM_PID" 2>/dev/null || true
  fi
  stop_server
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_server
build_bench
environment >"$OUT-env.txt"
rm -rf "$DATA"
mkdir -p "$DATA"
PORT=$(pick_port)
URL="http://127.0.0.1:$PORT"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo
wait_ready "$PORT" 120 "$SERVER_PID" "$SERVER_START_MS" >/dev/null
TOKEN=$(cat "$DATA/admin-token")

log "simulator: $DEVICES devices every 5 s"
YIZHAN_LOG_FORMAT=text java -Xmx1g -jar "$SERVER_JAR" simulate \
  --mqtt "tcp://127.0.0.1:$((PORT + 3))" --http "$URL" --admin-token "$TOKEN" \
  --credentials "$OUT-credentials.csv" --stations "$DEVICES" --interval-s 5 --duration-s 0 \
  --faulty-share 0 --dropout-share 0 --outages-per-hour 0 --report-s 5 >"$OUT-sim.log" 2>&1 &
SIM_PID=$!
until grep -q 'online,' "$OUT-sim.log" 2>/dev/null; do
  kill -0 "$SIM_PID" 2>/dev/null || { log "simulator exited early; see $OUT-sim.log"; exit 1; }
  sleep 1
done
sleep 30
log "freezing the simulator (SIGSTOP): connections stay open, telemetry stops"
kill -STOP "$SIM_PID"
java -cp "$BENCH_JAR" org.yizhan.bench.OfflineDetection "$URL" "$TOKEN" "$DEVICES" 60 | tee "$OUT-summary.txt"
