package org.yizhan.warning;

import java.util.OptionalDouble;
import org.yizhan.station.Amenity;
import org.yizhan.station.Station;

/**
 * Which stations suit a worker during a warning: open now, with the equipment against it (air
 * conditioning in heat, heating in cold) and a current indoor temperature within 16–28 °C. The band
 * is the one the condition thresholds are argued from ({@code condition.Thresholds}): a conditioned
 * room is held at 24–28 °C, a heated one at 16–22 °C. A station whose temperature is unknown or
 * stale does not count: the promise is "it is cool in there now".
 */
public final class ComfortBand {

  public static final double MIN_C = 16.0;
  public static final double MAX_C = 28.0;

  private ComfortBand() {}

  /** The amenity that counters a warning of this kind. */
  public static Amenity counter(WarningKind kind) {
    return kind == WarningKind.HEAT ? Amenity.AIR_CONDITIONING : Amenity.HEATING;
  }

  public static boolean suits(
      WarningKind kind, Station s, boolean openNow, OptionalDouble indoorC) {
    return openNow
        && s.amenities().contains(counter(kind))
        && indoorC.isPresent()
        && indoorC.getAsDouble() >= MIN_C
        && indoorC.getAsDouble() <= MAX_C;
  }
}
