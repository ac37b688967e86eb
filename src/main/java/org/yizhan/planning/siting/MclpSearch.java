package org.yizhan.planning.siting;

import java.util.ArrayList;
import java.util.List;

/**
 * The MCLP heuristic on a reduced {@link Cover}: lazy greedy (a candidate's gain only falls as
 * sites are added, so a stale gain on top of the queue that is still the best after recomputing is
 * the true best), then 1-swap improvement. A swap pass prices every outside candidate against every
 * chosen site at once in time linear in the candidate's rows: for each row the chosen sites
 * covering it are counted and, when there is exactly one, named by the XOR of their indices.
 */
final class MclpSearch {
  private final Cover cover;
  private final int[] count;
  private final int[] owner;
  private final boolean[] selected;
  private final List<Integer> chosen = new ArrayList<>();
  private double value;

  MclpSearch(Cover cover) {
    this.cover = cover;
    this.count = new int[cover.rowCount()];
    this.owner = new int[cover.rowCount()];
    this.selected = new boolean[cover.candidateCount()];
  }

  /** Newly covered weight of the chosen sites. */
  double value() {
    return value;
  }

  int[] chosen() {
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  void add(int j) {
    selected[j] = true;
    chosen.add(j);
    for (int p = cover.rowStart[j]; p < cover.rowStart[j + 1]; p++) {
      int r = cover.rows[p];
      if (count[r]++ == 0) {
        value += cover.rowWeight[r];
      }
      owner[r] ^= j;
    }
  }

  void remove(int j) {
    selected[j] = false;
    chosen.remove(Integer.valueOf(j));
    for (int p = cover.rowStart[j]; p < cover.rowStart[j + 1]; p++) {
      int r = cover.rows[p];
      if (--count[r] == 0) {
        value -= cover.rowWeight[r];
      }
      owner[r] ^= j;
    }
  }

  /** Weight candidate j would newly cover given the chosen sites. */
  double gain(int j) {
    double g = 0;
    for (int p = cover.rowStart[j]; p < cover.rowStart[j + 1]; p++) {
      int r = cover.rows[p];
      if (count[r] == 0) {
        g += cover.rowWeight[r];
      }
    }
    return g;
  }

  /** Every candidate's gain given the chosen sites (for the submodular bound). */
  double[] gains() {
    double[] g = new double[cover.candidateCount()];
    for (int j = 0; j < g.length; j++) {
      g[j] = selected[j] ? 0 : gain(j);
    }
    return g;
  }

  /** Lazy greedy up to k sites; stops early when nothing more can be covered or on cancel. */
  void greedy(int k, SitingRun run) {
    greedy(k, Double.POSITIVE_INFINITY, run);
  }

  /** Lazy greedy that also stops once the chosen sites cover {@code enough} weight. */
  void greedy(int k, double enough, SitingRun run) {
    int m = cover.candidateCount();
    MaxHeap queue = new MaxHeap(m);
    for (int j = 0; j < m; j++) {
      if (!selected[j]) {
        queue.push(j, gain(j));
      }
    }
    while (chosen.size() < k && value < enough && queue.size() > 0 && !run.cancelled()) {
      int j = queue.topItem();
      queue.pop();
      double g = gain(j);
      if (queue.size() == 0 || g >= queue.topKey()) {
        if (g <= 0) {
          break;
        }
        add(j);
        run.progress(0.2 * chosen.size() / k, "greedy");
      } else {
        queue.push(j, g);
      }
    }
  }

  /** 1-swap improvement until a whole pass finds nothing better, the deadline or a cancel. */
  void swap(SitingRun run, long deadlineNanos) {
    int m = cover.candidateCount();
    if (chosen.isEmpty() || chosen.size() == m) {
      return;
    }
    double eps = 1e-12 * Math.max(1, cover.totalWeight);
    double[] loss = new double[m];
    double[] overlap = new double[m];
    int[] touched = new int[chosen.size()];
    boolean improved = true;
    while (improved) {
      improved = false;
      int worst = losses(loss);
      for (int c = 0; c < m; c++) {
        if ((c & 255) == 0 && (run.cancelled() || System.nanoTime() > deadlineNanos)) {
          return;
        }
        if (selected[c]) {
          continue;
        }
        double g = 0;
        int t = 0;
        for (int p = cover.rowStart[c]; p < cover.rowStart[c + 1]; p++) {
          int r = cover.rows[p];
          if (count[r] == 0) {
            g += cover.rowWeight[r];
          } else if (count[r] == 1) {
            int s = owner[r];
            if (overlap[s] == 0) {
              touched[t++] = s;
            }
            overlap[s] += cover.rowWeight[r];
          }
        }
        int out = worst;
        double best = g - loss[worst];
        for (int q = 0; q < t; q++) {
          int s = touched[q];
          double delta = g - loss[s] + overlap[s];
          if (delta > best) {
            best = delta;
            out = s;
          }
          overlap[s] = 0;
        }
        if (best > eps) {
          remove(out);
          add(c);
          worst = losses(loss);
          improved = true;
          run.progress(0.2 + 0.2 * c / m, "swap");
        }
      }
    }
  }

  /** The chosen site whose removal loses the least weight, or -1 when none is chosen. */
  int cheapest() {
    return chosen.isEmpty() ? -1 : losses(new double[cover.candidateCount()]);
  }

  /** Fills loss[s] (weight only s covers) for the chosen sites; returns the one losing least. */
  private int losses(double[] loss) {
    int worst = chosen.get(0);
    for (int s : chosen) {
      double l = 0;
      for (int p = cover.rowStart[s]; p < cover.rowStart[s + 1]; p++) {
        int r = cover.rows[p];
        if (count[r] == 1) {
          l += cover.rowWeight[r];
        }
      }
      loss[s] = l;
      if (l < loss[worst]) {
        worst = s;
      }
    }
    return worst;
  }

  /**
   * The given sites (reduced indices) in order of marginal gain, each with its gain, as original
   * candidate indices; leaves this search holding exactly those sites.
   */
  List<SiteGain> ordered(int[] sites) {
    for (int j : chosen()) {
      remove(j);
    }
    // Lazy, as in the greedy: a site's gain only falls as others are added before it.
    MaxHeap queue = new MaxHeap(sites.length);
    for (int j : sites) {
      queue.push(j, gain(j));
    }
    List<SiteGain> out = new ArrayList<>();
    while (queue.size() > 0) {
      int j = queue.topItem();
      queue.pop();
      double g = gain(j);
      if (queue.size() == 0 || g >= queue.topKey()) {
        add(j);
        out.add(new SiteGain(cover.original[j], g));
      } else {
        queue.push(j, g);
      }
    }
    return out;
  }
}
