package org.yizhan.planning.siting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The p-median heuristic on {@link Distances}: lazy greedy on weighted metres saved, then 1-swap
 * with the fast interchange of Whitaker: each demand keeps its nearest and second nearest station
 * (fixed network included), so the change of swapping any chosen site for a candidate is priced for
 * all chosen sites at once in one pass over the candidate's pairs.
 */
final class PMedianSearch {
  private final Distances in;
  private final double[] d1;
  private final double[] d2;
  private final int[] o1;
  private final boolean[] selected;
  private final List<Integer> chosen = new ArrayList<>();
  private double saving;

  PMedianSearch(Distances in) {
    this.in = in;
    this.d1 = in.base.clone();
    this.d2 = in.base.clone();
    this.o1 = new int[in.demandCount()];
    Arrays.fill(o1, -1);
    this.selected = new boolean[in.candidateCount()];
  }

  /** Total weighted distance with the chosen sites. */
  double cost() {
    return in.baseCost - saving;
  }

  int[] chosen() {
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  void add(int j) {
    selected[j] = true;
    chosen.add(j);
    for (int p = in.start[j]; p < in.start[j + 1]; p++) {
      int i = in.demand[p];
      double d = in.distance[p];
      if (d < d1[i]) {
        saving += in.weight[i] * (d1[i] - d);
        d2[i] = d1[i];
        d1[i] = d;
        o1[i] = j;
      } else if (d < d2[i]) {
        d2[i] = d;
      }
    }
  }

  /** Sets the chosen sites to exactly {@code sites}, recomputing every demand's two nearest. */
  void reset(int[] sites) {
    chosen.clear();
    Arrays.fill(selected, false);
    System.arraycopy(in.base, 0, d1, 0, d1.length);
    System.arraycopy(in.base, 0, d2, 0, d2.length);
    Arrays.fill(o1, -1);
    saving = 0;
    for (int j : sites) {
      add(j);
    }
  }

  double gain(int j) {
    double g = 0;
    for (int p = in.start[j]; p < in.start[j + 1]; p++) {
      int i = in.demand[p];
      double d = in.distance[p];
      if (d < d1[i]) {
        g += in.weight[i] * (d1[i] - d);
      }
    }
    return g;
  }

  double[] gains() {
    double[] g = new double[in.candidateCount()];
    for (int j = 0; j < g.length; j++) {
      g[j] = selected[j] ? 0 : gain(j);
    }
    return g;
  }

  void greedy(int k, SitingRun run) {
    MaxHeap queue = new MaxHeap(in.candidateCount());
    for (int j = 0; j < in.candidateCount(); j++) {
      queue.push(j, gain(j));
    }
    while (chosen.size() < k && queue.size() > 0 && !run.cancelled()) {
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

  void swap(SitingRun run, long deadlineNanos) {
    int m = in.candidateCount();
    if (chosen.isEmpty() || chosen.size() == m) {
      return;
    }
    double eps = 1e-12 * Math.max(1, in.baseCost);
    double[] loss = new double[m];
    double[] overlap = new double[m];
    boolean[] touched = new boolean[m];
    int[] touchedList = new int[chosen.size()];
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
        for (int p = in.start[c]; p < in.start[c + 1]; p++) {
          int i = in.demand[p];
          double d = in.distance[p];
          double w = in.weight[i];
          double here = d < d1[i] ? w * (d1[i] - d) : 0;
          g += here;
          int s = o1[i];
          if (s >= 0) {
            if (!touched[s]) {
              touched[s] = true;
              touchedList[t++] = s;
            }
            overlap[s] += (d < d2[i] ? w * (d2[i] - d) : 0) - here;
          }
        }
        int out = worst;
        double best = g - loss[worst];
        for (int q = 0; q < t; q++) {
          int s = touchedList[q];
          double delta = g - loss[s] + overlap[s];
          if (delta > best) {
            best = delta;
            out = s;
          }
          overlap[s] = 0;
          touched[s] = false;
        }
        if (best > eps) {
          int removed = out;
          int[] next =
              chosen.stream().mapToInt(Integer::intValue).filter(s -> s != removed).toArray();
          next = Arrays.copyOf(next, next.length + 1);
          next[next.length - 1] = c;
          reset(next);
          worst = losses(loss);
          improved = true;
          run.progress(0.2 + 0.2 * c / m, "swap");
        }
      }
    }
  }

  /** loss[s]: what removing s alone costs; returns the chosen site costing least. */
  private int losses(double[] loss) {
    for (int s : chosen) {
      loss[s] = 0;
    }
    for (int i = 0; i < o1.length; i++) {
      if (o1[i] >= 0) {
        loss[o1[i]] += in.weight[i] * (d2[i] - d1[i]);
      }
    }
    int worst = chosen.get(0);
    for (int s : chosen) {
      if (loss[s] < loss[worst]) {
        worst = s;
      }
    }
    return worst;
  }

  /** The sites in order of marginal saving, as original candidates with their savings. */
  List<SiteGain> ordered(int[] sites) {
    reset(new int[0]);
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
        out.add(new SiteGain(in.original[j], g));
      } else {
        queue.push(j, g);
      }
    }
    return out;
  }
}
