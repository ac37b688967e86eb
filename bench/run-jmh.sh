#!/usr/bin/env bash
# In-process benchmark of the 10 nearest stations in the national network (JMH).
#
# Measures PointIndex.nearest and StationSnapshot.nearby against two brute-force haversine scans in
# the same JMH run, and prints the ratios. Takes about 4 minutes. Results: bench/results/jmh.{txt,csv}.
#
# Environment (all optional):
#   SKIP_BUILD=1     reuse the jars built by an earlier run
#   JMH_ARGS         extra JMH options, replacing the default selection, e.g.
#                    JMH_ARGS='NearestBenchmark.index -p pointSet=near,uniform' (then no ratios)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_server
build_bench

OUT="$RESULTS_DIR/jmh"
environment >"$OUT-env.txt"
cat "$OUT-env.txt" >&2
m0=$(machine_ticks)
# shellcheck disable=SC2086
java -jar "$BENCH_JAR" ${JMH_ARGS:-NearestBenchmark} -rf csv -rff "$OUT.csv" | tee "$OUT.txt" >&2
# JMH itself keeps about one core busy (one benchmark thread); the rest is other load.
busy=$(busy_cores "$m0" "$(machine_ticks)")

# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit",params...
awk -F, -v busy="$busy" '
  function unq(s) { gsub(/"/, "", s); return s }
  NR > 1 {
    name = unq($1); sub(/.*NearestBenchmark\./, "", name); mode = unq($2); score = unq($5) + 0
    if (mode == "avgt") avg[name] = score
    if (mode == "sample" && name ~ /:p0\.(50|99)$/) pct[name] = score
  }
  END {
    if (!("indexNearest" in avg) || !("bruteForceHaversine" in avg)) { exit 0 }
    printf "JMH_RESULT index_us=%.2f snapshot_us=%.2f brute_us=%.0f brute_tuned_us=%.0f", \
      avg["indexNearest"], avg["snapshotNearby"], avg["bruteForceHaversine"], avg["bruteForceHaversineTuned"]
    printf " index_p50_us=%.2f index_p99_us=%.2f snapshot_p50_us=%.2f snapshot_p99_us=%.2f", \
      pct["indexNearest:p0.50"], pct["indexNearest:p0.99"], pct["snapshotNearby:p0.50"], pct["snapshotNearby:p0.99"]
    printf " brute_over_index=%.0f brute_tuned_over_index=%.0f brute_tuned_over_snapshot=%.0f cores_machine=%s\n", \
      avg["bruteForceHaversine"] / avg["indexNearest"], avg["bruteForceHaversineTuned"] / avg["indexNearest"], \
      avg["bruteForceHaversineTuned"] / avg["snapshotNearby"], busy
    printf "target index < 15 us/query: %s (%.2f us)\n", (avg["indexNearest"] < 15 ? "met" : "MISSED"), avg["indexNearest"] > "/dev/stderr"
  }' "$OUT.csv" | tee "$OUT-summary.txt"
