package org.yizhan.planning;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.yizhan.error.DomainException;
import org.yizhan.planning.siting.SitingMethod;

/**
 * One planning run as a planner asks for it.
 *
 * @param demand the demand set's name
 * @param candidates where new sites may go: a stored candidate set, a grid over the uncovered
 *     demand, or the demand points themselves (siting runs only)
 * @param radiusM the service distance, great-circle metres
 * @param k how many new sites (MCLP, p-median)
 * @param targetShare the coverage share to reach (LSCP), 0 to 1
 * @param added sites added to the network for a what-if
 * @param removed station ids taken out of the network for a what-if
 * @param keepExisting whether the existing stations stay (the default); without them the run sites
 *     a network from nothing (the what-if's added sites still count)
 * @param overflow weights demand near overloaded stations more, from their recent use
 * @param maxDistanceM p-median: distances are capped at this (demand farther from every station
 *     counts as this far)
 */
public record PlanRequest(
    PlanKind kind,
    String name,
    String demand,
    Candidates candidates,
    double radiusM,
    int k,
    double targetShare,
    SitingMethod method,
    Duration timeLimit,
    List<PlanNetwork.Site> added,
    List<String> removed,
    boolean keepExisting,
    Optional<Overflow> overflow,
    double maxDistanceM) {

  /** The longest a run may be given. */
  public static final Duration MAX_TIME_LIMIT = Duration.ofMinutes(30);

  /** Where new sites may go. */
  public sealed interface Candidates {
    /** A stored candidate set by name. */
    record Stored(String name) implements Candidates {}

    /** A square grid of this spacing over the demand the network leaves uncovered. */
    record Grid(double spacingM) implements Candidates {}

    /** At the demand points themselves. */
    record AtDemand() implements Candidates {}

    /** None: a coverage run. */
    record None() implements Candidates {}
  }

  /**
   * Demand weighting by overflow: a demand point's weight is multiplied by {@code 1 + factor × full
   * share} of its nearest station over the last {@code days} days, so relief goes where stations
   * are full.
   */
  public record Overflow(int days, double factor) {
    public Overflow {
      if (days < 1 || days > 366) {
        throw DomainException.InvalidInput.of("overflow.days", "must be 1 to 366");
      }
      if (!(factor > 0 && factor <= 100)) {
        throw DomainException.InvalidInput.of("overflow.factor", "must be above 0 and at most 100");
      }
    }
  }

  public PlanRequest {
    PlanSet.checkName(name);
    PlanSet.checkName(demand);
    CoverageEngine.checkRadius(radiusM);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    if (kind.sites() && candidates instanceof Candidates.None) {
      throw DomainException.InvalidInput.of("candidates", "is required for a siting run");
    }
    if ((kind == PlanKind.MCLP || kind == PlanKind.P_MEDIAN) && (k < 1 || k > 10_000)) {
      throw DomainException.InvalidInput.of("k", "must be 1 to 10000");
    }
    if (kind == PlanKind.LSCP && !(targetShare > 0 && targetShare <= 1)) {
      throw DomainException.InvalidInput.of("target_share", "must be above 0 and at most 1");
    }
    if (timeLimit.isNegative() || timeLimit.isZero() || timeLimit.compareTo(MAX_TIME_LIMIT) > 0) {
      throw DomainException.InvalidInput.of("time_limit_s", "must be 1 to 1800 seconds");
    }
    if (!(maxDistanceM >= radiusM && maxDistanceM <= CoverageEngine.MAX_RADIUS_M)) {
      throw DomainException.InvalidInput.of(
          "max_distance_m", "must be at least the radius and at most 100000 metres");
    }
  }
}
