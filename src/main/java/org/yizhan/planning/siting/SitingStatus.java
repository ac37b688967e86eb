package org.yizhan.planning.siting;

/** How good a siting answer is known to be. */
public enum SitingStatus {
  /** Proven optimal: the bound equals the objective. */
  OPTIMAL,
  /** A feasible answer with a stated gap to a proven bound. */
  FEASIBLE_WITH_GAP,
  /** Cancelled by the caller: the best answer found until then, with its gap. */
  CANCELLED
}
