package org.yizhan.geo;

import org.locationtech.jts.geom.Coordinate;

/**
 * A WGS-84 position. The one place where latitude and longitude are range-checked and where the
 * axis order for JTS (x = longitude, y = latitude) is decided.
 */
public record WgsCoordinate(double lat, double lon) {

  public WgsCoordinate {
    if (!(lat >= -90.0 && lat <= 90.0)) {
      throw new IllegalArgumentException("latitude must be within [-90, 90], got " + lat);
    }
    if (!(lon >= -180.0 && lon <= 180.0)) {
      throw new IllegalArgumentException("longitude must be within [-180, 180], got " + lon);
    }
  }

  /** Converts to a JTS coordinate: x is longitude, y is latitude. */
  public Coordinate toJts() {
    return new Coordinate(lon, lat);
  }

  /** Reads a JTS coordinate with x as longitude and y as latitude. */
  public static WgsCoordinate fromJts(Coordinate c) {
    return new WgsCoordinate(c.y, c.x);
  }

  /** Great-circle distance in metres to another position. */
  public double distanceMetersTo(WgsCoordinate other) {
    return GreatCircle.distanceMeters(lat, lon, other.lat, other.lon);
  }
}
