#!/usr/bin/env bash
# Siting (issue 15): MCLP at city and national scale, in process (org.yizhan.bench.SitingBenchmark).
#
#  city      5,000 demand, 1,000 candidates, k = 20, random clustered instance (radius 600 m, about 87
#            demand points per candidate). The default policy must prove it optimal in under 30 s.
#            Baseline in the same run: Debian's GLPK (glpsol) on the same reduced model, written as
#            CPLEX LP by Siting.mclpLpFormat. Also CP-SAT on the same model and the heuristic alone.
#  national  1,000,000 demand, 50,000 candidates, k = 100 (radius 1,000 m): under 60 s with a gap
#            of at most 2 % to its Lagrangian bound.
#  scale     the city shape at 1, 2, 4, 8 times its size with SCIP (places the exact threshold).
#
# Needs glpsol: apt-get install -y glpk-utils. Results: bench/results/siting-*.txt.
# Environment (optional): SKIP_BUILD=1 reuses the jars; SITING_CASES (default "city national");
# SITING_SEEDS (default "15 16 17").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v glpsol >/dev/null || { log "glpsol missing: apt-get install -y glpk-utils"; exit 1; }
build_server
build_bench
OUT="$RESULTS_DIR/siting"
environment >"$OUT-env.txt"
cat "$OUT-env.txt" >&2
for case in ${SITING_CASES:-city national}; do
  for seed in ${SITING_SEEDS:-15 16 17}; do
    log "siting $case seed $seed"
    java -Xmx3g -cp "$BENCH_JAR" org.yizhan.bench.SitingBenchmark "$case" "$seed" 2>&1 \
      | grep '^SITING' | tee -a "$OUT-$case.txt"
  done
done
