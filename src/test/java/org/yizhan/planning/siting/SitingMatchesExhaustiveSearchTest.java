package org.yizhan.planning.siting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.planning.CoverInstance;

/**
 * Verifies that each siting model's exact answer equals exhaustive search on small random instances
 * (12 candidates, k up to 4, 30 demand points), that the heuristic is never better than that, that
 * every reported bound holds against the exhaustive optimum, and that the objective is what the
 * proposed sites really achieve.
 */
class SitingMatchesExhaustiveSearchTest {
  private static final double TOL = 1e-7;

  static List<Long> seeds() {
    return java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList();
  }

  private static SitingRun run() {
    return SitingRun.limited(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mclpExactEqualsExhaustiveAndHeuristicNeverBeatsIt(long seed) {
    boolean whole = seed % 2 == 0;
    CoverInstance in = SmallInstances.random(seed, 30, 12, 3, whole);
    for (int k = 1; k <= 4; k++) {
      double best = SmallInstances.bestMclp(in, k);
      for (SitingMethod method : SitingMethod.values()) {
        SitingResult r = Siting.mclp(in, k, method, run());
        assertThat(r.objective())
            .as("value of the sites, %s k=%d", method, k)
            .isCloseTo(SmallInstances.newlyCovered(in, r.candidates()), within(TOL));
        assertThat(r.sites()).hasSizeLessThanOrEqualTo(k);
        assertThat(r.objective()).as("%s k=%d", method, k).isLessThanOrEqualTo(best + TOL);
        assertThat(r.bound()).as("bound %s k=%d", method, k).isGreaterThanOrEqualTo(best - TOL);
        assertGainsAddUp(r);
        if (method != SitingMethod.HEURISTIC) {
          assertThat(r.objective()).as("exact %s k=%d", method, k).isCloseTo(best, within(TOL));
        }
        // CP-SAT scales fractional weights to integers, so it proves optimality only when whole.
        if (method == SitingMethod.CP_SAT && !whole) {
          assertThat(r.gap()).isLessThan(1e-5);
        } else if (method != SitingMethod.HEURISTIC) {
          assertThat(r.status()).as("%s k=%d", method, k).isEqualTo(SitingStatus.OPTIMAL);
          assertThat(r.gap()).isZero();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void lscpExactEqualsExhaustive(long seed) {
    CoverInstance in = SmallInstances.random(seed, 30, 12, 3, seed % 2 == 1);
    double now = SmallInstances.share(in, new int[0]);
    double reachable = SmallInstances.share(in, java.util.stream.IntStream.range(0, 12).toArray());
    for (double part : new double[] {0.3, 0.7, 1.0}) {
      double target = Math.min(1, now + (reachable - now) * part);
      if (target <= 0) {
        continue;
      }
      int fewest = SmallInstances.fewestSites(in, target);
      for (SitingMethod method : SitingMethod.values()) {
        SitingResult r = Siting.lscp(in, target, method, run());
        assertThat(SmallInstances.share(in, r.candidates()))
            .as("%s reaches %.4f", method, target)
            .isGreaterThanOrEqualTo(target - TOL);
        assertThat(r.coveredShare())
            .isCloseTo(SmallInstances.share(in, r.candidates()), within(TOL));
        assertThat(r.objective()).isEqualTo(r.sites().size());
        assertThat(r.objective()).as("%s", method).isGreaterThanOrEqualTo(fewest);
        assertThat(r.bound()).as("bound %s", method).isLessThanOrEqualTo(fewest);
        if (method != SitingMethod.HEURISTIC) {
          assertThat(r.objective()).as("exact %s share %.4f", method, target).isEqualTo(fewest);
          assertThat(r.status()).isEqualTo(SitingStatus.OPTIMAL);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void pMedianExactEqualsExhaustive(long seed) {
    CoverInstance in = SmallInstances.random(seed, 30, 12, 2, false);
    for (int k = 1; k <= 4; k++) {
      double best = SmallInstances.bestPMedian(in, k);
      double tol = TOL * best;
      for (SitingMethod method : SitingMethod.values()) {
        SitingResult r = Siting.pMedian(in, k, method, run());
        assertThat(r.objective())
            .as("cost of the sites, %s k=%d", method, k)
            .isCloseTo(SmallInstances.weightedDistance(in, r.candidates()), within(tol));
        assertThat(r.objective()).as("%s k=%d", method, k).isGreaterThanOrEqualTo(best - tol);
        assertThat(r.bound()).as("bound %s k=%d", method, k).isLessThanOrEqualTo(best + tol);
        double saved = r.sites().stream().mapToDouble(SiteGain::gain).sum();
        assertThat(SmallInstances.weightedDistance(in, new int[0]) - saved)
            .isCloseTo(r.objective(), within(tol));
        if (method != SitingMethod.HEURISTIC) {
          assertThat(r.objective()).as("exact %s k=%d", method, k).isCloseTo(best, within(tol));
          assertThat(r.status()).isEqualTo(SitingStatus.OPTIMAL);
        }
      }
    }
  }

  /** Gains are each site's marginal gain in proposal order: they sum to the objective and fall. */
  private static void assertGainsAddUp(SitingResult r) {
    double sum = 0;
    double previous = Double.POSITIVE_INFINITY;
    for (SiteGain s : r.sites()) {
      assertThat(s.gain()).isLessThanOrEqualTo(previous + TOL);
      previous = s.gain();
      sum += s.gain();
    }
    assertThat(sum).isCloseTo(r.objective(), within(TOL));
  }
}
