package org.yizhan.live;

import java.time.Instant;
import org.yizhan.telemetry.Reading;

/** Readings for live-state tests, with only the fields a test cares about. */
final class LiveReadings {

  static final Instant T0 = Instant.parse("2026-07-01T04:00:00Z");

  private LiveReadings() {}

  static Reading reading(
      String station, String device, long ageS, Integer occupancy, Double temp, Double hum) {
    Instant t = T0.minusSeconds(ageS);
    return new Reading(
        station, device, 1, t, occupancy, null, null, temp, hum, 80, -70, null, t.plusSeconds(1));
  }

  static Reading flagged(Reading r, int mask) {
    return r.withFlags(mask);
  }
}
