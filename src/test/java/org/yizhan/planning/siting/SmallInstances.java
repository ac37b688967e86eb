package org.yizhan.planning.siting;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.yizhan.planning.CoverInstance;

/**
 * Random small siting instances with their answers by exhaustive search, the oracle the siting
 * tests compare against. Demand and candidates are points in a 10 km square; a candidate covers the
 * demand within {@code RADIUS}, the fixed stations set {@code covered} and {@code base}.
 */
final class SmallInstances {
  static final double RADIUS = 2_000;
  static final double MAX_DISTANCE = 6_000;

  private SmallInstances() {}

  /** Demand n, candidates m, fixed stations s; integer weights when {@code whole}. */
  static CoverInstance random(long seed, int n, int m, int s, boolean whole) {
    Random random = new Random(seed);
    double[][] demand = points(random, n);
    double[][] sites = points(random, m);
    double[][] fixed = points(random, s);
    double[] weight = new double[n];
    boolean[] covered = new boolean[n];
    double[] base = new double[n];
    for (int i = 0; i < n; i++) {
      weight[i] = whole ? 1 + random.nextInt(20) : 0.5 + 20 * random.nextDouble();
      double nearest = MAX_DISTANCE;
      for (double[] f : fixed) {
        nearest = Math.min(nearest, distance(demand[i], f));
      }
      base[i] = nearest;
      covered[i] = nearest <= RADIUS;
    }
    int[][] covers = new int[m][];
    int[][] near = new int[m][];
    double[][] nearDist = new double[m][];
    for (int j = 0; j < m; j++) {
      List<Integer> c = new ArrayList<>();
      List<Integer> nr = new ArrayList<>();
      List<Double> nd = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double d = distance(demand[i], sites[j]);
        if (d <= RADIUS) {
          c.add(i);
        }
        if (d < base[i]) {
          nr.add(i);
          nd.add(d);
        }
      }
      covers[j] = c.stream().mapToInt(Integer::intValue).toArray();
      near[j] = nr.stream().mapToInt(Integer::intValue).toArray();
      nearDist[j] = nd.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return new CoverInstance(weight, covered, covers, base, near, nearDist, MAX_DISTANCE);
  }

  private static double[][] points(Random random, int count) {
    double[][] p = new double[count][];
    for (int i = 0; i < count; i++) {
      p[i] = new double[] {10_000 * random.nextDouble(), 10_000 * random.nextDouble()};
    }
    return p;
  }

  private static double distance(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }

  /** Weight newly covered by the sites (MCLP's objective). */
  static double newlyCovered(CoverInstance in, int[] sites) {
    boolean[] reached = in.covered().clone();
    double gain = 0;
    for (int j : sites) {
      for (int i : in.covers()[j]) {
        if (!reached[i]) {
          reached[i] = true;
          gain += in.weight()[i];
        }
      }
    }
    return gain;
  }

  /** Share of all weight covered with the sites added (LSCP's constraint). */
  static double share(CoverInstance in, int[] sites) {
    double total = 0;
    double covered = 0;
    for (int i = 0; i < in.demandCount(); i++) {
      total += in.weight()[i];
      covered += in.covered()[i] ? in.weight()[i] : 0;
    }
    return (covered + newlyCovered(in, sites)) / total;
  }

  /** Total weighted distance to the nearest station with the sites added (p-median's objective). */
  static double weightedDistance(CoverInstance in, int[] sites) {
    double[] d = in.base().clone();
    for (int j : sites) {
      for (int q = 0; q < in.near()[j].length; q++) {
        int i = in.near()[j][q];
        d[i] = Math.min(d[i], in.nearDist()[j][q]);
      }
    }
    double sum = 0;
    for (int i = 0; i < d.length; i++) {
      sum += in.weight()[i] * d[i];
    }
    return sum;
  }

  /** Every subset of the m candidates with exactly {@code size} members. */
  static List<int[]> subsets(int m, int size) {
    List<int[]> out = new ArrayList<>();
    collect(m, size, 0, new int[size], 0, out);
    return out;
  }

  private static void collect(int m, int size, int from, int[] pick, int at, List<int[]> out) {
    if (at == size) {
      out.add(pick.clone());
      return;
    }
    for (int j = from; j < m; j++) {
      pick[at] = j;
      collect(m, size, j + 1, pick, at + 1, out);
    }
  }

  /** The best MCLP value over all subsets of size min(k, m). */
  static double bestMclp(CoverInstance in, int k) {
    double best = 0;
    for (int[] s : subsets(in.candidateCount(), Math.min(k, in.candidateCount()))) {
      best = Math.max(best, newlyCovered(in, s));
    }
    return best;
  }

  /** The least weighted distance over all subsets of size min(k, m). */
  static double bestPMedian(CoverInstance in, int k) {
    double best = Double.POSITIVE_INFINITY;
    for (int[] s : subsets(in.candidateCount(), Math.min(k, in.candidateCount()))) {
      best = Math.min(best, weightedDistance(in, s));
    }
    return best;
  }

  /** The fewest sites reaching the share, or -1 when no subset does. */
  static int fewestSites(CoverInstance in, double target) {
    for (int size = 0; size <= in.candidateCount(); size++) {
      for (int[] s : subsets(in.candidateCount(), size)) {
        if (share(in, s) >= target - 1e-12) {
          return size;
        }
      }
    }
    return -1;
  }
}
