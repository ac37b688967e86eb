package org.yizhan.planning;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.yizhan.error.DomainException;
import org.yizhan.geo.GreatCircle;

/**
 * Candidate sites made from the demand rather than uploaded: a square grid over the demand a
 * network leaves uncovered, or the demand points themselves.
 *
 * <p>The grid has rows {@code spacingM} apart in latitude and columns {@code spacingM} apart in
 * longitude at the middle latitude of the uncovered demand (so its cells are squares there and
 * within a fraction of a percent of square across a province), aligned on the equator and the prime
 * meridian so the same spacing gives the same cells. A cell becomes a candidate at its centre when
 * it contains an uncovered point or its centre lies within the service distance of one.
 */
public final class CandidateGenerator {

  /** The most candidates a generated grid may have. */
  public static final int MAX_GRID_CANDIDATES = 200_000;

  public static final double MIN_SPACING_M = 10;
  public static final double MAX_SPACING_M = 50_000;

  /**
   * Cell checks a grid may cost (uncovered points times cells around each) before it is refused.
   */
  static final long MAX_CELL_CHECKS = 400_000_000L;

  private static final int CHUNK = 2_048;

  private CandidateGenerator() {}

  /** A grid over the points {@code coverage} found uncovered, at its service distance. */
  public static PlanPoints grid(PlanPoints demand, CoverageReport coverage, double spacingM) {
    return grid(
        demand.lat(),
        demand.lon(),
        coverage.uncovered(),
        coverage.radiusM(),
        spacingM,
        MAX_GRID_CANDIDATES);
  }

  /** A grid over the points {@code uncovered} of the columns; refuses more than {@code max}. */
  static PlanPoints grid(
      double[] lat, double[] lon, int[] uncovered, double radiusM, double spacingM, int max) {
    if (!(spacingM >= MIN_SPACING_M && spacingM <= MAX_SPACING_M)) {
      throw DomainException.InvalidInput.of(
          "spacing_m",
          "must be between " + (int) MIN_SPACING_M + " and " + (int) MAX_SPACING_M + " metres");
    }
    CoverageEngine.checkRadius(radiusM);
    if (uncovered.length == 0) {
      return PlanPoints.of(new double[0], new double[0], new double[0]);
    }
    double minLat = Double.POSITIVE_INFINITY;
    double maxLat = Double.NEGATIVE_INFINITY;
    for (int i : uncovered) {
      minLat = Math.min(minLat, lat[i]);
      maxLat = Math.max(maxLat, lat[i]);
    }
    double latStep = Math.toDegrees(spacingM / GreatCircle.EARTH_RADIUS_M);
    double cosRef = Math.max(0.01, Math.cos(Math.toRadians((minLat + maxLat) / 2)));
    double lonStep = latStep / cosRef;
    double per = Math.pow(2 * radiusM / spacingM + 3, 2) / cosRef;
    if (per * uncovered.length > MAX_CELL_CHECKS) {
      throw tooMany(
          "a spacing of "
              + (int) spacingM
              + " m over "
              + uncovered.length
              + " uncovered points is too fine to search; choose a wider spacing");
    }
    int chunks = (uncovered.length + CHUNK - 1) / CHUNK;
    long[][] parts = new long[chunks][];
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              int from = c * CHUNK;
              int to = Math.min(uncovered.length, from + CHUNK);
              parts[c] = cellsNear(lat, lon, uncovered, from, to, radiusM, latStep, lonStep, max);
            });
    long[] keys = unique(concat(parts));
    if (keys.length > max) {
      throw tooMany(
          "the grid would have "
              + keys.length
              + " candidates, more than "
              + max
              + "; choose a wider spacing");
    }
    double[] cLat = new double[keys.length];
    double[] cLon = new double[keys.length];
    for (int k = 0; k < keys.length; k++) {
      cLat[k] = ((keys[k] >> 32) + 0.5) * latStep;
      cLon[k] = ((int) keys[k] + 0.5) * lonStep;
    }
    String[] kind = new String[keys.length];
    Arrays.fill(kind, "grid");
    double[] w = new double[keys.length];
    Arrays.fill(w, 1.0);
    return new PlanPoints(cLat, cLon, w, new String[keys.length], kind);
  }

  /** Cell keys (row in the high half, column in the low) for points {@code from..to-1}. */
  private static long[] cellsNear(
      double[] lat,
      double[] lon,
      int[] pts,
      int from,
      int to,
      double radiusM,
      double latStep,
      double lonStep,
      int max) {
    long[] out = new long[64];
    int size = 0;
    double delta = radiusM / GreatCircle.EARTH_RADIUS_M;
    for (int k = from; k < to; k++) {
      int i = pts[k];
      double la = lat[i];
      double lo = lon[i];
      double latSpan = Math.toDegrees(delta) * (1 + 1e-9) + 1e-9;
      double cosMax = Math.cos(Math.toRadians(Math.min(89.0, Math.abs(la) + latSpan)));
      double lonSpan = Math.toDegrees(Math.asin(Math.min(1.0, Math.sin(delta) / cosMax))) * 1.01;
      int r0 = (int) Math.floor((la - latSpan) / latStep);
      int r1 = (int) Math.floor((la + latSpan) / latStep);
      int c0 = (int) Math.floor((lo - lonSpan) / lonStep);
      int c1 = (int) Math.floor((lo + lonSpan) / lonStep);
      int ownRow = (int) Math.floor(la / latStep);
      int ownCol = (int) Math.floor(lo / lonStep);
      for (int r = r0; r <= r1; r++) {
        double cLat = (r + 0.5) * latStep;
        for (int c = c0; c <= c1; c++) {
          double cLon = (c + 0.5) * lonStep;
          boolean own = r == ownRow && c == ownCol;
          if (own || GreatCircle.distanceMeters(cLat, cLon, la, lo) <= radiusM) {
            if (size == out.length) {
              out = unique(Arrays.copyOf(out, size));
              size = out.length;
              if (size > max) {
                throw tooMany(
                    "the grid would have more than " + max + " candidates; choose a wider spacing");
              }
              out = Arrays.copyOf(out, Math.max(64, size * 2));
            }
            out[size++] = ((long) r << 32) | (c & 0xffffffffL);
          }
        }
      }
    }
    return Arrays.copyOf(out, size);
  }

  private static long[] concat(long[][] parts) {
    int n = 0;
    for (long[] p : parts) {
      n += p.length;
    }
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** Sorted, without repeats (a new array). */
  private static long[] unique(long[] keys) {
    long[] k = keys.clone();
    Arrays.parallelSort(k);
    int n = 0;
    for (int i = 0; i < k.length; i++) {
      if (i == 0 || k[i] != k[i - 1]) {
        k[n++] = k[i];
      }
    }
    return Arrays.copyOf(k, n);
  }

  private static DomainException tooMany(String reason) {
    return DomainException.InvalidInput.of("spacing_m", reason);
  }

  /** The demand points themselves as candidates (weight 1, the demand's labels, kind "demand"). */
  public static PlanPoints demandPoints(PlanPoints demand) {
    int n = demand.size();
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    String[] kind = new String[n];
    Arrays.fill(kind, "demand");
    return new PlanPoints(
        demand.lat().clone(), demand.lon().clone(), w, demand.label().clone(), kind);
  }
}
