#!/usr/bin/env bash
# Nearby while a national planning run goes (issue 15): "while a national run goes, nearby p99 stays
# under 10 ms at 5,000 req/s".
#
#  1. Server: java $SERVER_JAVA_OPTS (default -Xmx3g and the priority options below; a GC log) -jar yizhan-all.jar --demo=national
#     (186,100 stations) on a fresh data dir with the embedded PostgreSQL, and
#     YIZHAN_HTTP_MAX_BODY_BYTES raised to 64 MiB so that the national demand set fits one upload.
#  2. Sets: org.yizhan.bench.PlanningSets writes 1,000,000 weighted demand points and 50,000
#     candidates around 2,000 towns centred on stations of the national network (seed 15); both are
#     uploaded as CSV with PUT /api/v1/planning/sets/{demand,candidate}/... (admin token), timed.
#  3. Load: org.yizhan.bench.NearbyLoad, GET /api/v1/stations/nearby?limit=10 at the 4,096 points
#     of the HTTP benchmark (points.tsv), at a FIXED rate (PLAN_LOAD_RATE, 5,000/s, open loop) over
#     PLAN_LOAD_CONNECTIONS (32) keep-alive connections from one event loop; latency from the send
#     and from the time each request was due. One discarded warm-up of PLAN_LOAD_WARMUP_S (15 s).
#  4. Rounds (PLAN_LOAD_ROUNDS, 3), interleaved: phase A = the load for PLAN_LOAD_S (20 s) with no
#     run; phase B = POST /runs {kind: mclp, k: 100, radius_m: 1000, candidates: {set}}, wait until
#     it is 'running', then the same load until PLAN_LOAD_S is over or the run stops running
#     (whichever is first: every counted request overlapped the run), then wait for the run to end
#     and record its time, objective, bound, gap (from round PLAN_RUN_FINISH_ROUNDS + 1 on, the
#     run is cancelled after phase B instead, so that more rounds fit). Each load gets a 2 s
#     uncounted ramp.
#  5. Per round: the server's CPU, that of its run threads and of its event loops, G1's pauses
#     (jstat; 0 under ZGC), the generator's own CPU (user+sys of its JVM) and the machine's busy
#     cores. The summary gives the medians per phase and the verdict on phase B.
# Results: bench/results/planning-load[-TAG]-*: env.txt, rounds.txt (one line per phase and round),
# runs.txt, summary.txt (printed at the end), and the raw logs. The data dir is deleted at the end.
#
# The server's default JVM options put the planning run's thread at nice 19
# (-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19; Linux ignores Java thread
# priorities otherwise, and the policy needs root), so the event loops keep the CPU while a run goes.
#
# Environment (all optional): PLAN_LOAD_RATE=5000 PLAN_LOAD_S=20 PLAN_LOAD_ROUNDS=3
# PLAN_LOAD_WARMUP_S=15 PLAN_LOAD_CONNECTIONS=32 PLAN_LOAD_TAG, PLAN_RUN_FINISH_ROUNDS (all),
# PLAN_RUN_EXTRA (extra JSON fields of
# the run, e.g. '"time_limit_s": 60,'), SERVER_JAVA_OPTS, LOAD_JAVA_OPTS (default -Xmx256m
# -XX:+UseSerialGC -XX:TieredStopAtLevel=1), SKIP_BUILD=1, YIZHAN_BENCH_PORT,
# SERVER_JAR_OVERRIDE (a server jar to measure instead of this tree's, e.g. an older build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RATE="${PLAN_LOAD_RATE:-5000}"
LOAD_S="${PLAN_LOAD_S:-20}"
ROUNDS="${PLAN_LOAD_ROUNDS:-3}"
WARMUP_S="${PLAN_LOAD_WARMUP_S:-15}"
CONNECTIONS="${PLAN_LOAD_CONNECTIONS:-32}"
FINISH_ROUNDS="${PLAN_RUN_FINISH_ROUNDS:-$ROUNDS}"
OUT="$RESULTS_DIR/planning-load${PLAN_LOAD_TAG:+-$PLAN_LOAD_TAG}"
DATA="$OUT-data"
SETS="$RESULTS_DIR/planning-sets"
PORT="$(pick_port)"
URL="http://127.0.0.1:$PORT"
API="$URL/api/v1/planning"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xmx3g -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19} -Xlog:gc:file=$OUT-gc.log:uptime,level"
LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
CLK_TCK=$(getconf CLK_TCK)
export YIZHAN_HTTP_MAX_BODY_BYTES=$((64 * 1024 * 1024))

trap 'stop_server; rm -rf "$DATA"' EXIT
trap 'exit 130' INT TERM

build_server
if [[ -n "${SERVER_JAR_OVERRIDE:-}" ]]; then
  cp "$SERVER_JAR_OVERRIDE" "$SERVER_JAR"
fi
build_bench
ensure_points

{
  environment
  echo "server jar:  ${SERVER_JAR_OVERRIDE:-built from this tree}"
  echo "server:      java $SERVER_JAVA_OPTS -jar yizhan-all.jar --demo=national (fresh data dir)"
  echo "             YIZHAN_HTTP_MAX_BODY_BYTES=$YIZHAN_HTTP_MAX_BODY_BYTES YIZHAN_HTTP_INSTANCES=${YIZHAN_HTTP_INSTANCES:-<default: one per core>}"
  echo "load:        java $LOAD_JAVA_OPTS NearbyLoad rate=$RATE/s connections=$CONNECTIONS, $LOAD_S s per phase (+2 s ramp), $ROUNDS rounds A/B interleaved, warm-up ${WARMUP_S} s"
  echo "query:       GET /api/v1/stations/nearby?lat=..&lon=..&limit=10 at a random line of $(basename "$POINTS_FILE")"
  echo "run:         POST /api/v1/planning/runs {kind: mclp, k: 100, radius_m: 1000, candidates: {set: national-sites}, demand: national-demand} ${PLAN_RUN_EXTRA:-}"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

if [[ ! -s "$SETS/demand.csv" || ! -s "$SETS/candidates.csv" ]]; then
  log "writing the national planning sets"
  java -cp "$BENCH_JAR" org.yizhan.bench.PlanningSets "$SETS" >&2
fi

rm -rf "$DATA"
mkdir -p "$DATA"
log "starting the server (importing the national network into a fresh data dir)"
start_server "$PORT" "$DATA" "$OUT-server.log" --demo=national
READY_MS=$(wait_ready "$PORT" 600 "$SERVER_PID" "$SERVER_START_MS")
log "ready after $READY_MS ms"
TOKEN_FILE="$DATA/admin-token"
AUTH="Authorization: Bearer $(cat "$TOKEN_FILE")"

# upload KIND NAME FILE: PUT the set as CSV; prints "seconds http_code".
upload() {
  curl -s -o "$OUT-upload-$1.json" -w '%{time_total} %{http_code}\n' -X PUT -H "$AUTH" \
    -H 'Content-Type: text/csv' --data-binary @"$3" "$API/sets/$1/$2"
}
log "uploading the demand set ($(wc -c <"$SETS/demand.csv") bytes)"
read -r demand_s demand_code < <(upload demand national-demand "$SETS/demand.csv")
log "uploading the candidate set"
read -r cand_s cand_code < <(upload candidate national-sites "$SETS/candidates.csv")
if [[ "$demand_code" != 20? || "$cand_code" != 20? ]]; then
  log "upload failed ($demand_code, $cand_code); see $OUT-upload-*.json"
  exit 1
fi
UPLOAD_LINE="PLAN_UPLOAD demand_points=$(jq .point_count "$OUT-upload-demand.json") demand_bytes=$(wc -c <"$SETS/demand.csv") demand_s=$demand_s candidate_points=$(jq .point_count "$OUT-upload-candidate.json") candidate_bytes=$(wc -c <"$SETS/candidates.csv") candidate_s=$cand_s"
echo "$UPLOAD_LINE" | tee "$OUT-upload.txt" >&2

# load TAG SECONDS [name=value ...]: runs NearbyLoad; prints its NEARBY_RESULT line plus the
# generator's CPU (user+sys over its wall time, ramp included).
load() {
  local tag="$1" secs="$2" out="$OUT-load-$1.txt" t0 t1
  shift 2
  t0=$(now_ms)
  local TIMEFORMAT='LOAD_CPU user_s=%U sys_s=%S'
  # shellcheck disable=SC2086
  { time java $LOAD_JAVA_OPTS -cp "$BENCH_JAR" org.yizhan.bench.NearbyLoad "$URL" "$secs" \
    rate="$RATE" connections="$CONNECTIONS" points="$POINTS_FILE" tag="$tag" "$@" \
    >"$out" 2>"$out.err"; } 2>"$out.cpu"
  t1=$(now_ms)
  local res cpu
  res=$(grep '^NEARBY_RESULT' "$out" | cut -d' ' -f2-)
  cpu=$(grep LOAD_CPU "$out.cpu" | cut -d' ' -f2-)
  awk -v res="$res" -v u="$(kv "$cpu" user_s)" -v s="$(kv "$cpu" sys_s)" -v w="$(((t1 - t0)))" \
    'BEGIN { printf "%s load_cpu_s=%.2f load_wall_s=%.1f load_cores=%.2f\n", res, u + s, w / 1000, (u + s) / (w / 1000) }'
}

# thread_ticks PID REGEX: CPU ticks of the process's threads whose name matches.
thread_ticks() {
  local sum=0 t
  for t in /proc/"$1"/task/*; do
    if grep -Eq "$2" "$t/comm" 2>/dev/null; then
      sum=$((sum + $(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0)))
    fi
  done
  echo "$sum"
}
RUN_THREADS='^(yizhan-planning|ForkJoinPool)'
LOOP_THREADS='^vert\.x-eventloo'

# measured TAG SECONDS [args]: one load with the server's CPU and GC and the machine's busy cores
# around it; appends a ROUND line to rounds.txt.
measured() {
  local tag="$1" c0 c1 g0 g1 m0 m1 t0 t1 res r0 r1 l0 l1
  c0=$(cpu_ticks "$SERVER_PID")
  r0=$(thread_ticks "$SERVER_PID" "$RUN_THREADS")
  l0=$(thread_ticks "$SERVER_PID" "$LOOP_THREADS")
  g0=$(jstat -gc "$SERVER_PID" | tail -1)
  m0=$(machine_ticks)
  t0=$(now_ms)
  res=$(load "$@")
  t1=$(now_ms)
  c1=$(cpu_ticks "$SERVER_PID")
  r1=$(thread_ticks "$SERVER_PID" "$RUN_THREADS")
  l1=$(thread_ticks "$SERVER_PID" "$LOOP_THREADS")
  g1=$(jstat -gc "$SERVER_PID" | tail -1)
  m1=$(machine_ticks)
  # jstat -gc columns end with: YGC YGCT FGC FGCT CGC CGCT GCT.
  awk -v res="$res" -v c0="$c0" -v c1="$c1" -v t="$CLK_TCK" -v w="$(((t1 - t0)))" -v g0="$g0" \
    -v g1="$g1" -v busy="$(busy_cores "$m0" "$m1")" -v r="$((r1 - r0))" -v l="$((l1 - l0))" 'BEGIN {
      k = split(g0, x, " "); split(g1, y, " "); s = t * w / 1000
      printf "ROUND %s server_cores=%.2f run_threads_cores=%.2f event_loop_cores=%.2f machine_busy_cores=%s young_gcs=%d gc_pause_ms=%.0f\n",
        res, (c1 - c0) / s, r / s, l / s, busy, y[k-6] - x[k-6], (y[k] - x[k]) * 1000 }' |
    tee -a "$OUT-rounds.txt" >&2
}

# run_field ID JQ: a field of the run.
run_json() { curl -sf -H "$AUTH" "$API/runs/$1"; }

log "warm-up: ${WARMUP_S} s of load (discarded)"
load warmup "$WARMUP_S" warmup_s=0 >/dev/null
: >"$OUT-rounds.txt"
: >"$OUT-runs.txt"
for r in $(seq 1 "$ROUNDS"); do
  log "round $r, phase A: no run"
  measured "A$r" "$LOAD_S"

  log "round $r, phase B: submitting the national MCLP"
  body="{\"kind\": \"mclp\", \"name\": \"bench-$r\", \"demand\": \"national-demand\", \"candidates\": {\"set\": \"national-sites\"}, \"radius_m\": 1000, \"k\": 100, ${PLAN_RUN_EXTRA:-} \"method\": \"auto\"}"
  submitted_ms=$(now_ms)
  location=$(curl -s -D - -o "$OUT-submit-$r.json" -X POST -H "$AUTH" -H 'Content-Type: application/json' \
    --data "$body" "$API/runs" | awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
  id="${location##*/}"
  if [[ -z "$id" ]]; then
    log "the run was not accepted; see $OUT-submit-$r.json"
    exit 1
  fi
  state=""
  for _ in $(seq 1 600); do
    state=$(run_json "$id" | jq -r .state)
    [[ "$state" == queued ]] || break
    sleep 0.05
  done
  if [[ "$state" != running ]]; then
    log "run $id is '$state', not running; see the server log"
    exit 1
  fi
  running_ms=$(($(now_ms) - submitted_ms))
  measured "B$r" "$LOAD_S" watch="/api/v1/planning/runs/$id" token_file="$TOKEN_FILE"
  if ((r > FINISH_ROUNDS)); then
    # Only the first FINISH_ROUNDS runs are waited for (their figures are recorded); later ones
    # are cancelled once their phase B is over, so that more rounds fit in the time.
    curl -sf -o /dev/null -X DELETE -H "$AUTH" "$API/runs/$id" || true
  fi
  for _ in $(seq 1 3600); do
    state=$(run_json "$id" | jq -r .state)
    [[ "$state" == queued || "$state" == running ]] || break
    sleep 0.5
  done
  run_json "$id" >"$OUT-run-$r.json"
  if ((r > FINISH_ROUNDS)); then
    echo "RUN round=$r state=$state (cancelled after phase B)" | tee -a "$OUT-runs.txt" >&2
    continue
  fi
  started=$(jq -r .started_at "$OUT-run-$r.json")
  finished=$(jq -r .finished_at "$OUT-run-$r.json")
  run_s=$(awk -v a="$(date -d "$started" +%s.%N)" -v b="$(date -d "$finished" +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  jq -r --arg r "$r" --arg q "$running_ms" --arg s "$run_s" '"RUN round=\($r) state=\(.state) running_after_ms=\($q) run_s=\($s) solver_ms=\(.result.siting.elapsed_ms) objective=\(.result.siting.objective) bound=\(.result.siting.bound) gap=\(.result.siting.gap) status=\(.result.siting.status) method=\(.result.siting.method | tostring | gsub(" "; "_")) share_before=\(.result.before.share) share_after=\(.result.after.share)"' \
    "$OUT-run-$r.json" | tee -a "$OUT-runs.txt" >&2
done

# med PHASE KEY: the median of KEY over the ROUND lines of one phase.
med() { grep "tag=$1" "$OUT-rounds.txt" | while read -r l; do kv "$l" "$2"; done | median; }
{
  cat "$OUT-env.txt"
  echo "ready_ms:    $READY_MS"
  echo
  echo "$UPLOAD_LINE"
  cat "$OUT-runs.txt"
  cat "$OUT-rounds.txt"
  for p in A B; do
    echo "MEDIAN phase=$p rps=$(med "$p" rps) p50_ms=$(med "$p" p50_ms) p90_ms=$(med "$p" p90_ms) p99_ms=$(med "$p" p99_ms) p999_ms=$(med "$p" p999_ms) sched_p99_ms=$(med "$p" sched_p99_ms) lag_p99_ms=$(med "$p" lag_p99_ms) seconds=$(med "$p" seconds) load_cores=$(med "$p" load_cores) server_cores=$(med "$p" server_cores) run_threads_cores=$(med "$p" run_threads_cores) event_loop_cores=$(med "$p" event_loop_cores) machine_busy_cores=$(med "$p" machine_busy_cores) gc_pause_ms=$(med "$p" gc_pause_ms)"
  done
  awk -v p="$(med B p99_ms)" -v r="$(med B rps)" -v t="$RATE" 'BEGIN {
    printf "TARGET phase B p99 < 10 ms at %d req/s: %s (p99 %s ms at %s req/s)\n", t, (p < 10 && r >= 0.98 * t ? "met" : "MISSED"), p, r }'
} >"$OUT-summary.txt"
tail -3 "$OUT-summary.txt"
