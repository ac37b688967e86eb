#!/usr/bin/env bash
# The public map page on a phone (issue 5), in Debian's headless chromium driven by Selenium, with
# Chrome DevTools throttling, 390x844 (DPR 2, mobile), a fixed position in central Taiyuan and no
# tiles (every host but 127.0.0.1 is unresolvable). org.yizhan.bench.PhoneMapBench does the work.
#
#  1. render: server with the Shanxi demo (--demo) on a fresh data dir. RENDER_RUNS (default 7)
#     cold loads (fresh browser and profile each) per profile, interleaved: "none" (the baseline:
#     no throttling), "slow4g" (150 ms, 1.6 Mbit/s down, 750 kbit/s up, CPU x4) and "3g" (300 ms,
#     750 kbit/s down, 250 kbit/s up, CPU x4). Measures the page's own
#     performance.mark('yz-first-useful') (the nearest-stations list first shows results),
#     DOMContentLoaded, load, bytes transferred and requests; median, min, max per profile and the
#     ratios to the baseline.
#  2. pan: server with --demo=national (186,100 stations). PAN_RUNS (default 3) times: CPU x4, no
#     network throttling, wait for the mark, then 10 pans at zoom 12 over Taiyuan, out to China at
#     zoom 5 and 4, back in to Taiyuan, 10 pans at zoom 6 over east China (600 ms apart, through
#     window.yizhanMap; without it, 20 mouse drags on #map). Long tasks of that phase: max, count
#     over 50 ms and over 200 ms, total blocking time.
# Results: bench/results/phone-map-*.txt; the last lines printed are the summary.
#
# Environment (all optional):
#   SKIP_BUILD=1       reuse the jars built by an earlier run
#   RENDER_RUNS=7  PAN_RUNS=3
#   MARK_TIMEOUT_S=30  how long to wait for the mark before reporting that it never appeared
#   ONLY="render pan"  run only some of the two parts
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RENDER_RUNS="${RENDER_RUNS:-7}"
PAN_RUNS="${PAN_RUNS:-3}"
MARK_TIMEOUT_S="${MARK_TIMEOUT_S:-30}"
ONLY="${ONLY:-render pan}"
has() { [[ " $ONLY " == *" $1 "* ]]; }

OUT="$RESULTS_DIR/phone-map"
trap stop_server EXIT
trap 'exit 130' INT TERM

for f in /usr/bin/chromium /usr/bin/chromedriver; do
  if [[ ! -x "$f" ]]; then
    log "$f is missing: apt-get install chromium chromium-driver"
    exit 1
  fi
done

build_server
build_bench
{
  environment
  echo "chromium:    $(/usr/bin/chromium --version 2>/dev/null)"
} >"$OUT-env.txt"
cat "$OUT-env.txt" >&2

# phone_map PART DEMO_ARG RUNS READY_TIMEOUT_S: one server, one PhoneMapBench mode against it.
phone_map() {
  local part="$1" demo="$2" runs="$3" ready_s="$4"
  local data="$OUT-$part-data"
  rm -rf "$data"
  mkdir -p "$data"
  local port
  port=$(pick_port)
  start_server "$port" "$data" "$OUT-$part-server.log" "$demo"
  wait_ready "$port" "$ready_s" "$SERVER_PID" "$SERVER_START_MS" >/dev/null
  log "$part: $runs runs against http://127.0.0.1:$port ($demo)"
  : >"$OUT-$part.txt"
  java -cp "$BENCH_JAR" org.yizhan.bench.PhoneMapBench "http://127.0.0.1:$port" "$part" "$runs" \
    "$OUT-$part.txt" --timeout-s="$MARK_TIMEOUT_S" >&2
  stop_server
  rm -rf "$data" # scratch (up to a few hundred MB with the national network)
}

if has render; then
  phone_map render --demo "$RENDER_RUNS" 120
fi
if has pan; then
  phone_map pan --demo=national "$PAN_RUNS" 300
fi

files=()
has render && files+=("$OUT-render.txt")
has pan && files+=("$OUT-pan.txt")
grep -h -E '^(RENDER |RENDER_RATIO |PAN_RUN |PAN |# )' "${files[@]}" | tee "$OUT-summary.txt"
