package org.yizhan.station;

import java.util.EnumSet;
import java.util.Set;
import org.yizhan.geo.WgsCoordinate;

/**
 * A validated nearest-stations question.
 *
 * @param radiusM only stations at most this far (great-circle metres, inclusive)
 * @param amenities a station must have all of these
 * @param openNow only stations open at the time of the query by their hours and status
 * @param allDay only stations whose hours are 24/7
 * @param kinds a station must be one of these kinds; empty means any kind
 */
public record NearbyQuery(
    WgsCoordinate at,
    int limit,
    double radiusM,
    Set<Amenity> amenities,
    boolean openNow,
    boolean allDay,
    Set<StationKind> kinds) {

  public static final int MAX_LIMIT = 100;
  public static final double MAX_RADIUS_M = 20_037_509; // half the Earth's circumference

  public NearbyQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit out of range: " + limit);
    }
    if (!(radiusM > 0 && radiusM <= MAX_RADIUS_M)) {
      throw new IllegalArgumentException("radius out of range: " + radiusM);
    }
    amenities = amenities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(amenities));
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
  }

  /** The query's filter part. */
  public StationFilter filter() {
    return new StationFilter(amenities, openNow, allDay, kinds);
  }

  /** Any kind, any hours. */
  public NearbyQuery(
      WgsCoordinate at, int limit, double radiusM, Set<Amenity> amenities, boolean openNow) {
    this(at, limit, radiusM, amenities, openNow, false, Set.of());
  }
}
