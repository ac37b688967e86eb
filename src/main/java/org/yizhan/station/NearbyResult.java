package org.yizhan.station;

import java.time.Instant;
import org.yizhan.station.hours.OpenState;
import org.yizhan.station.hours.OpeningHours;

/**
 * One answer to a {@link NearbyQuery}.
 *
 * @param feature the station's pre-rendered GeoJSON, see {@link StationGeoJson#openFeature}
 * @param summaryLength how many bytes of it a nearby answer carries ({@link StationGeoJson#render})
 * @param hours the open state at the query's instant and when it next changes
 */
public record NearbyResult(
    Station station,
    byte[] feature,
    int summaryLength,
    double distanceM,
    OpeningHours.Window hours) {

  public OpenState openState() {
    return hours.state();
  }

  /** When the open state next changes, or {@code null} if never, not soon or unknown. */
  public Instant nextChange() {
    return hours.nextChange();
  }

  /** Walking speed of 4.5 km/h. */
  public static final double WALK_M_PER_MIN = 75.0;

  /** Streets are longer than the great circle; 1.3 is a typical urban detour factor. */
  public static final double DETOUR_FACTOR = 1.3;

  /** Estimated walking minutes along streets, rounded up. */
  public int walkingMinutes() {
    return (int) Math.ceil(distanceM * DETOUR_FACTOR / WALK_M_PER_MIN);
  }
}
