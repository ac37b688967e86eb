package org.yizhan.arrival;

import java.time.Instant;
import java.util.Map;

/**
 * Every station's typical week as read at one time; immutable, swapped whole when rebuilt.
 *
 * @param builtAt when the rollup was read
 * @param profiles by station id; a station without any hour of history has none
 */
public record ArrivalModel(Instant builtAt, Map<String, WeekProfile> profiles) {

  public ArrivalModel {
    profiles = Map.copyOf(profiles);
  }

  /** The station's typical week, or {@code null} when it has no history at all. */
  public WeekProfile find(String stationId) {
    return profiles.get(stationId);
  }
}
