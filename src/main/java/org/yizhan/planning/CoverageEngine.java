package org.yizhan.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.yizhan.error.DomainException;
import org.yizhan.geo.PointIndex;

/**
 * Coverage of weighted demand by a network at a great-circle service distance. Pure and in memory:
 * the nearest site of every demand point comes from the network's exact index ({@link
 * PointIndex#nearest}, in parallel over chunks of points); the sums are then taken in one pass in
 * point order; the sites covering no demand are found with a {@link PointGrid} over the covered
 * points (a site near uncovered demand only would have made it covered).
 */
public final class CoverageEngine {

  /** The default service distance, metres: the "short walk". */
  public static final double DEFAULT_RADIUS_M = 1_000;

  /** The largest service distance accepted, metres. */
  public static final double MAX_RADIUS_M = 100_000;

  private static final int CHUNK = 4_096;

  private CoverageEngine() {}

  /** Checks a service distance given by a caller. */
  public static double checkRadius(double radiusM) {
    if (!(radiusM > 0 && radiusM <= MAX_RADIUS_M)) {
      throw DomainException.InvalidInput.of(
          "radius_m", "must be above 0 and at most " + (int) MAX_RADIUS_M + " metres");
    }
    return radiusM;
  }

  /** Coverage of the demand points (weights as given) by the network within {@code radiusM}. */
  public static CoverageReport compute(PlanPoints demand, PlanNetwork network, double radiusM) {
    return compute(demand.lat(), demand.lon(), demand.weight(), network, radiusM);
  }

  /** As {@link #compute(PlanPoints, PlanNetwork, double)} from bare columns. */
  public static CoverageReport compute(
      double[] lat, double[] lon, double[] weight, PlanNetwork network, double radiusM) {
    Objects.requireNonNull(network, "network");
    checkRadius(radiusM);
    int n = lat.length;
    int[] nearest = new int[n];
    double[] dist = new double[n];
    nearestSites(lat, lon, network, nearest, dist);

    int m = network.size();
    boolean[] serving = new boolean[m];
    double total = 0;
    double covered = 0;
    int coveredCount = 0;
    for (int i = 0; i < n; i++) {
      total += weight[i];
      if (dist[i] <= radiusM) {
        covered += weight[i];
        coveredCount++;
        serving[nearest[i]] = true;
      }
    }
    int[] uncovered = new int[n - coveredCount];
    int[] coveredIdx = new int[coveredCount];
    for (int i = 0, u = 0, c = 0; i < n; i++) {
      if (dist[i] <= radiusM) {
        coveredIdx[c++] = i;
      } else {
        uncovered[u++] = i;
      }
    }
    int[] idle = idleSites(lat, lon, coveredIdx, network, serving, radiusM);
    Areas areas = new Areas(network, nearest, dist, weight, radiusM);
    return new CoverageReport(
        network,
        radiusM,
        n,
        total,
        covered,
        nearest,
        dist,
        uncovered,
        idle,
        areas.byCity(),
        areas.byDistrict());
  }

  static void nearestSites(
      double[] lat, double[] lon, PlanNetwork network, int[] nearest, double[] dist) {
    int n = lat.length;
    if (network.size() == 0) {
      java.util.Arrays.fill(nearest, -1);
      java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
      return;
    }
    PointIndex index = network.index();
    int[] order = spatialOrder(lat, lon);
    int chunks = (n + CHUNK - 1) / CHUNK;
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              int[] item = new int[1];
              double[] d = new double[1];
              for (int k = c * CHUNK, end = Math.min(n, k + CHUNK); k < end; k++) {
                int i = order[k];
                index.nearest(lat[i], lon[i], 1, Double.POSITIVE_INFINITY, s -> true, item, d);
                nearest[i] = item[0];
                dist[i] = d[0];
              }
            });
  }

  /**
   * The points' indices ordered by a coarse lat/lon cell, so that consecutive queries walk the same
   * index nodes while they are in cache (uploads come in any order; this halves the search time of
   * a shuffled national set).
   */
  static int[] spatialOrder(double[] lat, double[] lon) {
    int n = lat.length;
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      long row = (long) Math.floor((lat[i] + 90.0) * 20);
      long col = (long) Math.floor((lon[i] + 180.0) * 20);
      keyed[i] = ((row * 7_201 + col) << 32) | i;
    }
    java.util.Arrays.parallelSort(keyed);
    int[] order = new int[n];
    for (int k = 0; k < n; k++) {
      order[k] = (int) keyed[k];
    }
    return order;
  }

  /** Sites with no demand point within the radius, ascending. */
  private static int[] idleSites(
      double[] lat,
      double[] lon,
      int[] coveredIdx,
      PlanNetwork network,
      boolean[] serving,
      double radiusM) {
    int m = network.size();
    PointGrid grid = new PointGrid(lat, lon, coveredIdx, radiusM);
    return IntStream.range(0, m)
        .parallel()
        .filter(s -> !serving[s] && !grid.anyWithin(network.lat(s), network.lon(s), radiusM))
        .toArray();
  }

  /** Sums by the city and district of each point's nearest site, in point order. */
  private static final class Areas {
    private final Map<String, Map<String, double[]>> sums = new LinkedHashMap<>();
    private final Map<String, double[]> cities = new LinkedHashMap<>();

    Areas(PlanNetwork network, int[] nearest, double[] dist, double[] weight, double radiusM) {
      // Per site first (an int index is cheaper than two map lookups per point), then per area.
      int m = network.size();
      double[] siteTotal = new double[m];
      double[] siteCovered = new double[m];
      int[] sitePoints = new int[m];
      int[] siteCoveredPoints = new int[m];
      for (int i = 0; i < nearest.length; i++) {
        int s = nearest[i];
        if (s < 0) {
          continue;
        }
        siteTotal[s] += weight[i];
        sitePoints[s]++;
        if (dist[i] <= radiusM) {
          siteCovered[s] += weight[i];
          siteCoveredPoints[s]++;
        }
      }
      for (int s = 0; s < m; s++) {
        if (sitePoints[s] == 0) {
          continue;
        }
        double[] c = cities.computeIfAbsent(network.city(s), k -> new double[4]);
        double[] d =
            sums.computeIfAbsent(network.city(s), k -> new LinkedHashMap<>())
                .computeIfAbsent(network.district(s), k -> new double[4]);
        for (double[] a : List.of(c, d)) {
          a[0] += sitePoints[s];
          a[1] += siteCoveredPoints[s];
          a[2] += siteTotal[s];
          a[3] += siteCovered[s];
        }
      }
    }

    List<AreaCoverage> byCity() {
      List<AreaCoverage> out = new ArrayList<>();
      cities.forEach((city, a) -> out.add(area(city, null, a)));
      out.sort(ORDER);
      return out;
    }

    List<AreaCoverage> byDistrict() {
      List<AreaCoverage> out = new ArrayList<>();
      sums.forEach((city, ds) -> ds.forEach((district, a) -> out.add(area(city, district, a))));
      out.sort(ORDER);
      return out;
    }

    private static AreaCoverage area(String city, String district, double[] a) {
      return new AreaCoverage(city, district, (int) a[0], (int) a[1], a[2], a[3]);
    }

    private static final Comparator<String> NAME = Comparator.nullsLast(Comparator.naturalOrder());
    private static final Comparator<AreaCoverage> ORDER =
        Comparator.comparing(AreaCoverage::city, NAME).thenComparing(AreaCoverage::district, NAME);
  }
}
