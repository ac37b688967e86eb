#!/usr/bin/env bash
# In-process benchmark of planning coverage (JMH): 1,000,000 weighted demand points against the
# national demo network (186,100 stations) at 1,000 m, with the network build and a brute-force
# baseline on a 1-in-1,000 sample (scale its time by 1,000) in the same run. Takes about 3 minutes.
# Results: bench/results/coverage.{txt,csv}.
#
# Environment (all optional):
#   SKIP_BUILD=1     reuse the jars built by an earlier run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_server
build_bench

OUT="$RESULTS_DIR/coverage"
environment >"$OUT-env.txt"
cat "$OUT-env.txt" >&2
java -jar "$BENCH_JAR" CoverageBenchmark -rf csv -rff "$OUT.csv" | tee "$OUT.txt" >&2

# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
awk -F, '
  function unq(s) { gsub(/"/, "", s); return s }
  NR > 1 { name = unq($1); sub(/.*CoverageBenchmark\./, "", name); ms[name] = unq($5) + 0 }
  END {
    if (!("coverage" in ms)) { exit 0 }
    printf "COVERAGE_RESULT coverage_ms=%.0f network_build_ms=%.0f brute_sample_ms=%.0f brute_full_estimate_ms=%.0f brute_over_coverage=%.0f\n", \
      ms["coverage"], ms["networkBuild"], ms["bruteForceSample"], ms["bruteForceSample"] * 1000, ms["bruteForceSample"] * 1000 / ms["coverage"]
    printf "target coverage < 5000 ms: %s (%.0f ms)\n", (ms["coverage"] < 5000 ? "met" : "MISSED"), ms["coverage"] > "/dev/stderr"
  }' "$OUT.csv" | tee "$OUT-summary.txt"
