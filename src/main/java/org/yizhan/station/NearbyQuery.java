package org.yizhan.station;

import java.util.Set;
import org.yizhan.geo.WgsCoordinate;

/**
 * A validated nearest-stations question.
 *
 * @param radiusM only stations at most this far (great-circle metres, inclusive)
 * @param filter amenities, hours and kinds a station must match
 */
public record NearbyQuery(WgsCoordinate at, int limit, double radiusM, StationFilter filter) {

  public static final int MAX_LIMIT = 100;
  public static final double MAX_RADIUS_M = 20_037_509; // half the Earth's circumference

  public NearbyQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit out of range: " + limit);
    }
    if (!(radiusM > 0 && radiusM <= MAX_RADIUS_M)) {
      throw new IllegalArgumentException("radius out of range: " + radiusM);
    }
  }

  /** Any kind, any hours. */
  public NearbyQuery(
      WgsCoordinate at, int limit, double radiusM, Set<Amenity> amenities, boolean openNow) {
    this(at, limit, radiusM, new StationFilter(amenities, openNow, false, Set.of()));
  }
}
