package org.yizhan.planning.siting;

/** Which way a run solves; {@link #AUTO} is the policy described in docs/planning-siting.md. */
public enum SitingMethod {
  /** Exact (SCIP) when the reduced instance is small enough, else heuristic and bound. */
  AUTO,
  /** Greedy, swap and a bound only, whatever the size. */
  HEURISTIC,
  /** The MIP through SCIP, after the heuristic (its answer is the hint), whatever the size. */
  MIP,
  /** CP-SAT on the same model, after the heuristic. */
  CP_SAT
}
