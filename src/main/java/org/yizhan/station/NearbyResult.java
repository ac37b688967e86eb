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
 * @param walk the walk along the street network, or {@code null} when only the straight-line
 *     estimate is known (no walking network, or the station is not reached on it)
 */
public record NearbyResult(
    Station station,
    byte[] feature,
    int summaryLength,
    double distanceM,
    OpeningHours.Window hours,
    NetworkWalk walk) {

  /** A result with the straight-line estimate only. */
  public NearbyResult(
      Station station,
      byte[] feature,
      int summaryLength,
      double distanceM,
      OpeningHours.Window hours) {
    this(station, feature, summaryLength, distanceM, hours, null);
  }

  /** This result with its walk along the street network. */
  public NearbyResult withWalk(NetworkWalk w) {
    return new NearbyResult(station, feature, summaryLength, distanceM, hours, w);
  }

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

  /**
   * Walking minutes, rounded up: along the street network when known, otherwise estimated from the
   * straight line ({@link #DETOUR_FACTOR}, {@link #WALK_M_PER_MIN}).
   */
  public int walkingMinutes() {
    if (walk != null) {
      return (int) Math.ceil(walk.minutes());
    }
    return (int) Math.ceil(estimatedWalkingMinutes());
  }

  /** Straight-line walking minutes, not rounded. */
  public double estimatedWalkingMinutes() {
    return distanceM * DETOUR_FACTOR / WALK_M_PER_MIN;
  }

  /** Walking metres: along the street network when known, otherwise the estimate. */
  public double walkingDistanceM() {
    return walk != null ? walk.distanceM() : distanceM * DETOUR_FACTOR;
  }

  /** Where the walking figures come from: {@code network} or {@code estimate}. */
  public String walkingSource() {
    return walk != null ? "network" : "estimate";
  }
}
