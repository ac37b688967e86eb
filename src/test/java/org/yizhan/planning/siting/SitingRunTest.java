package org.yizhan.planning.siting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.error.DomainException;
import org.yizhan.planning.CoverInstance;

/**
 * Verifies the run controls and refusals: progress only goes forward and ends at 1, a cancel (also
 * from inside the run) answers CANCELLED with the sites found so far, a target no sites reach is
 * refused naming the best reachable share, and bad instances are refused naming the field.
 */
class SitingRunTest {

  @Test
  void progressGoesForwardAndEndsDone() {
    CoverInstance in = SmallInstances.random(7, 200, 40, 3, true);
    List<Double> fractions = new ArrayList<>();
    List<String> phases = new ArrayList<>();
    SitingRun run =
        new SitingRun(
            Duration.ofMinutes(1),
            (fraction, phase) -> {
              fractions.add(fraction);
              phases.add(phase);
            });
    Siting.mclp(in, 5, SitingMethod.AUTO, run);
    assertThat(fractions).isSorted();
    assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
    assertThat(phases).contains("reduce", "greedy", "done");
  }

  @Test
  void cancelFromInsideTheRunAnswersCancelledWithTheSitesSoFar() {
    CoverInstance in = SmallInstances.random(8, 300, 60, 3, true);
    SitingRun[] holder = new SitingRun[1];
    holder[0] =
        new SitingRun(
            Duration.ofMinutes(1),
            (fraction, phase) -> {
              if (phase.equals("greedy")) {
                holder[0].cancel();
              }
            });
    SitingResult r = Siting.mclp(in, 10, SitingMethod.AUTO, holder[0]);
    assertThat(r.status()).isEqualTo(SitingStatus.CANCELLED);
    assertThat(r.sites()).hasSize(1);
    assertThat(r.objective()).isEqualTo(SmallInstances.newlyCovered(in, r.candidates()));
    assertThat(r.bound()).isGreaterThanOrEqualTo(SmallInstances.bestMclp(in, 1));
  }

  @Test
  void cancelBeforeTheExactSolverKeepsTheHeuristicAnswer() {
    CoverInstance in = SmallInstances.random(10, 300, 60, 3, true);
    SitingResult heuristic = Siting.mclp(in, 6, SitingMethod.HEURISTIC, run());
    SitingRun[] holder = new SitingRun[1];
    holder[0] =
        new SitingRun(
            Duration.ofMinutes(1),
            (fraction, phase) -> {
              if (phase.equals("exact")) {
                holder[0].cancel();
              }
            });
    SitingResult r = Siting.mclp(in, 6, SitingMethod.MIP, holder[0]);
    assertThat(r.status()).isEqualTo(SitingStatus.CANCELLED);
    assertThat(r.objective()).isEqualTo(heuristic.objective());
    assertThat(r.bound())
        .isGreaterThanOrEqualTo(Siting.mclp(in, 6, SitingMethod.MIP, run()).objective());
  }

  /**
   * A MIP SCIP needs seconds to prove (2,000 demand, 1,500 overlapping candidates, k = 6),
   * cancelled from another thread once it runs: the native search stops before its proof, so the
   * answer still has a gap. Were the interrupt ignored, SCIP would finish its proof and the gap
   * would be 0.
   */
  @Test
  @Timeout(120)
  void cancelFromAnotherThreadInterruptsTheRunningSolver() throws Exception {
    CoverInstance in = SmallInstances.random(5, 2000, 1500, 0, true);
    CountDownLatch solving = new CountDownLatch(1);
    SitingRun run =
        new SitingRun(
            Duration.ofMinutes(10),
            (fraction, phase) -> {
              if (phase.equals("solver")) {
                solving.countDown();
              }
            });
    CompletableFuture<SitingResult> answer =
        CompletableFuture.supplyAsync(() -> Siting.mclp(in, 6, SitingMethod.MIP, run));
    solving.await();
    Thread.sleep(300);
    run.cancel();
    SitingResult r = answer.get();
    assertThat(r.status()).isEqualTo(SitingStatus.CANCELLED);
    assertThat(r.gap()).isPositive();
    assertThat(r.objective()).isEqualTo(SmallInstances.newlyCovered(in, r.candidates()));
  }

  @Test
  void cancelledBeforeStartAnswersCancelledForEveryModel() {
    CoverInstance in = SmallInstances.random(9, 100, 20, 2, true);
    SitingRun run = SitingRun.limited(Duration.ofMinutes(1));
    run.cancel();
    assertThat(Siting.mclp(in, 3, SitingMethod.MIP, run).status())
        .isEqualTo(SitingStatus.CANCELLED);
    assertThat(Siting.pMedian(in, 3, SitingMethod.MIP, run).status())
        .isEqualTo(SitingStatus.CANCELLED);
  }

  @Test
  void unreachableTargetIsRefusedWithTheBestReachableShare() {
    // Demand 2 is reached by no candidate: at most 3 of 4 weight units can be covered.
    CoverInstance in =
        new CoverInstance(
            new double[] {1, 1, 1, 1},
            new boolean[] {true, false, false, false},
            new int[][] {{1}, {1, 3}},
            new double[0],
            new int[0][],
            new double[0][],
            1000);
    assertThatThrownBy(() -> Siting.lscp(in, 0.9, SitingMethod.AUTO, run()))
        .isInstanceOfSatisfying(
            DomainException.InvalidInput.class,
            e -> {
              assertThat(e.violations().get(0).field()).isEqualTo("target");
              assertThat(e.getMessage()).contains("best reachable share is 0.750000");
            });
    assertThat(Siting.lscp(in, 0.75, SitingMethod.AUTO, run()).candidates()).containsExactly(1);
  }

  @Test
  void reductionMergesEqualDemandAndDropsWhatCannotChange() {
    CoverInstance in =
        new CoverInstance(
            new double[] {2, 3, 5, 7, 11},
            new boolean[] {false, false, true, false, false},
            new int[][] {{0, 1, 2}, {2}, {0, 1, 3}, {}},
            new double[0],
            new int[0][],
            new double[0][],
            1000);
    Cover cover = Cover.reduce(in);
    assertThat(cover.original).containsExactly(0, 2);
    assertThat(cover.rowCount()).isEqualTo(2);
    assertThat(cover.rowWeight).containsExactly(5, 7);
    assertThat(cover.coveredWeight).isEqualTo(5);
    assertThat(cover.unreachableWeight).isEqualTo(11);
    assertThat(cover.totalWeight).isEqualTo(28);
  }

  @Test
  void badInstancesAreRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                new CoverInstance(
                    new double[] {1, 1},
                    new boolean[2],
                    new int[][] {{1, 0}},
                    new double[0],
                    new int[0][],
                    new double[0][],
                    1000))
        .isInstanceOfSatisfying(
            DomainException.InvalidInput.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("covers[0]"));
    assertThatThrownBy(
            () ->
                new CoverInstance(
                    new double[] {1, 0},
                    new boolean[2],
                    new int[0][],
                    new double[0],
                    new int[0][],
                    new double[0][],
                    1000))
        .isInstanceOfSatisfying(
            DomainException.InvalidInput.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("weight[1]"));
    CoverInstance noDistances =
        new CoverInstance(
            new double[] {1},
            new boolean[1],
            new int[][] {{0}},
            new double[0],
            new int[0][],
            new double[0][],
            1000);
    assertThatThrownBy(() -> Siting.pMedian(noDistances, 1, SitingMethod.AUTO, run()))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> Siting.mclp(noDistances, 0, SitingMethod.AUTO, run()))
        .isInstanceOfSatisfying(
            DomainException.InvalidInput.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("k"));
  }

  private static SitingRun run() {
    return SitingRun.limited(Duration.ofMinutes(1));
  }
}
