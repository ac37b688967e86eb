package org.yizhan.tools.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the simulator needs to know about a station, as the public API shows it.
 *
 * @param id station id
 * @param capacity seats
 * @param openingHours OpenStreetMap opening_hours spec, or {@code null} when unknown
 * @param city city name, used to give stations of one city the same weather
 * @param kind station kind code, e.g. {@code drivers_home}
 * @param lat latitude, WGS84
 * @param lon longitude, WGS84
 */
record StationInfo(
    String id,
    int capacity,
    String openingHours,
    String city,
    String kind,
    double lat,
    double lon) {

  /** The Shanxi demo's centre, used when a station has no usable position. */
  static final double DEFAULT_LAT = 37.87;

  StationInfo {
    capacity = Math.max(1, capacity);
    city = city == null ? "" : city;
    kind = kind == null ? "" : kind;
  }

  /** Drivers' homes fill up at night, when truck drivers sleep. */
  boolean busyAtNight() {
    return kind.equals("drivers_home") || kind.equals("service_area_station");
  }

  /**
   * Picks {@code n} stations deterministically: sorted by id, then evenly spaced, so the choice
   * covers every city rather than the first few ids, and doubling {@code n} keeps the earlier
   * choice.
   */
  static List<StationInfo> pick(List<StationInfo> all, int n) {
    List<StationInfo> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(StationInfo::id));
    if (n >= sorted.size()) {
      return sorted;
    }
    List<StationInfo> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sorted.get((int) ((long) i * sorted.size() / n)));
    }
    return out;
  }
}
