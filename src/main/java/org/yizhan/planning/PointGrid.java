package org.yizhan.planning;

import java.util.Arrays;
import org.yizhan.geo.GreatCircle;

/**
 * A bucket grid over a fixed set of points for "every point within r of here" queries: points are
 * sorted by their latitude/longitude cell, so a query scans a few rows, each a contiguous run of
 * the sorted keys found by binary search. The box scanned is a true bound on the sphere, and every
 * point in it is measured with {@link GreatCircle#distanceMeters} (query first), so answers equal a
 * scan of every point. Cheaper to build than a tree when the points outnumber the queries.
 */
final class PointGrid {

  /** The coarsest grid is useless and the finest overflows the packed keys. */
  private static final double MIN_CELL_DEG = 0.0005;

  private static final int INDEX_BITS = 22;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  /** The most points a grid holds (packed into the low bits of each key). */
  static final int MAX_POINTS = 1 << INDEX_BITS;

  /** Receives a point's index and its distance in metres. */
  @FunctionalInterface
  interface Sink {
    void accept(int index, double distanceM);
  }

  private final double[] lat;
  private final double[] lon;
  private final double cellDeg;
  private final long cols;
  private final long[] packed;

  /**
   * Indexes the points {@code subset} (all points when {@code null}) in cells of about {@code
   * cellM} metres of latitude.
   */
  PointGrid(double[] lat, double[] lon, int[] subset, double cellM) {
    if (lat.length > MAX_POINTS) {
      throw new IllegalArgumentException("at most " + MAX_POINTS + " points, got " + lat.length);
    }
    this.lat = lat;
    this.lon = lon;
    this.cellDeg = Math.max(MIN_CELL_DEG, Math.toDegrees(cellM / GreatCircle.EARTH_RADIUS_M));
    this.cols = (long) Math.ceil(360.0 / cellDeg) + 1;
    int n = subset == null ? lat.length : subset.length;
    packed = new long[n];
    for (int k = 0; k < n; k++) {
      int i = subset == null ? k : subset[k];
      packed[k] = (key(row(lat[i]), col(lon[i])) << INDEX_BITS) | i;
    }
    Arrays.parallelSort(packed);
  }

  private long row(double la) {
    return (long) Math.floor((la + 90.0) / cellDeg);
  }

  private long col(double lo) {
    return (long) Math.floor((lo + 180.0) / cellDeg);
  }

  private long key(long row, long col) {
    return row * cols + col;
  }

  /** Whether any point lies within {@code radiusM} (inclusive) of the position. */
  boolean anyWithin(double qLat, double qLon, double radiusM) {
    try {
      forEachWithin(
          qLat,
          qLon,
          radiusM,
          (i, d) -> {
            throw Found.INSTANCE;
          });
      return false;
    } catch (Found f) {
      return true; // the first hit ends the scan: dense cells hold thousands of points
    }
  }

  /** Ends a scan early; no stack trace, one shared instance. */
  private static final class Found extends RuntimeException {
    static final Found INSTANCE = new Found();

    private Found() {
      super(null, null, false, false);
    }
  }

  /** Calls {@code sink} for every point within {@code radiusM} (inclusive), in no set order. */
  void forEachWithin(double qLat, double qLon, double radiusM, Sink sink) {
    double delta = Math.min(Math.PI / 2, radiusM / GreatCircle.EARTH_RADIUS_M);
    double latSpan = Math.toDegrees(delta) * (1 + 1e-9) + 1e-9;
    double maxAbsLat = Math.min(90.0, Math.abs(qLat) + latSpan);
    double lonSpan;
    double cosMax = Math.cos(Math.toRadians(maxAbsLat));
    if (maxAbsLat >= 89.9 || Math.sin(delta) >= cosMax) {
      lonSpan = 180.0;
    } else {
      lonSpan = Math.toDegrees(Math.asin(Math.sin(delta) / cosMax)) * 1.01 + 1e-9;
    }
    double minLat = Math.max(-90.0, qLat - latSpan);
    double maxLat = Math.min(90.0, qLat + latSpan);
    if (lonSpan >= 180.0) {
      scan(qLat, qLon, radiusM, minLat, maxLat, -180.0, 180.0, sink);
      return;
    }
    double lo = qLon - lonSpan;
    double hi = qLon + lonSpan;
    scan(qLat, qLon, radiusM, minLat, maxLat, Math.max(-180.0, lo), Math.min(180.0, hi), sink);
    if (lo < -180.0) {
      scan(qLat, qLon, radiusM, minLat, maxLat, lo + 360.0, 180.0, sink);
    }
    if (hi > 180.0) {
      scan(qLat, qLon, radiusM, minLat, maxLat, -180.0, hi - 360.0, sink);
    }
  }

  private void scan(
      double qLat,
      double qLon,
      double radiusM,
      double minLat,
      double maxLat,
      double minLon,
      double maxLon,
      Sink sink) {
    long c0 = col(minLon);
    long c1 = col(maxLon);
    for (long r = row(minLat), r1 = row(maxLat); r <= r1; r++) {
      long first = key(r, c0);
      long last = key(r, c1);
      int at = lowerBound(first << INDEX_BITS);
      for (; at < packed.length && (packed[at] >>> INDEX_BITS) <= last; at++) {
        int i = (int) (packed[at] & INDEX_MASK);
        double d = GreatCircle.distanceMeters(qLat, qLon, lat[i], lon[i]);
        if (d <= radiusM) {
          sink.accept(i, d);
        }
      }
    }
  }

  private int lowerBound(long value) {
    int lo = 0;
    int hi = packed.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (packed[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
