package org.yizhan.geo;

/**
 * Great-circle geometry on a sphere of the mean Earth radius. Every distance the API reports comes
 * from {@link #distanceMeters}; the index calls the same arithmetic with precomputed terms, so an
 * index answer and a brute-force scan agree to the last bit.
 */
public final class GreatCircle {

  /** IUGG mean Earth radius, metres. */
  public static final double EARTH_RADIUS_M = 6_371_008.8;

  private GreatCircle() {}

  /** Haversine distance in metres between two WGS-84 positions given in degrees. */
  public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    return distanceMeters(phi1, Math.cos(phi1), lon1, phi2, Math.cos(phi2), lon2);
  }

  /**
   * Haversine distance from latitudes already in radians with their cosines, longitudes in degrees.
   * Exists so hot loops can precompute per-point terms without changing the result.
   */
  static double distanceMeters(
      double phi1, double cosPhi1, double lon1, double phi2, double cosPhi2, double lon2) {
    return metersFromH(haversineH(phi1, cosPhi1, lon1, phi2, cosPhi2, lon2));
  }

  /** The haversine term {@code h = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)}, in [0, 1]. */
  static double haversineH(
      double phi1, double cosPhi1, double lon1, double phi2, double cosPhi2, double lon2) {
    double s1 = Math.sin((phi2 - phi1) * 0.5);
    double s2 = Math.sin(Math.toRadians(lon2 - lon1) * 0.5);
    return s1 * s1 + cosPhi1 * cosPhi2 * s2 * s2;
  }

  /** Metres for a haversine term; monotonic, so ranking by h ranks by distance. */
  static double metersFromH(double h) {
    return 2.0 * EARTH_RADIUS_M * Math.asin(Math.min(1.0, Math.sqrt(h)));
  }

  /** The haversine term of a distance in metres (inverse of {@link #metersFromH}). */
  static double hFromMeters(double meters) {
    double s = Math.sin(Math.min(Math.PI, meters / EARTH_RADIUS_M) * 0.5);
    return s * s;
  }

  /**
   * A lower bound of the great-circle distance from a point to any point of a lon/lat box (the box
   * must not cross the antimeridian). Used to prune index nodes, so it must never exceed the true
   * distance; a small slack absorbs rounding.
   */
  public static double lowerBoundToBox(
      double lat, double lon, double minLat, double maxLat, double minLon, double maxLon) {
    double d;
    if (lon >= minLon && lon <= maxLon) {
      if (lat > maxLat) {
        d = Math.toRadians(lat - maxLat) * EARTH_RADIUS_M;
      } else if (lat < minLat) {
        d = Math.toRadians(minLat - lat) * EARTH_RADIUS_M;
      } else {
        return 0.0;
      }
    } else {
      d =
          Math.min(
              toMeridianSegment(lat, lon, minLon, minLat, maxLat),
              toMeridianSegment(lat, lon, maxLon, minLat, maxLat));
    }
    return Math.max(0.0, d * (1.0 - 1e-9) - 1e-6);
  }

  /**
   * Shortest distance from a point to the meridian segment at {@code lon0} between two latitudes.
   * Along a meridian less than 90 degrees of longitude away, the distance has a single minimum at
   * {@code atan(tan(lat) / cos(dLon))}; further away it only grows towards the far pole, so the
   * minimum sits at an end of the segment.
   */
  private static double toMeridianSegment(
      double lat, double lon, double lon0, double lat1, double lat2) {
    double dLon = Math.abs(lon - lon0) % 360.0;
    if (dLon > 180.0) {
      dLon = 360.0 - dLon;
    }
    if (dLon < 90.0) {
      double latC =
          Math.toDegrees(Math.atan(Math.tan(Math.toRadians(lat)) / Math.cos(Math.toRadians(dLon))));
      double clamped = Math.max(lat1, Math.min(lat2, latC));
      return distanceMeters(lat, lon, clamped, lon0);
    }
    return Math.min(distanceMeters(lat, lon, lat1, lon0), distanceMeters(lat, lon, lat2, lon0));
  }
}
