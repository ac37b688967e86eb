package org.yizhan.planning.siting;

import java.util.List;

/** Builds results with one rule for status and gap across the models. */
final class Results {
  /** Relative gap under which an answer counts as proven optimal (float round-off, not a rule). */
  static final double OPTIMAL_GAP = 1e-9;

  private Results() {}

  static SitingResult maximised(
      SitingModel model,
      List<SiteGain> sites,
      double value,
      double bound,
      boolean provenBySolver,
      String method,
      double share,
      SitingRun run) {
    double gap = SitingResult.maximisationGap(value, bound);
    boolean optimal = gap <= OPTIMAL_GAP || provenBySolver && gap <= 1e-6;
    return build(
        model,
        sites,
        value,
        optimal ? Math.max(value, bound) : bound,
        optimal ? 0 : gap,
        optimal,
        method,
        share,
        run);
  }

  static SitingResult minimised(
      SitingModel model,
      List<SiteGain> sites,
      double value,
      double bound,
      boolean provenBySolver,
      String method,
      double share,
      SitingRun run) {
    double gap = SitingResult.minimisationGap(value, bound);
    boolean optimal = gap <= OPTIMAL_GAP || provenBySolver && gap <= 1e-6;
    return build(
        model,
        sites,
        value,
        optimal ? Math.min(value, bound) : bound,
        optimal ? 0 : gap,
        optimal,
        method,
        share,
        run);
  }

  private static SitingResult build(
      SitingModel model,
      List<SiteGain> sites,
      double value,
      double bound,
      double gap,
      boolean optimal,
      String method,
      double share,
      SitingRun run) {
    SitingStatus status =
        run.cancelled()
            ? SitingStatus.CANCELLED
            : optimal ? SitingStatus.OPTIMAL : SitingStatus.FEASIBLE_WITH_GAP;
    return new SitingResult(
        model, sites, value, bound, gap, status, method, share, run.elapsedMs());
  }
}
