package org.yizhan.station;

import java.util.EnumSet;
import java.util.Set;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.hours.InvalidOpeningHoursException;
import org.yizhan.station.hours.OpeningHours;

/** Builds stations for tests with only the fields a test cares about. */
public final class TestStations {

  private TestStations() {}

  public static Station station(String id, double lat, double lon) {
    return station(id, lat, lon, EnumSet.noneOf(Amenity.class), "24/7", StationStatus.ACTIVE);
  }

  public static Station station(
      String id,
      double lat,
      double lon,
      Set<Amenity> amenities,
      String hours,
      StationStatus status) {
    return station(id, lat, lon, amenities, hours, status, StationKind.URBAN_REST_STATION);
  }

  public static Station station(
      String id,
      double lat,
      double lon,
      Set<Amenity> amenities,
      String hours,
      StationStatus status,
      StationKind kind) {
    return new Station(
        id,
        "测试驿站 " + id,
        null,
        kind,
        new WgsCoordinate(lat, lon),
        null,
        "太原",
        null,
        10,
        amenities,
        hours(hours),
        null,
        null,
        null,
        status,
        null,
        1,
        null,
        null);
  }

  public static OpeningHours hours(String spec) {
    try {
      return OpeningHours.parse(spec);
    } catch (InvalidOpeningHoursException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
