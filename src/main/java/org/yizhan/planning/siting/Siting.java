package org.yizhan.planning.siting;

import org.yizhan.error.DomainException;
import org.yizhan.planning.CoverInstance;

/**
 * Siting new stations: the three models with the existing network fixed. Each call blocks its
 * thread for up to the run's time limit (run it off the event loop) and answers the sites in order
 * of marginal gain with the objective, a proven bound and the gap between them. Bad parameters are
 * refused with {@link DomainException.InvalidInput} naming the parameter.
 */
public final class Siting {
  private Siting() {}

  /** Maximal covering: at most k new sites maximising newly covered demand weight. */
  public static SitingResult mclp(
      CoverInstance instance, int k, SitingMethod method, SitingRun run) {
    checkK(k);
    return Mclp.solve(instance, k, method, run);
  }

  /**
   * Set covering: the fewest new sites so that at least {@code targetShare} of all demand weight
   * (already covered demand included) is covered. A share no choice of sites reaches is refused,
   * naming the best reachable share.
   */
  public static SitingResult lscp(
      CoverInstance instance, double targetShare, SitingMethod method, SitingRun run) {
    if (!(targetShare > 0 && targetShare <= 1)) {
      throw DomainException.InvalidInput.of("target", "must be a share above 0 and at most 1");
    }
    return Lscp.solve(instance, targetShare, method, run);
  }

  /** p-median: at most k new sites minimising total weighted distance to the nearest station. */
  public static SitingResult pMedian(
      CoverInstance instance, int k, SitingMethod method, SitingRun run) {
    checkK(k);
    if (!instance.hasDistances()) {
      throw DomainException.InvalidInput.of("base", "p-median needs the instance's distances");
    }
    return PMedian.solve(instance, k, method, run);
  }

  /** The reduced MCLP exactly as the MIP solves it, in CPLEX LP format (for other solvers). */
  public static String mclpLpFormat(CoverInstance instance, int k) {
    checkK(k);
    return MclpExact.lpFormat(Cover.reduce(instance), k);
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw DomainException.InvalidInput.of("k", "must be at least 1");
    }
  }
}
