package org.yizhan.planning.siting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies on instances too large for exhaustive search (300 demand, 60 candidates) that the two
 * exact methods agree, that every bound any method reports (LP, Lagrangian, submodular, the
 * solver's) is a true bound on the proven optimum, and that heuristics never beat it.
 */
class SitingBoundsTest {
  private static final double TOL = 1e-7;

  private static SitingRun run() {
    return SitingRun.limited(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @ValueSource(longs = {101, 102, 103, 104, 105, 106})
  void mclpMipAndCpSatAgreeAndEveryBoundHolds(long seed) {
    var in = SmallInstances.random(seed, 300, 60, 6, true);
    for (int k : new int[] {3, 7}) {
      SitingResult mip = Siting.mclp(in, k, SitingMethod.MIP, run());
      SitingResult cpSat = Siting.mclp(in, k, SitingMethod.CP_SAT, run());
      SitingResult heuristic = Siting.mclp(in, k, SitingMethod.HEURISTIC, run());
      assertThat(mip.status()).isEqualTo(SitingStatus.OPTIMAL);
      assertThat(cpSat.status()).isEqualTo(SitingStatus.OPTIMAL);
      double optimum = mip.objective();
      assertThat(cpSat.objective()).isCloseTo(optimum, within(TOL));
      assertThat(heuristic.objective()).isLessThanOrEqualTo(optimum + TOL);
      assertThat(heuristic.bound()).isGreaterThanOrEqualTo(optimum - TOL);

      Cover cover = Cover.reduce(in);
      MclpSearch greedy = new MclpSearch(cover);
      greedy.greedy(k, run());
      assertThat(MclpBound.submodular(greedy, k)).isGreaterThanOrEqualTo(optimum - TOL);
      SitingRun budget = run();
      MclpBound.Outcome lagrange =
          MclpBound.lagrangian(
              cover,
              k,
              greedy.value(),
              greedy.chosen(),
              0,
              0,
              budget,
              System.nanoTime() + 2_000_000_000L);
      assertThat(lagrange.bound()).as("Lagrangian k=%d", k).isGreaterThanOrEqualTo(optimum - TOL);
      assertThat(lagrange.bestValue()).isLessThanOrEqualTo(optimum + TOL);
      MclpSearch check = new MclpSearch(cover);
      for (int j : lagrange.bestSites()) {
        check.add(j);
      }
      assertThat(check.value()).isCloseTo(lagrange.bestValue(), within(TOL));
      assertThat(lagrange.bestSites()).hasSizeLessThanOrEqualTo(k);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {201, 202, 203, 204})
  void pMedianHeuristicBoundsHoldAgainstTheMip(long seed) {
    var in = SmallInstances.random(seed, 300, 60, 4, false);
    for (int k : new int[] {3, 8}) {
      SitingResult mip = Siting.pMedian(in, k, SitingMethod.MIP, run());
      SitingResult heuristic = Siting.pMedian(in, k, SitingMethod.HEURISTIC, run());
      double optimum = mip.objective();
      double tol = TOL * optimum;
      assertThat(mip.status()).isEqualTo(SitingStatus.OPTIMAL);
      assertThat(optimum)
          .isCloseTo(SmallInstances.weightedDistance(in, mip.candidates()), within(tol));
      assertThat(heuristic.objective()).isGreaterThanOrEqualTo(optimum - tol);
      assertThat(heuristic.bound()).isLessThanOrEqualTo(optimum + tol);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {301, 302, 303})
  void lscpHeuristicBoundsHoldAgainstTheMip(long seed) {
    var in = SmallInstances.random(seed, 300, 60, 4, false);
    double now = SmallInstances.share(in, new int[0]);
    double all = SmallInstances.share(in, java.util.stream.IntStream.range(0, 60).toArray());
    double target = now + (all - now) * 0.8;
    SitingResult mip = Siting.lscp(in, target, SitingMethod.MIP, run());
    SitingResult heuristic = Siting.lscp(in, target, SitingMethod.HEURISTIC, run());
    assertThat(mip.status()).isEqualTo(SitingStatus.OPTIMAL);
    assertThat(SmallInstances.share(in, mip.candidates())).isGreaterThanOrEqualTo(target - TOL);
    assertThat(heuristic.objective()).isGreaterThanOrEqualTo(mip.objective());
    assertThat(heuristic.bound()).isLessThanOrEqualTo(mip.objective());

    Cover cover = Cover.reduce(in);
    double need = target * cover.totalWeight - cover.coveredWeight - 1e-9 * cover.totalWeight;
    for (int k = 1; k < heuristic.objective(); k++) {
      MclpSearch greedy = new MclpSearch(cover);
      greedy.greedy(k, run());
      MclpBound.Outcome lagrange =
          MclpBound.lagrangian(
              cover,
              k,
              greedy.value(),
              greedy.chosen(),
              0,
              need,
              run(),
              System.nanoTime() + 1_000_000_000L);
      assertThat(lagrange.fewestReaching())
          .as("k=%d", k)
          .isLessThanOrEqualTo((int) mip.objective());
    }
  }
}
