package org.yizhan.planning;

import java.util.List;
import java.util.Optional;
import org.yizhan.planning.siting.SitingResult;

/**
 * What a planning run answers.
 *
 * @param demand the demand points as weighted for the run (overflow weighting applied)
 * @param before coverage of the demand by the network the run started from
 * @param siting the siting answer; empty for a coverage run
 * @param sites the proposed sites in order of marginal gain, with where they are
 * @param after coverage with the proposed sites added; empty for a coverage run
 * @param notes what the run did that the planner should know (weights changed, network empty)
 */
public record PlanResult(
    PlanRequest request,
    PlanPoints demand,
    CoverageReport before,
    Optional<SitingResult> siting,
    List<ProposedSite> sites,
    Optional<CoverageReport> after,
    List<String> notes) {

  /** A proposed new site. */
  public record ProposedSite(
      int rank, double lat, double lon, String label, String kind, double gain) {}
}
