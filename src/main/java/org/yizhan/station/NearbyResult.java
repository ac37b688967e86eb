package org.yizhan.station;

import java.time.Instant;
import org.yizhan.station.hours.OpenState;

/**
 * One answer to a {@link NearbyQuery}.
 *
 * @param feature the station's pre-rendered GeoJSON, see {@link StationGeoJson#openFeature}
 * @param nextChange when the open state next changes, or {@code null} if never or unknown
 */
public record NearbyResult(
    Station station, byte[] feature, double distanceM, OpenState openState, Instant nextChange) {

  /** Walking speed of 4.5 km/h. */
  public static final double WALK_M_PER_MIN = 75.0;

  /** Streets are longer than the great circle; 1.3 is a typical urban detour factor. */
  public static final double DETOUR_FACTOR = 1.3;

  /** Estimated walking minutes along streets, rounded up. */
  public int walkingMinutes() {
    return (int) Math.ceil(distanceM * DETOUR_FACTOR / WALK_M_PER_MIN);
  }
}
