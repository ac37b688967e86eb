package org.yizhan.bench;

import java.util.Arrays;
import java.util.Random;
import org.yizhan.planning.CoverInstance;

/**
 * Random clustered siting instances for the benchmarks, in planar metres: demand, candidates and
 * fixed stations are drawn around the same cluster centres (towns of varied size), so candidates
 * sit near demand as real offered sites do. A candidate covers the demand within the radius; the
 * fixed stations mark demand as already covered.
 */
final class SitingInstances {
  private SitingInstances() {}

  record Shape(
      int demand,
      int candidates,
      int fixed,
      int clusters,
      double sideM,
      double sigmaM,
      double radiusM) {}

  /** The city scale: 5,000 demand, 1,000 candidates in a 20 km city, radius 600 m. */
  static final Shape CITY = new Shape(5_000, 1_000, 25, 12, 20_000, 1_500, 600);

  /** The national scale: 1,000,000 demand, 50,000 candidates, 2,000 towns, radius 1,000 m. */
  static final Shape NATIONAL = new Shape(1_000_000, 50_000, 1_500, 2_000, 1_000_000, 1_500, 1_000);

  static CoverInstance generate(Shape shape, long seed) {
    return generate(shape, seed, 0);
  }

  /**
   * With {@code maxDistanceM} above 0, also the p-median part: each demand's distance to its
   * nearest fixed station (capped there) and each candidate's pairs with the demand it would serve
   * better.
   */
  static CoverInstance generate(Shape shape, long seed, double maxDistanceM) {
    Random random = new Random(seed);
    int c = shape.clusters();
    double[] cx = new double[c];
    double[] cy = new double[c];
    double[] sigma = new double[c];
    double[] cumulative = new double[c];
    double sum = 0;
    for (int q = 0; q < c; q++) {
      cx[q] = shape.sideM() * random.nextDouble();
      cy[q] = shape.sideM() * random.nextDouble();
      sigma[q] = shape.sigmaM() * (0.5 + random.nextDouble());
      sum += -Math.log(1 - random.nextDouble());
      cumulative[q] = sum;
    }
    double[][] demand = draw(random, shape.demand(), cx, cy, sigma, cumulative);
    double[][] sites = draw(random, shape.candidates(), cx, cy, sigma, cumulative);
    double[][] fixed = draw(random, shape.fixed(), cx, cy, sigma, cumulative);
    Grid grid = new Grid(demand, shape.radiusM());
    boolean[] covered = new boolean[shape.demand()];
    for (int f = 0; f < fixed[0].length; f++) {
      for (int i : grid.within(fixed[0][f], fixed[1][f])) {
        covered[i] = true;
      }
    }
    int[][] covers = new int[shape.candidates()][];
    for (int j = 0; j < covers.length; j++) {
      covers[j] = grid.within(sites[0][j], sites[1][j]);
    }
    double[] weight = new double[shape.demand()];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = 1 + random.nextInt(30);
    }
    if (maxDistanceM <= 0) {
      return new CoverInstance(
          weight, covered, covers, new double[0], new int[0][], new double[0][], shape.radiusM());
    }
    Grid far = new Grid(demand, maxDistanceM);
    double[] base = new double[shape.demand()];
    Arrays.fill(base, maxDistanceM);
    for (int f = 0; f < fixed[0].length; f++) {
      for (int i : far.within(fixed[0][f], fixed[1][f])) {
        base[i] =
            Math.min(base[i], Math.hypot(demand[0][i] - fixed[0][f], demand[1][i] - fixed[1][f]));
      }
    }
    int[][] near = new int[shape.candidates()][];
    double[][] nearDist = new double[shape.candidates()][];
    for (int j = 0; j < near.length; j++) {
      int[] all = far.within(sites[0][j], sites[1][j]);
      int[] keep = new int[all.length];
      double[] dist = new double[all.length];
      int count = 0;
      for (int i : all) {
        double d = Math.hypot(demand[0][i] - sites[0][j], demand[1][i] - sites[1][j]);
        if (d < base[i]) {
          keep[count] = i;
          dist[count++] = d;
        }
      }
      near[j] = Arrays.copyOf(keep, count);
      nearDist[j] = Arrays.copyOf(dist, count);
    }
    return new CoverInstance(weight, covered, covers, base, near, nearDist, maxDistanceM);
  }

  private static double[][] draw(
      Random random, int count, double[] cx, double[] cy, double[] sigma, double[] cumulative) {
    double[][] p = new double[2][count];
    double total = cumulative[cumulative.length - 1];
    for (int i = 0; i < count; i++) {
      int q = Arrays.binarySearch(cumulative, random.nextDouble() * total);
      q = q < 0 ? -q - 1 : q;
      p[0][i] = cx[q] + sigma[q] * random.nextGaussian();
      p[1][i] = cy[q] + sigma[q] * random.nextGaussian();
    }
    return p;
  }

  /** Points bucketed in square cells of the radius, sorted by cell for range lookups. */
  private static final class Grid {
    private final double[][] points;
    private final double radius;
    private final long[] keyed;

    Grid(double[][] points, double radius) {
      this.points = points;
      this.radius = radius;
      int n = points[0].length;
      keyed = new long[n];
      for (int i = 0; i < n; i++) {
        keyed[i] = cell(points[0][i], points[1][i]) << 21 | i;
      }
      Arrays.sort(keyed);
    }

    private long cell(double x, double y) {
      long gx = (long) Math.floor(x / radius) + (1 << 20);
      long gy = (long) Math.floor(y / radius) + (1 << 20);
      return gx << 21 | gy;
    }

    /** Indices of the points within the radius of (x, y), ascending. */
    int[] within(double x, double y) {
      int[] out = new int[16];
      int size = 0;
      for (int dx = -1; dx <= 1; dx++) {
        for (int dy = -1; dy <= 1; dy++) {
          long key = cell(x + dx * radius, y + dy * radius);
          int at = lowerBound(key << 21);
          for (; at < keyed.length && keyed[at] >>> 21 == key; at++) {
            int i = (int) (keyed[at] & ((1 << 21) - 1));
            if (Math.hypot(points[0][i] - x, points[1][i] - y) <= radius) {
              if (size == out.length) {
                out = Arrays.copyOf(out, size * 2);
              }
              out[size++] = i;
            }
          }
        }
      }
      out = Arrays.copyOf(out, size);
      Arrays.sort(out);
      return out;
    }

    private int lowerBound(long value) {
      int lo = 0;
      int hi = keyed.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (keyed[mid] < value) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
