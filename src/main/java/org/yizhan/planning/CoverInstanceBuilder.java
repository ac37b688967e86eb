package org.yizhan.planning;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.yizhan.error.DomainException;

/**
 * Builds the covering incidence the siting models solve ({@link CoverInstance}) from a demand set,
 * a candidate set, the fixed network and a service distance. All distances are great-circle metres
 * from {@link org.yizhan.geo.GreatCircle#distanceMeters} with the candidate first, and "within" is
 * inclusive, as in coverage: candidate j covers demand i when their distance is at most the radius.
 */
public final class CoverInstanceBuilder {

  /** Sparse p-median pairs kept at most (about 12 bytes each), beyond which a build is refused. */
  public static final long MAX_NEAR_PAIRS = 150_000_000L;

  /**
   * Candidate-demand covering pairs kept at most (4 bytes each, and the solvers' copies), beyond
   * which a build is refused: a radius of tens of kilometres over a national demand set would
   * otherwise fill the heap.
   */
  public static final long MAX_COVER_PAIRS = 150_000_000L;

  private CoverInstanceBuilder() {}

  /**
   * The instance: {@code covers} at {@code radiusM}; {@code covered} and {@code base} from the
   * network's nearest site; p-median pairs closer than both the demand's current station and {@code
   * maxDistanceM} (which also caps {@code base}).
   */
  public static CoverInstance build(
      PlanPoints demand,
      PlanPoints candidates,
      PlanNetwork network,
      double radiusM,
      double maxDistanceM) {
    CoverageEngine.checkRadius(radiusM);
    if (!(maxDistanceM > 0 && maxDistanceM <= CoverageEngine.MAX_RADIUS_M)) {
      throw DomainException.InvalidInput.of(
          "max_distance_m",
          "must be above 0 and at most " + (int) CoverageEngine.MAX_RADIUS_M + " metres");
    }
    double[] lat = demand.lat();
    double[] lon = demand.lon();
    int n = lat.length;
    int[] nearest = new int[n];
    double[] dist = new double[n];
    CoverageEngine.nearestSites(lat, lon, network, nearest, dist);
    boolean[] covered = new boolean[n];
    double[] base = new double[n];
    for (int i = 0; i < n; i++) {
      covered[i] = dist[i] <= radiusM;
      base[i] = Math.min(dist[i], maxDistanceM);
    }
    double reach = Math.max(radiusM, maxDistanceM);
    PointGrid grid = new PointGrid(lat, lon, null, Math.min(radiusM, maxDistanceM));
    int m = candidates.size();
    int[][] covers = new int[m][];
    int[][] near = new int[m][];
    double[][] nearDist = new double[m][];
    AtomicLong pairs = new AtomicLong();
    AtomicLong coverPairs = new AtomicLong();
    IntStream.range(0, m)
        .parallel()
        .forEach(
            j -> {
              Gather g = new Gather();
              grid.forEachWithin(
                  candidates.lat()[j],
                  candidates.lon()[j],
                  reach,
                  (i, d) -> {
                    if (d <= radiusM) {
                      g.cover(i);
                    }
                    if (d < base[i]) {
                      g.near(i, d);
                    }
                  });
              if (pairs.addAndGet(g.nearSize) > MAX_NEAR_PAIRS) {
                throw DomainException.InvalidInput.of(
                    "max_distance_m",
                    "gives more than "
                        + MAX_NEAR_PAIRS
                        + " candidate-demand pairs to keep; choose a shorter distance");
              }
              if (coverPairs.addAndGet(g.coverSize) > MAX_COVER_PAIRS) {
                throw DomainException.InvalidInput.of(
                    "radius_m",
                    "gives more than "
                        + MAX_COVER_PAIRS
                        + " candidate-demand pairs within reach; choose a shorter radius or fewer"
                        + " candidates");
              }
              covers[j] = g.sortedCovers();
              g.sortNear();
              near[j] = Arrays.copyOf(g.nearIdx, g.nearSize);
              nearDist[j] = Arrays.copyOf(g.nearD, g.nearSize);
            });
    return new CoverInstance(demand.weight(), covered, covers, base, near, nearDist, maxDistanceM);
  }

  /** One candidate's hits, in grid order until sorted. */
  private static final class Gather {
    int[] coverIdx = new int[16];
    int coverSize;
    int[] nearIdx = new int[16];
    double[] nearD = new double[16];
    int nearSize;

    void cover(int i) {
      if (coverSize == coverIdx.length) {
        coverIdx = Arrays.copyOf(coverIdx, coverSize * 2);
      }
      coverIdx[coverSize++] = i;
    }

    void near(int i, double d) {
      if (nearSize == nearIdx.length) {
        nearIdx = Arrays.copyOf(nearIdx, nearSize * 2);
        nearD = Arrays.copyOf(nearD, nearSize * 2);
      }
      nearIdx[nearSize] = i;
      nearD[nearSize++] = d;
    }

    int[] sortedCovers() {
      int[] c = Arrays.copyOf(coverIdx, coverSize);
      Arrays.sort(c);
      return c;
    }

    /** Sorts the pairs by demand index (each index occurs once). */
    void sortNear() {
      long[] keyed = new long[nearSize];
      for (int k = 0; k < nearSize; k++) {
        keyed[k] = ((long) nearIdx[k] << 32) | k;
      }
      Arrays.sort(keyed);
      int[] idx = new int[nearSize];
      double[] d = new double[nearSize];
      for (int k = 0; k < nearSize; k++) {
        int from = (int) keyed[k];
        idx[k] = nearIdx[from];
        d[k] = nearD[from];
      }
      nearIdx = idx;
      nearD = d;
    }
  }
}
