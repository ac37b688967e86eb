package org.yizhan.demo;

import org.yizhan.geo.GreatCircle;

/**
 * Small spherical helpers for placing demo points. Offsets use a local flat approximation, which is
 * well within a metre over the tens of kilometres involved; roads follow true great circles so that
 * long links do not bow away from the route they stand for.
 */
final class GeoMath {

  /** Metres per degree of latitude on the mean-radius sphere. */
  static final double METRES_PER_DEGREE = Math.toRadians(1.0) * GreatCircle.EARTH_RADIUS_M;

  private GeoMath() {}

  /** Moves a point by the given metres north and east; returns {lat, lon}. */
  static double[] offset(double lat, double lon, double northM, double eastM) {
    double dLat = northM / METRES_PER_DEGREE;
    double dLon = eastM / (METRES_PER_DEGREE * Math.cos(Math.toRadians(lat)));
    return new double[] {lat + dLat, lon + dLon};
  }

  /**
   * The point at {@code fraction} (0 = start, 1 = end) along the great circle between two points;
   * returns {lat, lon}.
   */
  static double[] along(double lat1, double lon1, double lat2, double lon2, double fraction) {
    double phi1 = Math.toRadians(lat1);
    double lam1 = Math.toRadians(lon1);
    double phi2 = Math.toRadians(lat2);
    double lam2 = Math.toRadians(lon2);
    double x1 = Math.cos(phi1) * Math.cos(lam1);
    double y1 = Math.cos(phi1) * Math.sin(lam1);
    double z1 = Math.sin(phi1);
    double x2 = Math.cos(phi2) * Math.cos(lam2);
    double y2 = Math.cos(phi2) * Math.sin(lam2);
    double z2 = Math.sin(phi2);
    double angle = GreatCircle.distanceMeters(lat1, lon1, lat2, lon2) / GreatCircle.EARTH_RADIUS_M;
    if (angle < 1e-12) {
      return new double[] {lat1, lon1};
    }
    double sin = Math.sin(angle);
    double a = Math.sin((1.0 - fraction) * angle) / sin;
    double b = Math.sin(fraction * angle) / sin;
    double x = a * x1 + b * x2;
    double y = a * y1 + b * y2;
    double z = a * z1 + b * z2;
    return new double[] {
      Math.toDegrees(Math.atan2(z, Math.sqrt(x * x + y * y))), Math.toDegrees(Math.atan2(y, x))
    };
  }

  /**
   * Unit vector {north, east} perpendicular to the direction from the first point to the second,
   * measured in the local plane at their mid-latitude.
   */
  static double[] perpendicular(double lat1, double lon1, double lat2, double lon2) {
    double north = lat2 - lat1;
    double east = (lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) * 0.5));
    double length = Math.hypot(north, east);
    if (length == 0.0) {
      return new double[] {1.0, 0.0};
    }
    return new double[] {east / length, -north / length};
  }

  /**
   * Approximate distance in metres from a point to the great-circle segment between two others, by
   * sampling the segment every few hundred metres. Used to check placements, not on the hot path.
   */
  static double distanceToSegmentMeters(
      double lat, double lon, double lat1, double lon1, double lat2, double lon2) {
    double length = GreatCircle.distanceMeters(lat1, lon1, lat2, lon2);
    int steps = Math.max(1, (int) Math.ceil(length / 200.0));
    double best = Double.MAX_VALUE;
    for (int i = 0; i <= steps; i++) {
      double[] p = along(lat1, lon1, lat2, lon2, (double) i / steps);
      best = Math.min(best, GreatCircle.distanceMeters(lat, lon, p[0], p[1]));
    }
    return best;
  }

  /** Rounds to six decimals (about 0.1 m), the precision worth storing for a station. */
  static double round6(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
