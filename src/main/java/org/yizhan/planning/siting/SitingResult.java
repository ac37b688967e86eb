package org.yizhan.planning.siting;

import java.util.List;

/**
 * A siting answer. {@code sites} are in order of marginal gain (each gain counted after the sites
 * before it). {@code objective} is newly covered weight (MCLP), the number of new sites (LSCP) or
 * total weighted distance in metres (p-median); {@code bound} is a proven upper bound on the best
 * objective for MCLP and a proven lower bound for LSCP and p-median. {@code gap} is the relative
 * distance between the two, (bound - objective) / bound when maximising and (objective - bound) /
 * objective when minimising, 0 when proven optimal. {@code coveredShare} is the share of all demand
 * weight within reach of a station (fixed or new) once the sites are added. {@code method} names
 * how the answer and the bound were found, e.g. {@code "greedy+swap; bound: lagrangian"}.
 */
public record SitingResult(
    SitingModel model,
    List<SiteGain> sites,
    double objective,
    double bound,
    double gap,
    SitingStatus status,
    String method,
    double coveredShare,
    long elapsedMs) {

  public SitingResult {
    sites = List.copyOf(sites);
  }

  /** The candidate indices of the proposed sites, in proposal order. */
  public int[] candidates() {
    return sites.stream().mapToInt(SiteGain::candidate).toArray();
  }

  static double maximisationGap(double objective, double bound) {
    return bound <= 0 ? 0 : Math.max(0, (bound - objective) / bound);
  }

  static double minimisationGap(double objective, double bound) {
    return objective <= 0 ? 0 : Math.max(0, (objective - bound) / objective);
  }
}
