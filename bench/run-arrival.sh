#!/usr/bin/env bash
# Free seats on arrival (issue 17): accuracy on simulated history, in process
# (org.yizhan.bench.ArrivalAccuracy, the server's own ProfileBuilder and Forecast).
#
# Six weeks of 5-minute occupancy from the simulator's device model for ARRIVAL_STATIONS stations
# of the Shanxi demo; typical week from weeks 2-5, held-out week 6 predicted at horizons 5, 10, 15
# and 30 minutes; MAE of free seats for the model, "the current value stays" and "the historical
# mean for that hour", in the same run, for a summer, a winter and a spring week.
# ARRIVAL_FIT=1 also prints the constants fitted on the training week (week 5, model of weeks 1-4).
# Takes about 10 s per season at 300 stations. Results: bench/results/arrival.txt.
# Environment (optional): SKIP_BUILD=1 reuses the jars; ARRIVAL_STATIONS (300);
# ARRIVAL_ENDS (default "2026-08-01 2026-01-31 2026-04-25": the held-out weeks' last days).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_server
build_bench
OUT="$RESULTS_DIR/arrival.txt"
: >"$OUT"
for end in ${ARRIVAL_ENDS:-2026-08-01 2026-01-31 2026-04-25}; do
  if [[ "${ARRIVAL_FIT:-0}" == 1 ]]; then
    java -cp "$BENCH_JAR" org.yizhan.bench.ArrivalAccuracy "${ARRIVAL_STATIONS:-300}" "$end" fit \
      | tee -a "$OUT"
  fi
  java -cp "$BENCH_JAR" org.yizhan.bench.ArrivalAccuracy "${ARRIVAL_STATIONS:-300}" "$end" \
    | tee -a "$OUT"
done
