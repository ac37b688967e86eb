package org.yizhan.planning.siting;

/**
 * Upper bounds on the MCLP optimum of a reduced {@link Cover}, each valid without solving anything
 * exactly.
 *
 * <ul>
 *   <li>Submodular: from any site set S, OPT &le; f(S) + the sum of the k largest gains of single
 *       candidates added to S (coverage is monotone and submodular).
 *   <li>Lagrangian: relaxing "row r is covered only if a chosen site covers it" with multipliers
 *       &lambda;<sub>r</sub> &ge; 0 leaves L(&lambda;) = &Sigma;<sub>r</sub> max(0, w<sub>r</sub> -
 *       &lambda;<sub>r</sub>) + the k largest candidate scores &Sigma;<sub>r covered by j</sub>
 *       &lambda;<sub>r</sub>, an upper bound for every &lambda;. Subgradient descent with Polyak
 *       steps lowers it towards the LP bound; each step costs one pass over the non-zeros, so it
 *       scales to the national instance where an LP would not fit. Each step's top-k sites are also
 *       a feasible answer, kept when better than the heuristic's.
 * </ul>
 */
final class MclpBound {
  /** The best upper bound found and the best feasible sites met on the way (reduced indices). */
  /**
   * The best upper bound found, the best feasible sites met on the way (reduced indices) and, when
   * a need was given, the most sites any step proved necessary to cover it (see {@link
   * #lagrangian}).
   */
  record Outcome(
      double bound, double bestValue, int[] bestSites, int iterations, int fewestReaching) {}

  private MclpBound() {}

  static double submodular(MclpSearch search, int k) {
    double[] gains = search.gains();
    return search.value() + MaxHeap.sumOfLargest(gains, gains.length, k);
  }

  /**
   * Subgradient descent from &lambda; = w until the bound is within {@code targetGap} of the best
   * value or below {@code need}, the deadline, or a cancel. With a need above 0 (LSCP), each step
   * also bounds the fewest sites covering it: L(&lambda;) with t sites is an upper bound on what
   * any t sites cover, so the least t with L(&lambda;, t) &ge; need is a lower bound on the number
   * of sites needed, for every &lambda;.
   */
  static Outcome lagrangian(
      Cover cover,
      int k,
      double lowerBound,
      int[] lowerSites,
      double targetGap,
      double need,
      SitingRun run,
      long deadlineNanos) {
    int m = cover.candidateCount();
    int n = cover.rowCount();
    double[] w = cover.rowWeight;
    double[] lambda = w.clone();
    double[] score = new double[m];
    int[] count = new int[n];
    double best = Double.POSITIVE_INFINITY;
    double lower = lowerBound;
    int[] lowerChoice = lowerSites;
    double theta = 2;
    int sinceBetter = 0;
    int iteration = 0;
    int fewest = 0;
    double[] sorted = need > 0 ? new double[m] : null;
    while (!run.cancelled() && System.nanoTime() < deadlineNanos) {
      iteration++;
      for (int j = 0; j < m; j++) {
        double s = 0;
        for (int p = cover.rowStart[j]; p < cover.rowStart[j + 1]; p++) {
          s += lambda[cover.rows[p]];
        }
        score[j] = s;
      }
      int[] top = MaxHeap.largest(score, m, k);
      double value = 0;
      for (int r = 0; r < n; r++) {
        value += Math.max(0, w[r] - lambda[r]);
      }
      if (sorted != null) {
        fewest = Math.max(fewest, fewestReaching(value, score, sorted, need));
      }
      for (int j : top) {
        value += score[j];
      }
      if (value < best * (1 - 1e-12)) {
        best = value;
        sinceBetter = 0;
      } else if (++sinceBetter >= 20) {
        theta /= 2;
        sinceBetter = 0;
      }
      // The top-k sites as an answer, and the subgradient: rows they cover minus rows counted.
      double covered = 0;
      for (int j : top) {
        for (int p = cover.rowStart[j]; p < cover.rowStart[j + 1]; p++) {
          int r = cover.rows[p];
          if (count[r]++ == 0) {
            covered += w[r];
          }
        }
      }
      if (covered > lower) {
        lower = covered;
        lowerChoice = top.clone();
      }
      if (best - lower <= targetGap * best || best < need || theta < 1e-6) {
        clear(cover, top, count);
        break;
      }
      double norm = 0;
      for (int r = 0; r < n; r++) {
        double g = count[r] - (lambda[r] < w[r] ? 1 : 0);
        norm += g * g;
      }
      if (norm == 0) {
        clear(cover, top, count);
        break;
      }
      double step = theta * (value - lower) / norm;
      for (int r = 0; r < n; r++) {
        double g = count[r] - (lambda[r] < w[r] ? 1 : 0);
        lambda[r] = Math.max(0, lambda[r] - step * g);
      }
      clear(cover, top, count);
      if ((iteration & 7) == 0) {
        run.progress(0.4 + 0.4 * Math.min(1, iteration / 500.0), "bound");
      }
    }
    return new Outcome(best, lower, lowerChoice, iteration, fewest);
  }

  /** The least t with base + the t largest scores &ge; need (m + 1 when none). */
  private static int fewestReaching(double base, double[] score, double[] sorted, double need) {
    System.arraycopy(score, 0, sorted, 0, score.length);
    java.util.Arrays.sort(sorted);
    double sum = base;
    int t = 0;
    for (int q = sorted.length - 1; q >= 0 && sum < need; q--) {
      sum += sorted[q];
      t++;
    }
    return sum >= need ? t : sorted.length + 1;
  }

  private static void clear(Cover cover, int[] sites, int[] count) {
    for (int j : sites) {
      for (int p = cover.rowStart[j]; p < cover.rowStart[j + 1]; p++) {
        count[cover.rows[p]] = 0;
      }
    }
  }
}
